import type { ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import { renderRestJsonError } from "../core/rest-json";

export const ramService: ServiceModule = {
  signingName: "ram",
  route: () => {
    throw new ApiError(400, "UnknownOperationException", "Not implemented");
  },
  renderError: renderRestJsonError,
  faults: {
    throttling: () => new ApiError(429, "ThrottlingException", "Rate exceeded"),
    serverError: () => new ApiError(500, "ServerInternalException", "An internal error occurred"),
    accessDenied: (operation, caller) =>
      new ApiError(403, "AccessDeniedException", `User: ${caller.arn} is not authorized to perform: ram:${operation}`),
  },
};
