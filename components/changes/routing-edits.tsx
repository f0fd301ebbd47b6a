"use client";

import { useSearchParams } from "next/navigation";
import { createContext, use, useState, type ReactNode } from "react";
import type { RoutingRow } from "@/lib/domain/routing/routing-table";
import { ruleActionSchema, ruleMatchSchema, type RuleAction } from "@/lib/domain/routing/rule-schemas";
import type { Topology, TopologyNode } from "@/lib/domain/topology/topology";
import type { TargetGroupHealth } from "@/lib/domain/routing/weights";
import { Button } from "@/components/ui/button";
import { ActionDialog } from "./action-dialog";
import type { TargetGroupOption } from "./action-editor";
import { isActiveRollout, RECENTLY_ENDED_MS } from "@/lib/domain/routing/rollout";
import { useRollouts } from "./rollout-form";
import { RolloutProgress } from "./rollout-progress";
import { RuleDialog } from "./rule-dialog";

/** What the routing table needs to offer edits: the estate around the rules, and whether the user may edit. */
export interface RoutingEditContext {
  topology: Topology;
  nodes: ReadonlyMap<string, TopologyNode>;
  health: ReadonlyMap<string, TargetGroupHealth>;
  canEdit: boolean;
  /** A rule whose editor opens at once. */
  autoEdit?: string | undefined;
}

const Ctx = createContext<RoutingEditContext | undefined>(undefined);

export function RoutingEditProvider({ value, children }: { value: RoutingEditContext; children: ReactNode }) {
  return <Ctx value={value}>{children}</Ctx>;
}

function scopeOf(arn: string): { accountId: string; region: string } {
  const [, , , region = "", accountId = ""] = arn.split(":");
  return { accountId, region };
}

/** The rule's action as crawled: from the rule (the default rule carries the listener's default action). */
function actionOf(row: RoutingRow, nodes: ReadonlyMap<string, TopologyNode>): RuleAction | undefined {
  const rule =
    (row.ruleId ? nodes.get(row.ruleId) : undefined) ??
    [...nodes.values()].find(
      (n) => n.kind === "rule" && n.parentId === row.listenerArn && n.data.isDefault === true,
    );
  const parsed = ruleActionSchema.safeParse(rule?.data.action);
  return parsed.success ? parsed.data : undefined;
}

/** Target groups the listener's service may forward to, and how to turn an id into an ARN. */
function targetGroupsFor(ctx: RoutingEditContext, listenerArn: string) {
  const { accountId, region } = scopeOf(listenerArn);
  const tgArn = (identifier: string) =>
    identifier.startsWith("arn:")
      ? identifier
      : `arn:aws:vpc-lattice:${region}:${accountId}:targetgroup/${identifier}`;
  const options: TargetGroupOption[] = ctx.topology.nodes
    .filter((n) => n.kind === "target-group" && n.accountId === accountId && n.region === region)
    .map((n) => ({ arn: n.id, name: n.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { options, tgArn };
}

/**
 * "Edit" on a routing-table row, for operators and admins: the default rule's weights and action (an edit of the
 * listener), or a rule's priority, match and action.
 */
export function EditActionButton({ row }: { row: RoutingRow }) {
  const ctx = use(Ctx);
  const [open, setOpen] = useState(() => ctx?.autoEdit !== undefined && ctx.autoEdit === row.ruleId);
  if (!ctx?.canEdit) return null;
  const action = actionOf(row, ctx.nodes);
  if (!action) return null;
  const { options, tgArn } = targetGroupsFor(ctx, row.listenerArn);
  const label = row.isDefault ? `Default action of ${row.listenerName}` : `Rule ${row.ruleName}`;
  const ruleNode = row.ruleId ? ctx.nodes.get(row.ruleId) : undefined;
  const match = ruleMatchSchema.safeParse(ruleNode?.data.match);
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => setOpen(true)}
        aria-label={`Edit ${label}`}
        data-testid="edit-action"
      >
        Edit
      </Button>
      {open &&
        (row.isDefault || !row.ruleId ? (
          <ActionDialog
            open={open}
            onClose={() => setOpen(false)}
            target={row.listenerArn}
            title={label}
            action={action}
            options={options}
            health={ctx.health}
            tgArn={tgArn}
          />
        ) : (
          <RuleDialog
            open={open}
            onClose={() => setOpen(false)}
            listenerArn={row.listenerArn}
            listenerName={row.listenerName}
            rule={{
              arn: row.ruleId,
              name: row.ruleName,
              priority: row.priority ?? undefined,
              match: match.success ? match.data : undefined,
              action,
            }}
            options={options}
            health={ctx.health}
            tgArn={tgArn}
          />
        ))}
    </>
  );
}

/** "Add rule" under a listener's routing table. */
export function AddRuleButton({
  listenerArn,
  listenerName,
  protocol,
}: {
  listenerArn: string;
  listenerName: string;
  protocol: string | null;
}) {
  const ctx = use(Ctx);
  const [open, setOpen] = useState(false);
  if (!ctx?.canEdit || protocol === "TLS_PASSTHROUGH") return null;
  const { options, tgArn } = targetGroupsFor(ctx, listenerArn);
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => setOpen(true)}
        aria-label={`Add a rule to ${listenerName}`}
      >
        + Add rule
      </Button>
      {open && (
        <RuleDialog
          open={open}
          onClose={() => setOpen(false)}
          listenerArn={listenerArn}
          listenerName={listenerName}
          rule={undefined}
          options={options}
          health={ctx.health}
          tgArn={tgArn}
        />
      )}
    </>
  );
}

/** The last event of a rollout, when it ended; its creation for one that has no events. */
function endedAt(rollout: { createdAt: string; events: { at: string }[] }): number {
  return Date.parse(rollout.events.at(-1)?.at ?? rollout.createdAt);
}

/**
 * Rollouts on a listener, above its routing table: those running or paused, and those that ended in the last
 * 15 minutes (the ones the map still badges), so a badge always leads to its rollout. `focused` is the one whose
 * badge was clicked.
 */
export function ListenerRollouts({ listenerArn }: { listenerArn: string }) {
  const ctx = use(Ctx);
  const focused = useSearchParams().get("rollout") ?? undefined;
  const { data } = useRollouts(listenerArn);
  const [now] = useState(Date.now);
  const shown =
    data?.filter(
      (r) => isActiveRollout(r.status) || r.id === focused || now - endedAt(r) < RECENTLY_ENDED_MS,
    ) ?? [];
  if (shown.length === 0) return null;
  return (
    <div className="mb-2 flex flex-col gap-2">
      {shown.map((r) => (
        <RolloutProgress
          key={r.id}
          rollout={r}
          canaryName={ctx?.nodes.get(r.canary)?.name}
          focused={r.id === focused}
        />
      ))}
    </div>
  );
}
