import { z } from "zod";
import type { RequestContext } from "../core/context";
import { notFound, validation } from "../core/errors";
import type { Vpc } from "../core/model";
import { regionOf } from "./common";

export const vpcIdSchema = z.string().regex(/^vpc-([0-9a-z]{8}|[0-9a-z]{17})$/, "must be a VPC ID (vpc-…)");
export const securityGroupIdsSchema = z
  .array(z.string().regex(/^sg-([0-9a-z]{8}|[0-9a-z]{17})$/, "must be a security group ID (sg-…)"))
  .max(5, "at most 5 security groups");

/** The caller's VPC in this region; VPCs of other accounts do not exist for the caller. */
export function findCallerVpc(ctx: RequestContext, vpcId: string): Vpc {
  const vpc = regionOf(ctx).vpcs.get(vpcId);
  if (!vpc || vpc.ownerId !== ctx.caller.accountId) throw notFound("VPC", vpcId, `VPC ${vpcId} not found`);
  return vpc;
}

/** Each security group must exist in the caller's account and belong to the VPC. */
export function checkSecurityGroups(ctx: RequestContext, vpc: Vpc, ids: string[]) {
  const region = regionOf(ctx);
  if (new Set(ids).size !== ids.length) {
    throw validation("securityGroupIds must not contain duplicates", [
      { name: "securityGroupIds", message: "must not contain duplicates" },
    ]);
  }
  for (const id of ids) {
    const group = region.securityGroups.get(id);
    if (!group || group.ownerId !== ctx.caller.accountId) {
      throw notFound("SECURITY_GROUP", id, `Security group ${id} not found`);
    }
    if (group.vpcId !== vpc.vpcId) {
      const message = `Security group ${id} does not belong to VPC ${vpc.vpcId}`;
      throw validation(message, [{ name: "securityGroupIds", message }]);
    }
  }
}
