import type { ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";

export const stsService: ServiceModule = {
  signingName: "sts",
  route: () => {
    throw new ApiError(400, "InvalidAction", "Not implemented");
  },
  renderError: (error) => ({ status: error.status, body: `<ErrorResponse><Error><Code>${error.code}</Code></Error></ErrorResponse>` }),
  faults: {
    throttling: () => new ApiError(400, "Throttling", "Rate exceeded"),
    serverError: () => new ApiError(500, "InternalFailure", "An internal error occurred"),
    accessDenied: (operation, caller) => new ApiError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:${operation}`),
  },
};
