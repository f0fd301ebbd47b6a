import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, notFound, quotaExceeded, validation } from "../core/errors";
import type { HealthCheck, Target, TargetGroup } from "../core/model";
import { jsonBody, type RestRoute } from "../core/rest-json";
import {
  forgetResourceArn,
  inCreationOrder,
  initialTargetStatus,
  serviceArnsOfTargetGroup,
  targetGroupUsage,
  withClientToken,
} from "./actions";
import {
  clientTokenSchema,
  findOwned,
  findVisible,
  latticeArn,
  listPage,
  nameSchema,
  parseInput,
  queryParam,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";

const RESOURCE_TYPE = "TARGET_GROUP";
const TARGET_GROUPS_PER_REGION = 500;
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

const updateSchema = z.object({ healthCheck: healthCheckSchema });

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

function findTargetGroup(ctx: RequestContext, identifier: string | undefined, write: boolean): TargetGroup {
  const region = regionOf(ctx);
  return write
    ? findOwned(ctx, region.targetGroups, identifier ?? "", RESOURCE_TYPE)
    : findVisible(ctx, region.targetGroups, identifier ?? "", RESOURCE_TYPE);
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

export const targetGroupRoutes: RestRoute[] = [
  {
    operation: "CreateTargetGroup",
    method: "POST",
    path: "/targetgroups",
    handler: (ctx) => {
      const input = parseInput(createSchema, jsonBody(ctx));
      const { clientToken, ...params } = input;
      return withClientToken(
        ctx,
        { operation: "CreateTargetGroup", resourceType: RESOURCE_TYPE, clientToken, params },
        () => {
          const region = regionOf(ctx);
          const account = ctx.caller.accountId;
          const owned = [...region.targetGroups.values()].filter((tg) => tg.ownerAccountId === account);
          const clash = owned.find((tg) => tg.name === input.name);
          if (clash)
            throw conflict(RESOURCE_TYPE, clash.id, `A target group named ${input.name} already exists`);
          if (owned.length >= TARGET_GROUPS_PER_REGION) {
            throw quotaExceeded(
              RESOURCE_TYPE,
              "L-BB11C6B9",
              `You have reached the quota of ${TARGET_GROUPS_PER_REGION} target groups per Region`,
            );
          }
          const given = input.config ?? {};
          let config: TargetGroup["config"];
          if (input.type === "LAMBDA") {
            config = { lambdaEventStructureVersion: given.lambdaEventStructureVersion ?? "V1" };
          } else {
            const vpcId = given.vpcIdentifier ?? "";
            const vpc = region.vpcs.get(vpcId);
            if (!vpc || vpc.ownerId !== account) throw notFound("VPC", vpcId, `VPC ${vpcId} not found`);
            config = {
              port: given.port,
              protocol: given.protocol,
              protocolVersion:
                given.protocol === "TCP" ? given.protocolVersion : (given.protocolVersion ?? "HTTP1"),
              ...(input.type === "IP" ? { ipAddressType: given.ipAddressType ?? "IPV4" } : {}),
              vpcIdentifier: vpcId,
              ...(input.type !== "ALB"
                ? { healthCheck: defaultHealthCheck(given.protocol, given.healthCheck) }
                : {}),
            };
          }
          const id = ctx.world.newId("tg-");
          const now = ctx.world.now();
          const tg: TargetGroup = {
            id,
            name: input.name,
            arn: latticeArn(ctx.region, account, `targetgroup/${id}`),
            ownerAccountId: account,
            region: ctx.region,
            type: input.type,
            status: "ACTIVE",
            config,
            targets: [],
            createdAt: now,
            lastUpdatedAt: now,
          };
          region.targetGroups.set(id, tg);
          setTags(region, tg.arn, input.tags);
          return { status: 201, body: detailBody(tg) };
        },
      );
    },
  },
  {
    operation: "GetTargetGroup",
    method: "GET",
    path: "/targetgroups/{targetGroupIdentifier}",
    handler: (ctx, params) => {
      const tg = findTargetGroup(ctx, params.targetGroupIdentifier, false);
      return {
        status: 200,
        body: {
          ...detailBody(tg),
          createdAt: tg.createdAt,
          lastUpdatedAt: tg.lastUpdatedAt,
          serviceArns: serviceArnsOfTargetGroup(regionOf(ctx), tg.id, ctx.world),
        },
      };
    },
  },
  {
    operation: "ListTargetGroups",
    method: "GET",
    path: "/targetgroups",
    handler: (ctx) => {
      const region = regionOf(ctx);
      const filters = parseInput(
        z.object({ vpcIdentifier: z.string().min(1).optional(), targetGroupType: typeSchema.optional() }),
        {
          vpcIdentifier: queryParam(ctx, "vpcIdentifier"),
          targetGroupType: queryParam(ctx, "targetGroupType"),
        },
      );
      const matching = inCreationOrder(region.targetGroups.values()).filter(
        (tg) =>
          tg.ownerAccountId === ctx.caller.accountId &&
          (filters.vpcIdentifier === undefined || tg.config?.vpcIdentifier === filters.vpcIdentifier) &&
          (filters.targetGroupType === undefined || tg.type === filters.targetGroupType),
      );
      const page = listPage(ctx, matching);
      const usage = targetGroupUsage(region, ctx.world);
      return {
        status: 200,
        body: {
          ...page,
          items: page.items.map((tg) => ({
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
          })),
        },
      };
    },
  },
  {
    operation: "UpdateTargetGroup",
    method: "PATCH",
    path: "/targetgroups/{targetGroupIdentifier}",
    handler: (ctx, params) => {
      const input = parseInput(updateSchema, jsonBody(ctx));
      const tg = findTargetGroup(ctx, params.targetGroupIdentifier, true);
      if (tg.type === "LAMBDA" || tg.type === "ALB") {
        const message = `Health checks are not supported for target groups of type ${tg.type}`;
        throw validation(message, [{ name: "healthCheck", message }]);
      }
      tg.config = { ...tg.config, healthCheck: { ...tg.config?.healthCheck, ...input.healthCheck } };
      tg.lastUpdatedAt = ctx.world.now();
      return { status: 200, body: detailBody(tg) };
    },
  },
  {
    operation: "DeleteTargetGroup",
    method: "DELETE",
    path: "/targetgroups/{targetGroupIdentifier}",
    handler: (ctx, params) => {
      const region = regionOf(ctx);
      const tg = findTargetGroup(ctx, params.targetGroupIdentifier, true);
      const services = serviceArnsOfTargetGroup(region, tg.id);
      if (services.length > 0) {
        throw conflict(
          RESOURCE_TYPE,
          tg.id,
          `Target group ${tg.id} is still used by listeners or rules of ${services.join(", ")}`,
        );
      }
      region.targetGroups.delete(tg.id);
      forgetResourceArn(region, tg.arn);
      return { status: 200, body: { id: tg.id, arn: tg.arn, status: "DELETE_IN_PROGRESS" } };
    },
  },
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
