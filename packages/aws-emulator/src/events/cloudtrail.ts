import { randomUUID } from "node:crypto";
import type { ApiResponse, RequestContext } from "../core/context";
import type { Identity } from "../core/model";
import type { World } from "../core/world";

/** An EventBridge event as a rule's SQS target receives it (the message body is this object as JSON). */
export interface BusEvent {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const EVENT_SOURCES: Record<string, string> = {
  "vpc-lattice": "vpc-lattice.amazonaws.com",
  ram: "ram.amazonaws.com",
};

/** CloudTrail's time format: seconds, no fraction. */
export function trailTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The caller as CloudTrail's `userIdentity` describes it (the same facts STS GetCallerIdentity gives). */
export function userIdentity(world: World, caller: Identity): Record<string, unknown> {
  const assumed = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(caller.arn);
  if (assumed) {
    const [, accountId, roleName] = assumed;
    const role = [...world.roles.values()].find((r) => r.accountId === accountId && r.name === roleName);
    const roleArn = role?.arn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
    return {
      type: "AssumedRole",
      principalId: caller.userId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: role?.roleId ?? caller.userId.split(":")[0],
          arn: roleArn,
          accountId,
          userName: roleName,
        },
        attributes: { creationDate: trailTime(world.loadedAtMs), mfaAuthenticated: "false" },
      },
    };
  }
  if (/:root$/.test(caller.arn)) {
    return {
      type: "Root",
      principalId: caller.accountId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
    };
  }
  return {
    type: "IAMUser",
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
    userName: caller.arn.split("/").at(-1),
  };
}

function requestParameters(
  ctx: RequestContext,
  params: Record<string, unknown> | undefined,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...(params ?? {}) };
  for (const [key, value] of ctx.query) out[key] = value;
  const text = ctx.body.toString("utf8").trim();
  if (text.startsWith("{")) {
    try {
      Object.assign(out, JSON.parse(text) as Record<string, unknown>);
    } catch {
      // Not JSON: the path and query members are all CloudTrail would show.
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** "AWS API Call via CloudTrail" for a successful write of VPC Lattice or RAM. */
export function apiCallEvent(input: {
  world: World;
  ctx: RequestContext;
  service: string;
  operation: string;
  params: Record<string, unknown> | undefined;
  response: ApiResponse;
  atMs: number;
}): BusEvent {
  const { ctx, world } = input;
  const responseElements =
    input.response.body !== undefined && typeof input.response.body === "object" ? input.response.body : null;
  const userAgent = ctx.headers["user-agent"];
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${input.service}`,
    account: ctx.caller.accountId,
    time: trailTime(input.atMs),
    region: ctx.region,
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: userIdentity(world, ctx.caller),
      eventTime: trailTime(input.atMs),
      eventSource: EVENT_SOURCES[input.service] ?? `${input.service}.amazonaws.com`,
      eventName: input.operation,
      awsRegion: ctx.region,
      sourceIPAddress: "127.0.0.1",
      userAgent: typeof userAgent === "string" ? userAgent : "unknown",
      requestParameters: requestParameters(ctx, input.params),
      responseElements,
      requestID: ctx.requestId,
      eventID: randomUUID(),
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: ctx.caller.accountId,
      eventCategory: "Management",
    },
  };
}

const RAM_STATUS: Record<string, string> = {
  CreateResourceShare: "associated",
  AssociateResourceShare: "associated",
  DisassociateResourceShare: "disassociated",
  DeleteResourceShare: "disassociated",
  AcceptResourceShareInvitation: "associated",
  RejectResourceShareInvitation: "rejected",
};

/** RAM's own "Resource Sharing State Change" for a share write, naming the share it changed. */
export function ramStateChangeEvent(apiCall: BusEvent): BusEvent | undefined {
  const detail = apiCall.detail;
  const operation = String(detail.eventName);
  const status = RAM_STATUS[operation];
  if (!status) return undefined;
  const request = (detail.requestParameters ?? {}) as Record<string, unknown>;
  const response = (detail.responseElements ?? {}) as Record<string, unknown>;
  const share = response.resourceShare as { resourceShareArn?: string } | undefined;
  const invitation = response.resourceShareInvitation as { resourceShareArn?: string } | undefined;
  const resourceShareArn =
    share?.resourceShareArn ??
    invitation?.resourceShareArn ??
    (request.resourceShareArn as string | undefined);
  if (!resourceShareArn) return undefined;
  return {
    ...apiCall,
    id: randomUUID(),
    "detail-type": "Resource Sharing State Change",
    source: "aws.ram",
    resources: [resourceShareArn],
    detail: {
      event: operation.includes("Invitation") ? "Resource Share Invitation" : "Resource Share Association",
      status,
      resourceShareArn,
    },
  };
}
