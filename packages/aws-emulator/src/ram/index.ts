import type { ApiResponse, RequestContext, ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import { createRestRouter, renderRestJsonError, type RestRoute } from "../core/rest-json";
import {
  acceptResourceShareInvitation,
  getResourceShareInvitations,
  listPendingInvitationResources,
  rejectResourceShareInvitation,
} from "./invitations";
import {
  getResourceShareAssociations,
  getResourceShares,
  listPrincipals,
  listResources,
  listResourceTypes,
} from "./queries";
import { refreshSharing } from "./resources";
import {
  associateResourceShare,
  createResourceShare,
  deleteResourceShare,
  disassociateResourceShare,
} from "./shares";

type Handler = (ctx: RequestContext) => ApiResponse;

/** Every RAM operation is `POST /<lowercased name>` except DeleteResourceShare (`DELETE` with query members). */
function ramRoute(operation: string, handler: Handler, method: RestRoute["method"] = "POST"): RestRoute {
  return {
    operation,
    method,
    path: `/${operation.toLowerCase()}`,
    handler: (ctx) => {
      refreshSharing(ctx.world, ctx.world.region(ctx.region));
      return handler(ctx);
    },
  };
}

const route = createRestRouter(
  [
    ramRoute("GetResourceShares", getResourceShares),
    ramRoute("ListResources", listResources),
    ramRoute("ListPrincipals", listPrincipals),
    ramRoute("GetResourceShareAssociations", getResourceShareAssociations),
    ramRoute("GetResourceShareInvitations", getResourceShareInvitations),
    ramRoute("ListPendingInvitationResources", listPendingInvitationResources),
    ramRoute("ListResourceTypes", listResourceTypes),
    ramRoute("CreateResourceShare", createResourceShare),
    ramRoute("AssociateResourceShare", associateResourceShare),
    ramRoute("DisassociateResourceShare", disassociateResourceShare),
    ramRoute("DeleteResourceShare", deleteResourceShare, "DELETE"),
    ramRoute("AcceptResourceShareInvitation", acceptResourceShareInvitation),
    ramRoute("RejectResourceShareInvitation", rejectResourceShareInvitation),
  ],
  (ctx) =>
    new ApiError(404, "UnknownOperationException", `No RAM operation matches ${ctx.method} ${ctx.rawPath}`),
);

export const ramService: ServiceModule = {
  signingName: "ram",
  route,
  renderError: renderRestJsonError,
  faults: {
    throttling: () => new ApiError(429, "ThrottlingException", "Rate exceeded"),
    serverError: () => new ApiError(500, "ServerInternalException", "An internal error occurred"),
    accessDenied: (operation, caller) =>
      new ApiError(
        403,
        "AccessDeniedException",
        `User: ${caller.arn} is not authorized to perform: ram:${operation} because no identity-based policy allows the ram:${operation} action`,
      ),
  },
};
