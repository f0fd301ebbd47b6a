import { z } from "zod";
import { conflict, validation } from "../core/errors";
import type { AccessLogSubscription } from "../core/model";
import { clientTokenSchema, queryParam, tagsSchema } from "./common";
import { defineKind } from "./kinds";
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

export const accessLogSubscriptions = defineKind({
  noun: "AccessLogSubscription",
  path: "/accesslogsubscriptions",
  label: "accessLogSubscriptionIdentifier",
  resourceType: "ACCESS_LOG_SUBSCRIPTION",
  records: (region) => region.accessLogSubscriptions,
  create: {
    schema: createSchema,
    status: 201,
    idPrefix: "als-",
    arnType: "accesslogsubscription",
    prepare(ctx, region, input) {
      const target = findPolicyTarget(ctx, input.resourceIdentifier, "resourceIdentifier", "owned");
      if (input.serviceNetworkLogType && target.kind !== "SERVICE_NETWORK") {
        const message = "serviceNetworkLogType is only supported for service networks";
        throw validation(message, [{ name: "serviceNetworkLogType", message }]);
      }
      const logType =
        target.kind === "SERVICE_NETWORK" ? (input.serviceNetworkLogType ?? "SERVICE") : undefined;
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
      return { target, logType };
    },
    build: ({ ctx, input, prepared: { target, logType }, id, arn, now }): AccessLogSubscription => ({
      id,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      resourceArn: target.arn,
      resourceId: target.id,
      destinationArn: input.destinationArn,
      ...(logType ? { serviceNetworkLogType: logType } : {}),
      createdAt: now,
      lastUpdatedAt: now,
    }),
    body: (s) => ({
      id: s.id,
      arn: s.arn,
      resourceId: s.resourceId,
      resourceArn: s.resourceArn,
      serviceNetworkLogType: s.serviceNetworkLogType,
      destinationArn: s.destinationArn,
    }),
  },
  get: (_ctx, _region, s) => summary(s),
  list: {
    filter(ctx) {
      const resourceIdentifier = queryParam(ctx, "resourceIdentifier");
      if (!resourceIdentifier) {
        const message = "resourceIdentifier is required";
        throw validation(message, [{ name: "resourceIdentifier", message }], "fieldValidationFailed");
      }
      const target = findPolicyTarget(ctx, resourceIdentifier, "resourceIdentifier", "visible");
      return (s) => s.resourceArn === target.arn && s.ownerAccountId === ctx.caller.accountId;
    },
    item: () => summary,
  },
  update: {
    schema: z.object({ destinationArn: destinationArnSchema }),
    apply(ctx, _region, s, input) {
      if (destinationType(input.destinationArn) !== destinationType(s.destinationArn)) {
        const message = "The new destination must be of the same type as the current destination";
        throw validation(message, [{ name: "destinationArn", message }]);
      }
      s.destinationArn = input.destinationArn;
      s.lastUpdatedAt = ctx.world.now();
      return {
        id: s.id,
        arn: s.arn,
        resourceId: s.resourceId,
        resourceArn: s.resourceArn,
        destinationArn: s.destinationArn,
      };
    },
  },
  delete: {},
});
