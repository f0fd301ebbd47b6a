import type { ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import { createRestRouter, renderRestJsonError } from "../core/rest-json";
import { serviceNetworkRoutes } from "./service-networks";
import { serviceRoutes } from "./services";
import { listenerRoutes } from "./listeners";
import { ruleRoutes } from "./rules";
import { targetGroupRoutes } from "./target-groups";
import { associationRoutes } from "./associations";
import { resourceRoutes } from "./resources";
import { policyRoutes } from "./policies";
import { accessLogRoutes } from "./access-logs";
import { tagRoutes } from "./tags";

const route = createRestRouter(
  [
    ...serviceNetworkRoutes,
    ...serviceRoutes,
    ...listenerRoutes,
    ...ruleRoutes,
    ...targetGroupRoutes,
    ...associationRoutes,
    ...resourceRoutes,
    ...policyRoutes,
    ...accessLogRoutes,
    ...tagRoutes,
  ],
  (ctx) =>
    new ApiError(
      400,
      "ValidationException",
      `No VPC Lattice operation matches ${ctx.method} ${ctx.rawPath}`,
      {
        reason: "unknownOperation",
      },
    ),
);

export const latticeService: ServiceModule = {
  signingName: "vpc-lattice",
  route,
  renderError: renderRestJsonError,
  faults: {
    throttling: () =>
      new ApiError(
        429,
        "ThrottlingException",
        "Rate exceeded",
        { serviceCode: "vpc-lattice" },
        { "Retry-After": "1" },
      ),
    serverError: () => new ApiError(500, "InternalServerException", "An internal error occurred"),
    accessDenied: (operation, caller) =>
      new ApiError(
        403,
        "AccessDeniedException",
        `User: ${caller.arn} is not authorized to perform: vpc-lattice:${operation} because no identity-based policy allows the vpc-lattice:${operation} action`,
      ),
  },
};
