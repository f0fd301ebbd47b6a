import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, notFound, validation } from "../core/errors";
import type { HealthCheck, Target, TargetGroup } from "../core/model";
import { jsonBody, type RestRoute } from "../core/rest-json";
import { initialTargetStatus, serviceArnsOfTargetGroup, targetGroupUsage } from "./actions";
import {
  clientTokenSchema,
  listPage,
  nameSchema,
  parseInput,
  queryParam,
  regionOf,
  tagsSchema,
} from "./common";
import { byCreatedAt, defineKind, findRecord, requireQuota, requireUniqueName } from "./kinds";

const RESOURCE_TYPE = "TARGET_GROUP";
const TARGETS_PER_TARGET_GROUP = 1000;

const typeSchema = z.enum(["IP", "LAMBDA", "INSTANCE", "ALB"]);
const protocolSchema = z.enum(["HTTP", "HTTPS", "TCP"]);

const int = (min: number, max: number) =>
  z
    .number()
    .int("must be an integer")
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

const healthCheckSchema = z
  .object({
    enabled: z.boolean().optional(),
    protocol: protocolSchema.optional(),
    protocolVersion: z.enum(["HTTP1", "HTTP2"]).optional(),
    port: int(0, 65535).optional(),
    path: z
      .string()
      .max(2048, "must be at most 2048 characters")
      .regex(/^(\/[a-zA-Z0-9@:%_+.~#?&/=-]*)?$/, "must be a URI path starting with /")
      .optional(),
    healthCheckIntervalSeconds: int(5, 300).optional(),
    healthCheckTimeoutSeconds: int(1, 120).optional(),
    healthyThresholdCount: int(2, 10).optional(),
    unhealthyThresholdCount: int(2, 10).optional(),
    matcher: z
      .object({
        httpCode: z
          .string()
          .min(3, "must be between 3 and 2000 characters")
          .max(2000, "must be between 3 and 2000 characters")
          .regex(/^[0-9-,]+$/, "must be HTTP codes such as 200, 200,202 or 200-299"),
      })
      .strict()
      .optional(),
  })
  .strict();

const configSchema = z.object({
  port: int(1, 65535).optional(),
  protocol: protocolSchema.optional(),
  protocolVersion: z.enum(["HTTP1", "HTTP2", "GRPC"]).optional(),
  ipAddressType: z.enum(["IPV4", "IPV6"]).optional(),
  vpcIdentifier: z
    .string()
    .min(5, "must be between 5 and 2048 characters")
    .max(2048, "must be between 5 and 2048 characters")
    .regex(/^vpc-(([0-9a-z]{8})|([0-9a-z]{17}))$/, "must be a VPC ID")
    .optional(),
  healthCheck: healthCheckSchema.optional(),
  lambdaEventStructureVersion: z.enum(["V1", "V2"]).optional(),
});

const createSchema = z
  .object({
    name: nameSchema(3, 128),
    type: typeSchema,
    config: configSchema.optional(),
    tags: tagsSchema.optional(),
    clientToken: clientTokenSchema.optional(),
  })
  .superRefine((input, ctx) => {
    const config = input.config ?? {};
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: "custom", path: field ? ["config", field] : ["config"], message });
    if (input.type === "LAMBDA") {
      for (const field of [
        "port",
        "protocol",
        "protocolVersion",
        "ipAddressType",
        "vpcIdentifier",
        "healthCheck",
      ] as const) {
        if (config[field] !== undefined) issue(field, "is not supported for target groups of type LAMBDA");
      }
      return;
    }
    if (!input.config) {
      issue("", `is required for target groups of type ${input.type}`);
      return;
    }
    for (const field of ["port", "protocol", "vpcIdentifier"] as const) {
      if (config[field] === undefined) issue(field, `is required for target groups of type ${input.type}`);
    }
    if (config.lambdaEventStructureVersion !== undefined) {
      issue("lambdaEventStructureVersion", "is supported only for target groups of type LAMBDA");
    }
    if (config.ipAddressType !== undefined && input.type !== "IP") {
      issue("ipAddressType", "is supported only for target groups of type IP");
    }
    if (input.type === "ALB") {
      if (config.healthCheck !== undefined)
        issue("healthCheck", "is not supported for target groups of type ALB");
      if (config.protocol === "TCP") issue("protocol", "must be HTTP or HTTPS for target groups of type ALB");
    }
  });

const targetSchema = z
  .object({
    id: z
      .string()
      .min(1, "must be between 1 and 200 characters")
      .max(200, "must be between 1 and 200 characters"),
    port: int(1, 65535).optional(),
  })
  .strict();

const targetsBodySchema = z.object({
  targets: z
    .array(targetSchema)
    .min(1, "must contain between 1 and 100 targets")
    .max(100, "must contain between 1 and 100 targets"),
});

const listTargetsBodySchema = z.object({
  targets: z.array(targetSchema).max(20, "must contain at most 20 targets").optional(),
});

function defaultHealthCheck(
  protocol: "HTTP" | "HTTPS" | "TCP" | undefined,
  given: HealthCheck | undefined,
): HealthCheck {
  const base: HealthCheck =
    protocol === "TCP"
      ? { enabled: true, protocol: "TCP" }
      : { enabled: true, protocol: protocol ?? "HTTP", path: "/", matcher: { httpCode: "200" } };
  return {
    ...base,
    healthCheckIntervalSeconds: 30,
    healthCheckTimeoutSeconds: 5,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: 2,
    ...given,
  };
}

function detailBody(tg: TargetGroup) {
  return { id: tg.id, arn: tg.arn, name: tg.name, type: tg.type, config: tg.config, status: tg.status };
}

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const ALB_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[A-Za-z0-9-]+\/[0-9a-f]+$/;

/** Why a target id can't belong to this target group, if it can't. */
function targetIdProblem(tg: TargetGroup, id: string): string | undefined {
  switch (tg.type) {
    case "IP":
      if (tg.config?.ipAddressType === "IPV6") return isIPv6(id) ? undefined : `${id} is not an IPv6 address`;
      return isIPv4(id) ? undefined : `${id} is not an IPv4 address`;
    case "INSTANCE":
      return INSTANCE_ID.test(id) ? undefined : `${id} is not an EC2 instance ID`;
    case "LAMBDA":
      return LAMBDA_ARN.test(id) ? undefined : `${id} is not a Lambda function ARN`;
    case "ALB":
      return ALB_ARN.test(id) ? undefined : `${id} is not an Application Load Balancer ARN`;
  }
}

interface TargetFailure {
  id: string;
  port?: number;
  failureCode: string;
  failureMessage: string;
}

function withPort(id: string, port: number | undefined) {
  return port === undefined ? { id } : { id, port };
}

/** The target group's config as stored: defaults filled in, and the VPC checked to be the caller's. */
function storedConfig(ctx: RequestContext, input: z.infer<typeof createSchema>): TargetGroup["config"] {
  const given = input.config ?? {};
  if (input.type === "LAMBDA")
    return { lambdaEventStructureVersion: given.lambdaEventStructureVersion ?? "V1" };
  const vpcId = given.vpcIdentifier ?? "";
  const vpc = regionOf(ctx).vpcs.get(vpcId);
  if (!vpc || vpc.ownerId !== ctx.caller.accountId) throw notFound("VPC", vpcId, `VPC ${vpcId} not found`);
  return {
    port: given.port,
    protocol: given.protocol,
    protocolVersion: given.protocol === "TCP" ? given.protocolVersion : (given.protocolVersion ?? "HTTP1"),
    ...(input.type === "IP" ? { ipAddressType: given.ipAddressType ?? "IPV4" } : {}),
    vpcIdentifier: vpcId,
    ...(input.type !== "ALB" ? { healthCheck: defaultHealthCheck(given.protocol, given.healthCheck) } : {}),
  };
}

const listFiltersSchema = z.object({
  vpcIdentifier: z.string().min(1).optional(),
  targetGroupType: typeSchema.optional(),
});

export const targetGroups = defineKind({
  noun: "TargetGroup",
  path: "/targetgroups",
  label: "targetGroupIdentifier",
  resourceType: RESOURCE_TYPE,
  records: (region) => region.targetGroups,
  create: {
    schema: createSchema,
    status: 201,
    idempotent: true,
    idPrefix: "tg-",
    arnType: "targetgroup",
    prepare(ctx, region, input) {
      requireUniqueName(ctx, region.targetGroups, input.name, RESOURCE_TYPE, "target group");
      requireQuota(ctx, region.targetGroups, {
        limit: 500,
        code: "L-BB11C6B9",
        label: "target groups",
        resourceType: RESOURCE_TYPE,
      });
      return storedConfig(ctx, input);
    },
    build: ({ ctx, input, prepared: config, id, arn, now }): TargetGroup => ({
      id,
      name: input.name,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      type: input.type,
      status: "ACTIVE",
      config,
      targets: [],
      createdAt: now,
      lastUpdatedAt: now,
    }),
    body: detailBody,
  },
  get: (ctx, region, tg) => ({
    ...detailBody(tg),
    createdAt: tg.createdAt,
    lastUpdatedAt: tg.lastUpdatedAt,
    serviceArns: serviceArnsOfTargetGroup(region, tg.id, ctx.world),
  }),
  list: {
    order: byCreatedAt,
    filter(ctx) {
      const filters = parseInput(listFiltersSchema, {
        vpcIdentifier: queryParam(ctx, "vpcIdentifier"),
        targetGroupType: queryParam(ctx, "targetGroupType"),
      });
      return (tg) =>
        tg.ownerAccountId === ctx.caller.accountId &&
        (filters.vpcIdentifier === undefined || tg.config?.vpcIdentifier === filters.vpcIdentifier) &&
        (filters.targetGroupType === undefined || tg.type === filters.targetGroupType);
    },
    item(ctx, region) {
      const usage = targetGroupUsage(region, ctx.world);
      return (tg) => ({
        id: tg.id,
        arn: tg.arn,
        name: tg.name,
        type: tg.type,
        createdAt: tg.createdAt,
        lastUpdatedAt: tg.lastUpdatedAt,
        port: tg.config?.port,
        protocol: tg.config?.protocol,
        ipAddressType: tg.config?.ipAddressType,
        vpcIdentifier: tg.config?.vpcIdentifier,
        status: tg.status,
        serviceArns: usage.get(tg.id) ?? [],
        lambdaEventStructureVersion: tg.config?.lambdaEventStructureVersion,
      });
    },
  },
  update: {
    schema: z.object({ healthCheck: healthCheckSchema }),
    apply(ctx, _region, tg, input) {
      if (tg.type === "LAMBDA" || tg.type === "ALB") {
        const message = `Health checks are not supported for target groups of type ${tg.type}`;
        throw validation(message, [{ name: "healthCheck", message }]);
      }
      tg.config = { ...tg.config, healthCheck: { ...tg.config?.healthCheck, ...input.healthCheck } };
      tg.lastUpdatedAt = ctx.world.now();
      return detailBody(tg);
    },
  },
  delete: {
    check(_ctx, region, tg) {
      const services = serviceArnsOfTargetGroup(region, tg.id);
      if (services.length > 0) {
        throw conflict(
          RESOURCE_TYPE,
          tg.id,
          `Target group ${tg.id} is still used by listeners or rules of ${services.join(", ")}`,
        );
      }
    },
    body: (tg) => ({ id: tg.id, arn: tg.arn, status: "DELETE_IN_PROGRESS" }),
  },
});

function findTargetGroup(ctx: RequestContext, identifier: string | undefined, write: boolean): TargetGroup {
  return findRecord(ctx, targetGroups, identifier ?? "", write ? "write" : "read");
}

export const targetRoutes: RestRoute[] = [
  {
    operation: "RegisterTargets",
    method: "POST",
    path: "/targetgroups/{targetGroupIdentifier}/registertargets",
    handler: (ctx, params) => {
      const input = parseInput(targetsBodySchema, jsonBody(ctx));
      const region = regionOf(ctx);
      const tg = findTargetGroup(ctx, params.targetGroupIdentifier, true);
      const inUse = serviceArnsOfTargetGroup(region, tg.id).length > 0;
      const successful: { id: string; port?: number }[] = [];
      const unsuccessful: TargetFailure[] = [];
      for (const requested of input.targets) {
        const port = tg.type === "LAMBDA" ? undefined : (requested.port ?? tg.config?.port);
        const failure = (failureCode: string, failureMessage: string) =>
          unsuccessful.push({ ...withPort(requested.id, requested.port), failureCode, failureMessage });
        const problem = targetIdProblem(tg, requested.id);
        if (problem) {
          failure("ValidationException", problem);
          continue;
        }
        if (tg.type === "LAMBDA" && requested.port !== undefined) {
          failure("ValidationException", "A port can't be specified for a Lambda target");
          continue;
        }
        const existing = tg.targets.findIndex((t) => t.id === requested.id && t.port === port);
        const target: Target = { ...withPort(requested.id, port), status: initialTargetStatus(tg, inUse) };
        if (existing >= 0) {
          tg.targets[existing] = target;
        } else if (tg.type === "LAMBDA" && tg.targets.length >= 1) {
          failure("ServiceQuotaExceededException", "A target group of type LAMBDA can have only one target");
          continue;
        } else if (tg.targets.length >= TARGETS_PER_TARGET_GROUP) {
          failure(
            "ServiceQuotaExceededException",
            `Target group ${tg.id} already has the maximum of ${TARGETS_PER_TARGET_GROUP} targets`,
          );
          continue;
        } else {
          tg.targets.push(target);
        }
        successful.push(withPort(requested.id, port));
      }
      return { status: 200, body: { successful, unsuccessful } };
    },
  },
  {
    operation: "DeregisterTargets",
    method: "POST",
    path: "/targetgroups/{targetGroupIdentifier}/deregistertargets",
    handler: (ctx, params) => {
      const input = parseInput(targetsBodySchema, jsonBody(ctx));
      const tg = findTargetGroup(ctx, params.targetGroupIdentifier, true);
      const successful: { id: string; port?: number }[] = [];
      const unsuccessful: TargetFailure[] = [];
      for (const requested of input.targets) {
        const port = tg.type === "LAMBDA" ? undefined : (requested.port ?? tg.config?.port);
        const index = tg.targets.findIndex((t) => t.id === requested.id && t.port === port);
        if (index < 0) {
          unsuccessful.push({
            ...withPort(requested.id, requested.port),
            failureCode: "ResourceNotFoundException",
            failureMessage: `Target ${requested.id}${port === undefined ? "" : `:${port}`} is not registered with ${tg.id}`,
          });
          continue;
        }
        tg.targets.splice(index, 1);
        successful.push(withPort(requested.id, port));
      }
      return { status: 200, body: { successful, unsuccessful } };
    },
  },
  {
    operation: "ListTargets",
    method: "POST",
    path: "/targetgroups/{targetGroupIdentifier}/listtargets",
    handler: (ctx, params) => {
      const input = parseInput(listTargetsBodySchema, jsonBody(ctx));
      const tg = findTargetGroup(ctx, params.targetGroupIdentifier, false);
      const filter = input.targets;
      const targets =
        filter && filter.length > 0
          ? tg.targets.filter((t) =>
              filter.some((f) => f.id === t.id && (f.port === undefined || f.port === t.port)),
            )
          : tg.targets;
      const page = listPage(ctx, targets);
      return {
        status: 200,
        body: {
          ...page,
          items: page.items.map((t) => ({
            id: t.id,
            port: t.port,
            status: t.status,
            reasonCode: t.reasonCode,
          })),
        },
      };
    },
  },
];
