import { z } from "zod";
import type { RequestContext } from "../core/context";
import { notFound, validation } from "../core/errors";
import { jsonBody, type RestRoute } from "../core/rest-json";
import type { AuthType, StoredPolicy } from "../core/model";
import { findOwned, findVisible, idFromIdentifier, parseInput, regionOf } from "./common";

export type PolicyTargetKind = "SERVICE_NETWORK" | "SERVICE" | "RESOURCE_CONFIGURATION";

/** A service network, service or resource configuration: what auth policies and access logs attach to. */
export interface PolicyTarget {
  kind: PolicyTargetKind;
  id: string;
  arn: string;
  ownerAccountId: string;
  authType?: AuthType;
}

const MAX_POLICY_LENGTH = 10_000;
const TARGET_ID = /^(sn|svc|rcfg)-[0-9a-z]+$/;
const TARGET_ARN =
  /^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:\d{12}:(servicenetwork\/sn|service\/svc|resourceconfiguration\/rcfg)-[0-9a-z]+$/;

/**
 * Resolves a service network, service or resource configuration by ID or ARN. A malformed identifier is a
 * ValidationException on `field`; one the caller cannot see is a ResourceNotFoundException.
 */
export function findPolicyTarget(
  ctx: RequestContext,
  identifier: string,
  field: string,
  access: "visible" | "owned",
  options: { arnOnly?: boolean } = {},
): PolicyTarget {
  const wellFormed = TARGET_ARN.test(identifier) || (!options.arnOnly && TARGET_ID.test(identifier));
  if (!wellFormed) {
    const message = options.arnOnly
      ? "must be the ARN of a service network, service or resource configuration"
      : "must be the ID or ARN of a service network, service or resource configuration";
    throw validation(`${field} ${message}`, [{ name: field, message }], "fieldValidationFailed");
  }
  const region = regionOf(ctx);
  const find = access === "owned" ? findOwned : findVisible;
  const id = idFromIdentifier(identifier);
  if (id.startsWith("sn-")) {
    const n = find(ctx, region.serviceNetworks, identifier, "SERVICE_NETWORK");
    return {
      kind: "SERVICE_NETWORK",
      id: n.id,
      arn: n.arn,
      ownerAccountId: n.ownerAccountId,
      authType: n.authType,
    };
  }
  if (id.startsWith("svc-")) {
    const s = find(ctx, region.services, identifier, "SERVICE");
    return { kind: "SERVICE", id: s.id, arn: s.arn, ownerAccountId: s.ownerAccountId, authType: s.authType };
  }
  const c = find(ctx, region.resourceConfigurations, identifier, "RESOURCE_CONFIGURATION");
  return { kind: "RESOURCE_CONFIGURATION", id: c.id, arn: c.arn, ownerAccountId: c.ownerAccountId };
}

/** A policy document: a JSON object of 1–10,000 characters, with one problem reported per request. */
const policyBodySchema = z.object({
  policy: z.string({ error: "policy is required" }).superRefine((policy, check) => {
    if (policy.length < 1 || policy.length > MAX_POLICY_LENGTH) {
      check.addIssue({ code: "custom", message: `must be between 1 and ${MAX_POLICY_LENGTH} characters` });
    } else if (!isJsonObject(policy)) {
      check.addIssue({ code: "custom", message: "must be a valid JSON policy document" });
    }
  }),
});

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

function storePolicy(map: Map<string, StoredPolicy>, arn: string, policy: string, now: string) {
  const existing = map.get(arn);
  map.set(arn, { policy, createdAt: existing?.createdAt ?? now, lastUpdatedAt: now });
}

function authPolicyState(target: PolicyTarget): "Active" | "Inactive" {
  return target.authType === "AWS_IAM" ? "Active" : "Inactive";
}

function getAuthPolicy(ctx: RequestContext, params: Record<string, string>) {
  const identifier = params.resourceIdentifier!;
  const target = findPolicyTarget(ctx, identifier, "resourceIdentifier", "visible");
  const stored = regionOf(ctx).authPolicies.get(target.arn);
  if (!stored) throw notFound("AUTH_POLICY", identifier, `No auth policy found for ${identifier}`);
  return {
    status: 200,
    body: {
      policy: stored.policy,
      state: authPolicyState(target),
      createdAt: stored.createdAt,
      lastUpdatedAt: stored.lastUpdatedAt,
    },
  };
}

function putAuthPolicy(ctx: RequestContext, params: Record<string, string>) {
  const { policy } = parseInput(policyBodySchema, jsonBody(ctx));
  const target = findPolicyTarget(ctx, params.resourceIdentifier!, "resourceIdentifier", "owned");
  storePolicy(regionOf(ctx).authPolicies, target.arn, policy, ctx.world.now());
  return { status: 200, body: { policy, state: authPolicyState(target) } };
}

function deleteAuthPolicy(ctx: RequestContext, params: Record<string, string>) {
  const target = findPolicyTarget(ctx, params.resourceIdentifier!, "resourceIdentifier", "owned");
  regionOf(ctx).authPolicies.delete(target.arn);
  return { status: 204 };
}

function getResourcePolicy(ctx: RequestContext, params: Record<string, string>) {
  const arn = params.resourceArn!;
  const target = findPolicyTarget(ctx, arn, "resourceArn", "visible", { arnOnly: true });
  const stored = regionOf(ctx).resourcePolicies.get(target.arn);
  if (!stored) throw notFound("RESOURCE_POLICY", arn, `No resource policy found for ${arn}`);
  return { status: 200, body: { policy: stored.policy } };
}

function putResourcePolicy(ctx: RequestContext, params: Record<string, string>) {
  const { policy } = parseInput(policyBodySchema, jsonBody(ctx));
  const target = findPolicyTarget(ctx, params.resourceArn!, "resourceArn", "owned", { arnOnly: true });
  storePolicy(regionOf(ctx).resourcePolicies, target.arn, policy, ctx.world.now());
  return { status: 200, body: {} };
}

function deleteResourcePolicy(ctx: RequestContext, params: Record<string, string>) {
  const target = findPolicyTarget(ctx, params.resourceArn!, "resourceArn", "owned", { arnOnly: true });
  regionOf(ctx).resourcePolicies.delete(target.arn);
  return { status: 204 };
}

export const policyRoutes: RestRoute[] = [
  {
    operation: "GetAuthPolicy",
    method: "GET",
    path: "/authpolicy/{resourceIdentifier}",
    handler: getAuthPolicy,
  },
  {
    operation: "PutAuthPolicy",
    method: "PUT",
    path: "/authpolicy/{resourceIdentifier}",
    handler: putAuthPolicy,
  },
  {
    operation: "DeleteAuthPolicy",
    method: "DELETE",
    path: "/authpolicy/{resourceIdentifier}",
    handler: deleteAuthPolicy,
  },
  {
    operation: "GetResourcePolicy",
    method: "GET",
    path: "/resourcepolicy/{resourceArn}",
    handler: getResourcePolicy,
  },
  {
    operation: "PutResourcePolicy",
    method: "PUT",
    path: "/resourcepolicy/{resourceArn}",
    handler: putResourcePolicy,
  },
  {
    operation: "DeleteResourcePolicy",
    method: "DELETE",
    path: "/resourcepolicy/{resourceArn}",
    handler: deleteResourcePolicy,
  },
];
