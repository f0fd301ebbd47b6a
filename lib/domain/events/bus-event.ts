import { z } from "zod";

/** The part of CloudTrail's `userIdentity` Trellis keeps: who made the call. */
export const actorSchema = z.object({
  type: z.string(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  principalId: z.string().optional(),
  /** The role an assumed-role session came from (`sessionContext.sessionIssuer.arn`). */
  roleArn: z.string().optional(),
  /** A service acting for the account (`invokedBy`), e.g. cloudformation.amazonaws.com. */
  invokedBy: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

const record = z.record(z.string(), z.unknown());

const envelopeSchema = z.object({
  id: z.string().min(1),
  "detail-type": z.string(),
  source: z.string(),
  account: z.string().regex(/^\d{12}$/),
  time: z.string(),
  region: z.string().min(1),
  resources: z.array(z.string()).default([]),
  detail: record.default({}),
});

const userIdentitySchema = z
  .object({
    type: z.string().default("Unknown"),
    arn: z.string().optional(),
    accountId: z.string().optional(),
    principalId: z.string().optional(),
    invokedBy: z.string().optional(),
    sessionContext: z
      .object({ sessionIssuer: z.object({ arn: z.string().optional() }).optional() })
      .optional(),
  })
  .loose();

/** One event Trellis reacts to: an API call CloudTrail recorded, or RAM's share state change. */
export interface BusEvent {
  /** EventBridge's id: the same event delivered twice has the same id. */
  id: string;
  source: string;
  detailType: string;
  /** The API name (UpdateListener …) or, for RAM's own events, `Resource Sharing State Change`. */
  eventName: string;
  eventSource: string;
  /** Account and region the event was recorded in. */
  account: string;
  region: string;
  time: string;
  /** The API call's request id: Trellis's own calls are found by it in the audit log. */
  requestId?: string;
  actor?: Actor;
  requestParameters: Record<string, unknown>;
  responseElements: Record<string, unknown>;
  resources: string[];
}

export type ParsedEvent = { ok: true; event: BusEvent } | { ok: false; reason: string };

/** Parses an SQS message body as an EventBridge event (the body of a rule's SQS target is the event's JSON). */
export function parseBusEvent(body: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: "the message body is not JSON" };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return {
      ok: false,
      reason: `not an EventBridge event: ${envelope.error.issues[0]?.message ?? "invalid"}`,
    };
  }
  const e = envelope.data;
  const detail = e.detail;
  const identity = userIdentitySchema.safeParse(detail.userIdentity);
  const objectOr = (value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const isApiCall = e["detail-type"] === "AWS API Call via CloudTrail";
  return {
    ok: true,
    event: {
      id: e.id,
      source: e.source,
      detailType: e["detail-type"],
      eventName: isApiCall && typeof detail.eventName === "string" ? detail.eventName : e["detail-type"],
      eventSource:
        typeof detail.eventSource === "string"
          ? detail.eventSource
          : `${e.source.replace(/^aws\./, "")}.amazonaws.com`,
      account: typeof detail.recipientAccountId === "string" ? detail.recipientAccountId : e.account,
      region: typeof detail.awsRegion === "string" ? detail.awsRegion : e.region,
      time: typeof detail.eventTime === "string" ? detail.eventTime : e.time,
      ...(typeof detail.requestID === "string" ? { requestId: detail.requestID } : {}),
      ...(identity.success && detail.userIdentity
        ? {
            actor: {
              type: identity.data.type,
              ...(identity.data.arn ? { arn: identity.data.arn } : {}),
              ...(identity.data.accountId ? { accountId: identity.data.accountId } : {}),
              ...(identity.data.principalId ? { principalId: identity.data.principalId } : {}),
              ...(identity.data.sessionContext?.sessionIssuer?.arn
                ? { roleArn: identity.data.sessionContext.sessionIssuer.arn }
                : {}),
              ...(identity.data.invokedBy ? { invokedBy: identity.data.invokedBy } : {}),
            },
          }
        : {}),
      requestParameters: objectOr(detail.requestParameters),
      responseElements: objectOr(detail.responseElements),
      resources: isApiCall
        ? e.resources
        : [...e.resources, ...(typeof detail.resourceShareArn === "string" ? [detail.resourceShareArn] : [])],
    },
  };
}

/** Who an actor is, in one line: the ARN, or the service that acted. */
export function actorLabel(actor: Actor | undefined): string {
  if (!actor) return "an unknown identity";
  return actor.arn ?? actor.invokedBy ?? actor.principalId ?? actor.type;
}
