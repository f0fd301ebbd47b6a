import type { ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import { createRestRouter, renderRestJsonError } from "../core/rest-json";
import { accessLogSubscriptions } from "./access-logs";
import { vpcEndpointAssociationRoutes } from "./associations";
import { kindRoutes } from "./kinds";
import { listenerRoutes } from "./listeners";
import { policyRoutes } from "./policies";
import { resourceAssociations } from "./resource-associations";
import { resourceConfigurations, resourceEndpointAssociationRoutes } from "./resource-configurations";
import { resourceGateways } from "./resource-gateways";
import { ruleRoutes } from "./rules";
import { serviceNetworks } from "./service-networks";
import { serviceAssociations } from "./service-associations";
import { services } from "./services";
import { tagRoutes } from "./tags";
import { targetGroups, targetRoutes } from "./target-groups";
import { vpcAssociations } from "./vpc-associations";

const route = createRestRouter(
  [
    // The resource kinds that share one CRUD shape (kinds.ts), each a row of data and hooks.
    ...kindRoutes(serviceNetworks),
    ...kindRoutes(services),
    ...kindRoutes(targetGroups),
    ...kindRoutes(vpcAssociations),
    ...kindRoutes(serviceAssociations),
    ...kindRoutes(resourceAssociations),
    ...kindRoutes(resourceGateways),
    ...kindRoutes(resourceConfigurations),
    ...kindRoutes(accessLogSubscriptions),
    // Operations of their own shape.
    ...listenerRoutes,
    ...ruleRoutes,
    ...targetRoutes,
    ...vpcEndpointAssociationRoutes,
    ...resourceEndpointAssociationRoutes,
    ...policyRoutes,
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
