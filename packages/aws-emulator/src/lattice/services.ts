import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict } from "../core/errors";
import type { Service } from "../core/model";
import { createRandom, seedFromString } from "../core/random";
import { actionTargetGroupIds, refreshTargetStatuses } from "./actions";
import { clientTokenSchema, nameSchema, tagsSchema } from "./common";
import {
  byCreatedAt,
  defineKind,
  findRecord,
  forgetResourceArn,
  requireQuota,
  requireUniqueName,
} from "./kinds";
import { authTypeSchema } from "./service-networks";

const RESOURCE_TYPE = "SERVICE";
const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

const CERTIFICATE_ARN =
  /^(arn(:[a-z0-9]+([.-][a-z0-9]+)*){2}(:([a-z0-9]+([.-][a-z0-9]+)*)?){2}:certificate\/[0-9a-z-]+)?$/;
const DOMAIN_NAME =
  /^(\*\.)?[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$/;

const certificateArnSchema = z
  .string()
  .max(2048, "must be at most 2048 characters")
  .regex(CERTIFICATE_ARN, "must be an ACM certificate ARN");
const idleTimeoutSchema = z
  .number()
  .int("must be an integer")
  .min(60, "must be between 60 and 600")
  .max(600, "must be between 60 and 600");

const createSchema = z.object({
  name: nameSchema(3, 40, "svc-"),
  customDomainName: z
    .string()
    .min(3, "must be between 3 and 255 characters")
    .max(255, "must be between 3 and 255 characters")
    .regex(DOMAIN_NAME, "must be a domain name")
    .optional(),
  certificateArn: certificateArnSchema.optional(),
  authType: authTypeSchema.optional(),
  idleTimeoutSeconds: idleTimeoutSchema.optional(),
  tags: tagsSchema.optional(),
  clientToken: clientTokenSchema.optional(),
});

const updateSchema = z.object({
  certificateArn: certificateArnSchema.optional(),
  authType: authTypeSchema.optional(),
  idleTimeoutSeconds: idleTimeoutSchema.optional(),
});

function hex(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** One Route 53 hosted zone serves every service DNS name of a Region, so its id derives from the Region. */
export function latticeHostedZoneId(region: string): string {
  const random = createRandom(seedFromString(`vpc-lattice-svcs.${region}`));
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let out = "Z";
  for (let i = 0; i < 20; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export const services = defineKind({
  noun: "Service",
  path: "/services",
  label: "serviceIdentifier",
  resourceType: RESOURCE_TYPE,
  records: (region) => region.services,
  create: {
    schema: createSchema,
    status: 201,
    idempotent: true,
    idPrefix: "svc-",
    arnType: "service",
    prepare(ctx, region, input) {
      requireUniqueName(ctx, region.services, input.name, RESOURCE_TYPE, "service");
      requireQuota(ctx, region.services, {
        limit: 2000,
        code: "L-620C821E",
        label: "services",
        resourceType: RESOURCE_TYPE,
      });
    },
    build: ({ ctx, input, id, arn, now }): Service => ({
      id,
      name: input.name,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      authType: input.authType ?? "NONE",
      status: "ACTIVE",
      dnsEntry: {
        domainName: `${input.name}-${hex(ctx.world.random, 8)}.${hex(ctx.world.random, 7)}.vpc-lattice-svcs.${ctx.region}.on.aws`,
        hostedZoneId: latticeHostedZoneId(ctx.region),
      },
      ...(input.customDomainName !== undefined ? { customDomainName: input.customDomainName } : {}),
      ...(input.certificateArn !== undefined ? { certificateArn: input.certificateArn } : {}),
      idleTimeoutSeconds: input.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS,
      createdAt: now,
      lastUpdatedAt: now,
    }),
    body: (service) => ({
      id: service.id,
      arn: service.arn,
      name: service.name,
      customDomainName: service.customDomainName,
      certificateArn: service.certificateArn,
      status: service.status,
      authType: service.authType,
      idleTimeoutSeconds: service.idleTimeoutSeconds,
      dnsEntry: service.dnsEntry,
    }),
  },
  get: (_ctx, _region, s) => ({
    id: s.id,
    name: s.name,
    arn: s.arn,
    createdAt: s.createdAt,
    lastUpdatedAt: s.lastUpdatedAt,
    dnsEntry: s.dnsEntry,
    customDomainName: s.customDomainName,
    certificateArn: s.certificateArn,
    status: s.status,
    authType: s.authType,
    idleTimeoutSeconds: s.idleTimeoutSeconds,
  }),
  list: {
    order: byCreatedAt,
    item: () => (s) => ({
      id: s.id,
      name: s.name,
      arn: s.arn,
      createdAt: s.createdAt,
      lastUpdatedAt: s.lastUpdatedAt,
      dnsEntry: s.dnsEntry,
      customDomainName: s.customDomainName,
      status: s.status,
    }),
  },
  update: {
    schema: updateSchema,
    apply(ctx, _region, s, input) {
      if (input.authType !== undefined) s.authType = input.authType;
      if (input.certificateArn !== undefined) s.certificateArn = input.certificateArn;
      if (input.idleTimeoutSeconds !== undefined) s.idleTimeoutSeconds = input.idleTimeoutSeconds;
      s.lastUpdatedAt = ctx.world.now();
      return {
        id: s.id,
        arn: s.arn,
        name: s.name,
        customDomainName: s.customDomainName,
        certificateArn: s.certificateArn,
        authType: s.authType,
        idleTimeoutSeconds: s.idleTimeoutSeconds,
      };
    },
  },
  delete: {
    check(_ctx, region, s) {
      const associations = [...region.serviceNetworkServiceAssociations.values()].filter(
        (a) => a.serviceId === s.id,
      );
      if (associations.length > 0) {
        throw conflict(
          RESOURCE_TYPE,
          s.id,
          `Service ${s.id} cannot be deleted while it is associated with ${associations.length} service network(s)`,
        );
      }
    },
    cascade(_ctx, region, s) {
      const touchedTargetGroups: string[] = [];
      for (const [ruleId, rule] of region.rules) {
        if (rule.serviceId !== s.id) continue;
        touchedTargetGroups.push(...actionTargetGroupIds(rule.action));
        region.rules.delete(ruleId);
        forgetResourceArn(region, rule.arn);
      }
      for (const [listenerId, listener] of region.listeners) {
        if (listener.serviceId !== s.id) continue;
        touchedTargetGroups.push(...actionTargetGroupIds(listener.defaultAction));
        region.listeners.delete(listenerId);
        forgetResourceArn(region, listener.arn);
      }
      refreshTargetStatuses(region, touchedTargetGroups);
    },
    body: (s) => ({ id: s.id, arn: s.arn, name: s.name, status: "DELETE_IN_PROGRESS" }),
  },
});

/** Looks a service up by id or ARN: reads accept shared services, writes only the owner's. */
export function findService(ctx: RequestContext, identifier: string | undefined, write: boolean): Service {
  return findRecord(ctx, services, identifier ?? "", write ? "write" : "read");
}
