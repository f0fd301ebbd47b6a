import "server-only";
import type { LatticeClient } from "../../aws/clients";
import type { ChangeRequest, ListenerState, PlanContext } from "@/lib/domain/routing/change-types";
import { ownershipOf } from "@/lib/domain/topology/ownership";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import { readListenerState, readTargetHealth, type ListenerRef } from "../../aws/lattice-routing";

/** Target group ARNs a change touches: those of the listener's rules now and those the change names. */
function targetGroupsOf(listener: ListenerState, request: ChangeRequest, ref: ListenerRef): string[] {
  const arns = new Set<string>();
  const add = (identifier: string) =>
    arns.add(
      identifier.startsWith("arn:")
        ? identifier
        : `arn:aws:vpc-lattice:${ref.region}:${ref.accountId}:targetgroup/${identifier}`,
    );
  for (const rule of listener.rules) {
    if ("forward" in rule.action)
      for (const g of rule.action.forward.targetGroups) add(g.targetGroupIdentifier);
  }
  const after = "after" in request ? (request.after as { action?: unknown }) : undefined;
  const action = after?.action as
    { forward?: { targetGroups?: { targetGroupIdentifier?: unknown }[] } } | undefined;
  for (const g of action?.forward?.targetGroups ?? []) {
    if (typeof g.targetGroupIdentifier === "string" && /^(tg-|arn:)/.test(g.targetGroupIdentifier)) {
      add(g.targetGroupIdentifier);
    }
  }
  return [...arns];
}

/** The service's name from the latest crawl (its ARN when the crawl has not seen it). */
export function serviceNameOf(ref: ListenerRef, nodes: ReadonlyMap<string, TopologyNode>): string {
  return nodes.get(ref.serviceArn)?.name ?? ref.serviceArn;
}

/**
 * Everything a plan is judged by, read now: the listener and its rules and the health of every target group
 * involved from AWS; names and owners from the latest crawl.
 */
export async function livePlanContext(
  lattice: LatticeClient,
  ref: ListenerRef,
  request: ChangeRequest,
  nodes: ReadonlyMap<string, TopologyNode>,
  /** The listener as just read under its lock (a rollout step), instead of reading it again. */
  read?: ListenerState,
): Promise<PlanContext> {
  const listener = read ?? (await readListenerState(lattice, ref, serviceNameOf(ref, nodes)));
  const health = await readTargetHealth(lattice, targetGroupsOf(listener, request, ref));
  const targetGroupNames = new Map<string, string>();
  for (const arn of health.keys()) {
    const node = nodes.get(arn);
    if (node) targetGroupNames.set(arn, node.name);
  }
  const edited =
    request.kind === "create-rule" || request.target === ref.listenerArn ? ref.listenerArn : request.target;
  const owners = ownershipOf(nodes.has(edited) ? edited : ref.listenerArn, nodes);
  return { listener, health, targetGroupNames, owners, accountId: ref.accountId, region: ref.region };
}
