import { z } from "zod";
import type { RequestContext } from "../core/context";
import { accessDenied, notFound, validation } from "../core/errors";
import { jsonBody, type RestRoute } from "../core/rest-json";
import { isVisibleTo } from "../core/sharing";
import type { RegionState } from "../core/model";
import { parseInput, regionOf } from "./common";

const MAX_TAGS = 200;

interface Owned {
  arn: string;
  ownerAccountId: string;
}

/** The region map holding each Lattice ARN resource type (`arn:…:{type}/{id}`). */
function mapFor(region: RegionState, type: string): Map<string, Owned> | undefined {
  switch (type) {
    case "servicenetwork":
      return region.serviceNetworks;
    case "targetgroup":
      return region.targetGroups;
    case "servicenetworkvpcassociation":
      return region.serviceNetworkVpcAssociations;
    case "servicenetworkserviceassociation":
      return region.serviceNetworkServiceAssociations;
    case "servicenetworkresourceassociation":
      return region.serviceNetworkResourceAssociations;
    case "resourcegateway":
      return region.resourceGateways;
    case "resourceconfiguration":
      return region.resourceConfigurations;
    case "resourceendpointassociation":
      return region.resourceEndpointAssociations;
    case "accesslogsubscription":
      return region.accessLogSubscriptions;
    default:
      return undefined;
  }
}

/** Services, listeners and rules share the `service/` ARN prefix; the default rule lives on its listener. */
function findUnderService(region: RegionState, path: string[]): Owned | undefined {
  const id = path[path.length - 1] ?? "";
  if (path.length === 2) return region.services.get(id);
  if (path.length === 4 && path[2] === "listener") return region.listeners.get(id);
  if (path.length === 6 && path[2] === "listener" && path[4] === "rule") {
    const rule = region.rules.get(id);
    if (rule) return rule;
    const listener = region.listeners.get(path[3] ?? "");
    if (listener && listener.defaultRuleId === id) {
      return { arn: `${listener.arn}/rule/${id}`, ownerAccountId: listener.ownerAccountId };
    }
  }
  return undefined;
}

function findTaggable(ctx: RequestContext, arn: string): Owned {
  if (!/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/.test(arn)) {
    const message = "must be an ARN";
    throw validation(`resourceArn ${message}`, [{ name: "resourceArn", message }], "fieldValidationFailed");
  }
  const region = regionOf(ctx);
  const parts = arn.split(":");
  const path = parts.slice(5).join(":").split("/");
  const type = path[0] ?? "";
  let found: Owned | undefined;
  if (parts[2] === "vpc-lattice" && parts[3] === ctx.region) {
    found =
      type === "service"
        ? findUnderService(region, path)
        : mapFor(region, type)?.get(path[path.length - 1] ?? "");
  }
  if (!found || found.arn !== arn || !isVisibleTo(ctx.world, ctx.region, found, ctx.caller.accountId)) {
    throw notFound("RESOURCE", arn, `Resource ${arn} not found`);
  }
  return found;
}

function findTaggableOwned(ctx: RequestContext, arn: string): Owned {
  const found = findTaggable(ctx, arn);
  if (found.ownerAccountId !== ctx.caller.accountId) {
    throw accessDenied(
      `User: ${ctx.caller.arn} is not authorized to modify ${arn}: the resource is owned by account ${found.ownerAccountId}`,
    );
  }
  return found;
}

const tagResourceSchema = z.object({
  tags: z
    .record(
      z
        .string()
        .min(1, "tag keys must be between 1 and 128 characters")
        .max(128, "tag keys must be between 1 and 128 characters")
        .refine((k) => !k.toLowerCase().startsWith("aws:"), "tag keys must not start with aws:"),
      z.string().max(256, "tag values must be at most 256 characters"),
      { error: "tags is required" },
    )
    .refine((t) => Object.keys(t).length >= 1, "at least one tag is required"),
});

function listTags(ctx: RequestContext, params: Record<string, string>) {
  const resource = findTaggable(ctx, params.resourceArn!);
  return { status: 200, body: { tags: regionOf(ctx).tags.get(resource.arn) ?? {} } };
}

function tagResource(ctx: RequestContext, params: Record<string, string>) {
  const input = parseInput(tagResourceSchema, jsonBody(ctx));
  const resource = findTaggableOwned(ctx, params.resourceArn!);
  const region = regionOf(ctx);
  const merged = { ...(region.tags.get(resource.arn) ?? {}), ...input.tags };
  if (Object.keys(merged).length > MAX_TAGS) {
    const message = `A resource can have at most ${MAX_TAGS} tags`;
    throw validation(message, [{ name: "tags", message }], "fieldValidationFailed");
  }
  region.tags.set(resource.arn, merged);
  return { status: 200, body: {} };
}

function untagResource(ctx: RequestContext, params: Record<string, string>) {
  const tagKeys = ctx.query.getAll("tagKeys");
  if (tagKeys.length === 0) {
    const message = "tagKeys is required";
    throw validation(message, [{ name: "tagKeys", message }], "fieldValidationFailed");
  }
  const resource = findTaggableOwned(ctx, params.resourceArn!);
  const region = regionOf(ctx);
  const remaining = { ...(region.tags.get(resource.arn) ?? {}) };
  for (const key of tagKeys) delete remaining[key];
  if (Object.keys(remaining).length === 0) region.tags.delete(resource.arn);
  else region.tags.set(resource.arn, remaining);
  return { status: 200, body: {} };
}

export const tagRoutes: RestRoute[] = [
  { operation: "ListTagsForResource", method: "GET", path: "/tags/{resourceArn}", handler: listTags },
  { operation: "TagResource", method: "POST", path: "/tags/{resourceArn}", handler: tagResource },
  { operation: "UntagResource", method: "DELETE", path: "/tags/{resourceArn}", handler: untagResource },
];
