import type { ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";

export const ec2Service: ServiceModule = {
  signingName: "ec2",
  route: () => {
    throw new ApiError(400, "InvalidAction", "Not implemented");
  },
  renderError: (error) => ({ status: error.status, body: `<ErrorResponse><Error><Code>${error.code}</Code></Error></ErrorResponse>` }),
  faults: {
    throttling: () => new ApiError(400, "RequestLimitExceeded", "Rate exceeded"),
    serverError: () => new ApiError(500, "InternalError", "An internal error occurred"),
    accessDenied: (operation, caller) => new ApiError(403, "UnauthorizedOperation", `User: ${caller.arn} is not authorized to perform: ec2:${operation}`),
  },
};
