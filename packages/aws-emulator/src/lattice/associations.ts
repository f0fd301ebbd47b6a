import { z } from "zod";
import type { RequestContext } from "../core/context";
import { validation } from "../core/errors";
import type { RegionState } from "../core/model";
import type { RestRoute } from "../core/rest-json";
import { findVisible, listPage, queryParam, regionOf } from "./common";
import type { KindRecord } from "./kinds";

// A service network's associations (with a VPC, a service, a resource configuration) are one kind of record:
// seen by their creator and the owners of both ends, listed by either end, deleted by any of them.

export const identifierSchema = z.string().min(3, "must be an ID or ARN").max(2048);

export interface Association extends KindRecord {
  serviceNetworkId: string;
}

/** Who besides its creator sees an association: the owners of the service network and of the other end. */
export function associationReaders<T extends Association>(
  otherEndOwner?: (region: RegionState, a: T) => string | undefined,
) {
  return (ctx: RequestContext, region: RegionState, a: T) =>
    a.ownerAccountId === ctx.caller.accountId ||
    region.serviceNetworks.get(a.serviceNetworkId)?.ownerAccountId === ctx.caller.accountId ||
    (otherEndOwner !== undefined && otherEndOwner(region, a) === ctx.caller.accountId);
}

/** A List filter naming one end of the association; `resolve` gives the id to keep, or none to keep all. */
export interface EndFilter<T> {
  param: string;
  resolve(ctx: RequestContext, region: RegionState, value: string | undefined): string | undefined;
  of(a: T): string;
}

/** An end given by id or ARN, which the caller must see; an empty value filters nothing. */
export function endById<T>(
  param: string,
  map: (region: RegionState) => Map<string, { id: string; arn: string; ownerAccountId: string }>,
  resourceType: string,
  of: (a: T) => string,
): EndFilter<T> {
  return {
    param,
    resolve: (ctx, region, value) =>
      value ? findVisible(ctx, map(region), value, resourceType).id : undefined,
    of,
  };
}

export const byServiceNetwork = endById<Association>(
  "serviceNetworkIdentifier",
  (region) => region.serviceNetworks,
  "SERVICE_NETWORK",
  (a) => a.serviceNetworkId,
);

/** Reads the end filters of a List call, in order; with `required`, at least one must be given. */
export function endFilters<T extends Association>(
  ctx: RequestContext,
  region: RegionState,
  filters: EndFilter<T>[],
  required: boolean,
): (a: T) => boolean {
  const given = filters.map((filter) => ({ filter, value: queryParam(ctx, filter.param) }));
  if (required && given.every(({ value }) => !value)) requireFilter(filters.map((f) => f.param));
  const wanted = given.map(({ filter, value }) => ({ filter, id: filter.resolve(ctx, region, value) }));
  return (a) => wanted.every(({ filter, id }) => id === undefined || filter.of(a) === id);
}

function requireFilter(names: string[]): never {
  const message =
    names.length === 1 ? `${names[0]} is required` : `You must provide either ${names.join(" or ")}`;
  throw validation(
    message,
    names.map((name) => ({ name, message })),
    "fieldValidationFailed",
  );
}

export function networkFields(region: RegionState, serviceNetworkId: string) {
  const network = region.serviceNetworks.get(serviceNetworkId);
  return { id: serviceNetworkId, name: network?.name, arn: network?.arn };
}

// ---------------------------------------------------------------- service network ↔ VPC endpoint

function listVpcEndpointAssociations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const networkFilter = queryParam(ctx, "serviceNetworkIdentifier");
  if (!networkFilter) requireFilter(["serviceNetworkIdentifier"]);
  const network = findVisible(ctx, region.serviceNetworks, networkFilter, "SERVICE_NETWORK");
  const isNetworkOwner = network.ownerAccountId === ctx.caller.accountId;
  const items = [...region.vpcEndpoints.values()]
    .filter((e) => e.vpcEndpointType === "ServiceNetwork" && e.serviceNetworkArn === network.arn)
    .filter((e) => isNetworkOwner || e.ownerId === ctx.caller.accountId)
    .sort((a, b) =>
      a.creationTimestamp === b.creationTimestamp
        ? a.vpcEndpointId.localeCompare(b.vpcEndpointId)
        : a.creationTimestamp.localeCompare(b.creationTimestamp),
    );
  const page = listPage(ctx, items);
  return {
    status: 200,
    body: {
      ...page,
      items: page.items.map((e) => ({
        id: e.vpcEndpointId,
        vpcEndpointId: e.vpcEndpointId,
        vpcId: e.vpcId,
        vpcEndpointOwnerId: e.ownerId,
        state: e.state,
        serviceNetworkArn: network.arn,
        createdAt: e.creationTimestamp,
      })),
    },
  };
}

export const vpcEndpointAssociationRoutes: RestRoute[] = [
  {
    operation: "ListServiceNetworkVpcEndpointAssociations",
    method: "GET",
    path: "/servicenetworkvpcendpointassociations",
    handler: listVpcEndpointAssociations,
  },
];
