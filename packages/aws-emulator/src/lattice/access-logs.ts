import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, validation } from "../core/errors";
import { jsonBody, type RestRoute } from "../core/rest-json";
import type { AccessLogSubscription } from "../core/model";
import {
  byCreation,
  clientTokenSchema,
  findOwned,
  findVisible,
  latticeArn,
  listPage,
  parseInput,
  queryParam,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";
import { findPolicyTarget } from "./policies";

type DestinationType = "CLOUDWATCH_LOGS" | "S3" | "FIREHOSE";

const DESTINATIONS: { type: DestinationType; pattern: RegExp }[] = [
  {
    type: "CLOUDWATCH_LOGS",
    pattern: /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_\-/.#]{1,512}(:\*)?$/,
  },
  { type: "S3", pattern: /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/ },
  {
    type: "FIREHOSE",
    pattern: /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[A-Za-z0-9_.-]{1,64}$/,
  },
];

function destinationType(arn: string): DestinationType | undefined {
  return DESTINATIONS.find((d) => d.pattern.test(arn))?.type;
}

const destinationArnSchema = z
  .string({ error: "destinationArn is required" })
  .min(20)
  .max(2048)
  .refine(
    (arn) => destinationType(arn) !== undefined,
    "must be the ARN of a CloudWatch Logs log group, an S3 bucket or a Kinesis Data Firehose delivery stream",
  );

const createSchema = z.object({
  resourceIdentifier: z.string({ error: "resourceIdentifier is required" }).min(3).max(2048),
  destinationArn: destinationArnSchema,
  serviceNetworkLogType: z.enum(["SERVICE", "RESOURCE"]).optional(),
  clientToken: clientTokenSchema.optional(),
  tags: tagsSchema.optional(),
});

const updateSchema = z.object({ destinationArn: destinationArnSchema });

function summary(s: AccessLogSubscription) {
  return {
    id: s.id,
    arn: s.arn,
    resourceId: s.resourceId,
    resourceArn: s.resourceArn,
    destinationArn: s.destinationArn,
    serviceNetworkLogType: s.serviceNetworkLogType,
    createdAt: s.createdAt,
    lastUpdatedAt: s.lastUpdatedAt,
  };
}

function create(ctx: RequestContext) {
  const input = parseInput(createSchema, jsonBody(ctx));
  const region = regionOf(ctx);
  const target = findPolicyTarget(ctx, input.resourceIdentifier, "resourceIdentifier", "owned");
  if (input.serviceNetworkLogType && target.kind !== "SERVICE_NETWORK") {
    const message = "serviceNetworkLogType is only supported for service networks";
    throw validation(message, [{ name: "serviceNetworkLogType", message }]);
  }
  const logType = target.kind === "SERVICE_NETWORK" ? (input.serviceNetworkLogType ?? "SERVICE") : undefined;
  const type = destinationType(input.destinationArn);
  for (const existing of region.accessLogSubscriptions.values()) {
    if (
      existing.resourceArn === target.arn &&
      existing.serviceNetworkLogType === logType &&
      destinationType(existing.destinationArn) === type
    ) {
      throw conflict(
        "ACCESS_LOG_SUBSCRIPTION",
        existing.id,
        `Resource ${target.id} already has an access log subscription to a destination of this type`,
      );
    }
  }
  const id = ctx.world.newId("als-");
  const now = ctx.world.now();
  const subscription: AccessLogSubscription = {
    id,
    arn: latticeArn(ctx.region, ctx.caller.accountId, `accesslogsubscription/${id}`),
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    resourceArn: target.arn,
    resourceId: target.id,
    destinationArn: input.destinationArn,
    ...(logType ? { serviceNetworkLogType: logType } : {}),
    createdAt: now,
    lastUpdatedAt: now,
  };
  region.accessLogSubscriptions.set(id, subscription);
  setTags(region, subscription.arn, input.tags);
  return {
    status: 201,
    body: {
      id,
      arn: subscription.arn,
      resourceId: subscription.resourceId,
      resourceArn: subscription.resourceArn,
      serviceNetworkLogType: subscription.serviceNetworkLogType,
      destinationArn: subscription.destinationArn,
    },
  };
}

function get(ctx: RequestContext, params: Record<string, string>) {
  const s = findVisible(
    ctx,
    regionOf(ctx).accessLogSubscriptions,
    params.accessLogSubscriptionIdentifier!,
    "ACCESS_LOG_SUBSCRIPTION",
  );
  return { status: 200, body: summary(s) };
}

function list(ctx: RequestContext) {
  const resourceIdentifier = queryParam(ctx, "resourceIdentifier");
  if (!resourceIdentifier) {
    const message = "resourceIdentifier is required";
    throw validation(message, [{ name: "resourceIdentifier", message }], "fieldValidationFailed");
  }
  const target = findPolicyTarget(ctx, resourceIdentifier, "resourceIdentifier", "visible");
  const items = [...regionOf(ctx).accessLogSubscriptions.values()]
    .filter((s) => s.resourceArn === target.arn && s.ownerAccountId === ctx.caller.accountId)
    .sort(byCreation);
  const page = listPage(ctx, items);
  return { status: 200, body: { ...page, items: page.items.map(summary) } };
}

function update(ctx: RequestContext, params: Record<string, string>) {
  const input = parseInput(updateSchema, jsonBody(ctx));
  const s = findOwned(
    ctx,
    regionOf(ctx).accessLogSubscriptions,
    params.accessLogSubscriptionIdentifier!,
    "ACCESS_LOG_SUBSCRIPTION",
  );
  if (destinationType(input.destinationArn) !== destinationType(s.destinationArn)) {
    const message = "The new destination must be of the same type as the current destination";
    throw validation(message, [{ name: "destinationArn", message }]);
  }
  s.destinationArn = input.destinationArn;
  s.lastUpdatedAt = ctx.world.now();
  return {
    status: 200,
    body: {
      id: s.id,
      arn: s.arn,
      resourceId: s.resourceId,
      resourceArn: s.resourceArn,
      destinationArn: s.destinationArn,
    },
  };
}

function remove(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const s = findOwned(
    ctx,
    region.accessLogSubscriptions,
    params.accessLogSubscriptionIdentifier!,
    "ACCESS_LOG_SUBSCRIPTION",
  );
  region.accessLogSubscriptions.delete(s.id);
  region.tags.delete(s.arn);
  return { status: 204 };
}

export const accessLogRoutes: RestRoute[] = [
  {
    operation: "CreateAccessLogSubscription",
    method: "POST",
    path: "/accesslogsubscriptions",
    handler: create,
  },
  { operation: "ListAccessLogSubscriptions", method: "GET", path: "/accesslogsubscriptions", handler: list },
  {
    operation: "GetAccessLogSubscription",
    method: "GET",
    path: "/accesslogsubscriptions/{accessLogSubscriptionIdentifier}",
    handler: get,
  },
  {
    operation: "UpdateAccessLogSubscription",
    method: "PATCH",
    path: "/accesslogsubscriptions/{accessLogSubscriptionIdentifier}",
    handler: update,
  },
  {
    operation: "DeleteAccessLogSubscription",
    method: "DELETE",
    path: "/accesslogsubscriptions/{accessLogSubscriptionIdentifier}",
    handler: remove,
  },
];
