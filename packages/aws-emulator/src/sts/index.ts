import type { ApiResponse, RequestContext, ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import {
  createQueryRouter,
  escapeXml,
  xmlChildren,
  xmlResponse,
  type XmlObject,
} from "../core/query-protocol";
import { assumeRole } from "./assume-role";

export const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** An awsQuery response: `<{Action}Response><{Action}Result>…` (the SDK returns {} without the Result wrapper). */
export function stsResult(ctx: RequestContext, action: string, result: XmlObject): ApiResponse {
  return xmlResponse(
    200,
    `<${action}Response xmlns="${STS_XMLNS}"><${action}Result>${xmlChildren(result, "member")}</${action}Result>` +
      `<ResponseMetadata><RequestId>${escapeXml(ctx.requestId)}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function rejectExpired(ctx: RequestContext): void {
  const expiration = ctx.caller.expiration;
  if (expiration && Date.parse(expiration) <= Date.now()) {
    throw new ApiError(400, "ExpiredTokenException", "The security token included in the request is expired");
  }
}

const route = createQueryRouter(
  {
    GetCallerIdentity: (ctx) => {
      rejectExpired(ctx);
      return stsResult(ctx, "GetCallerIdentity", {
        UserId: ctx.caller.userId,
        Account: ctx.caller.accountId,
        Arn: ctx.caller.arn,
      });
    },
    AssumeRole: (ctx, params) => {
      rejectExpired(ctx);
      return stsResult(ctx, "AssumeRole", assumeRole(ctx, params));
    },
  },
  (action) => new ApiError(400, "InvalidAction", `Could not find operation ${action} for version 2011-06-15`),
);

export const stsService: ServiceModule = {
  signingName: "sts",
  route,
  renderError: (error, ctx) =>
    xmlResponse(
      error.status,
      `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>${error.status >= 500 ? "Receiver" : "Sender"}</Type>` +
        `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
        `<RequestId>${escapeXml(ctx.requestId)}</RequestId></ErrorResponse>`,
    ),
  faults: {
    throttling: () => new ApiError(400, "Throttling", "Rate exceeded"),
    serverError: () => new ApiError(500, "InternalFailure", "An internal error occurred"),
    accessDenied: (operation, caller) =>
      new ApiError(
        403,
        "AccessDenied",
        `User: ${caller.arn} is not authorized to perform: sts:${operation} because no identity-based policy allows the sts:${operation} action`,
      ),
  },
};
