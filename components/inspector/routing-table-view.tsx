"use client";

import type { RoutingRow, RoutingTarget } from "@/lib/domain/routing/routing-table";
import { formatPercent } from "@/lib/domain/routing/weights";
import { Badge } from "@/components/ui/badge";
import { AddRuleButton, EditActionButton, ListenerRollouts } from "@/components/changes/routing-edits";
import { Section } from "./section";
import { SelectLink } from "./select-link";
import { ColumnHead, Table, TableHead } from "@/components/ui/table";

function TargetShare({ target, single }: { target: RoutingTarget; single: boolean }) {
  const health = target.health;
  const shifted = !single && target.effectivePercent !== target.sharePercent;
  return (
    <li
      data-testid="routing-target"
      data-id={target.targetGroupId}
      className={`flex flex-wrap items-baseline gap-x-2 ${target.noHealthyTarget ? "text-red-700" : ""}`}
    >
      <SelectLink id={target.targetGroupId} className="font-medium">
        {target.name}
      </SelectLink>
      {!single && (
        <span className="font-mono text-xs" data-testid="routing-share">
          {formatPercent(target.sharePercent, target.share)}
          <span className="text-neutral-500"> (weight {target.weight})</span>
        </span>
      )}
      {shifted && (
        <span
          className="text-xs text-neutral-600"
          title="Share once target groups without a healthy target are left out"
        >
          → {formatPercent(target.effectivePercent, target.effectiveShare)} effective
        </span>
      )}
      {health && (
        <span
          className={`text-xs ${health.serving === 0 ? "font-semibold text-red-700" : "text-neutral-500"}`}
        >
          {health.serving === 0 ? "no healthy target" : `${health.serving}/${health.total} serving`}
        </span>
      )}
    </li>
  );
}

function Rows({ rows, highlightRuleId }: { rows: RoutingRow[]; highlightRuleId: string | undefined }) {
  return (
    <Table className="table-fixed border-collapse">
      <TableHead>
        <ColumnHead className="w-14">Priority</ColumnHead>
        <ColumnHead className="w-[38%]">Match</ColumnHead>
        <ColumnHead last>Action</ColumnHead>
        <th scope="col" className="w-12 py-1">
          <span className="sr-only">Edit</span>
        </th>
      </TableHead>
      <tbody>
        {rows.map((row) =>
          row.unknown && row.ruleId === null && !row.isDefault ? (
            <tr
              key={`${row.listenerArn}/unknown`}
              data-testid="routing-unknown"
              className="border-t border-neutral-100 align-top"
            >
              <td colSpan={4} className="py-1.5 text-xs text-amber-900">
                <Badge tone="warn">rules unknown</Badge> {row.unknown.replace(/^unknown: /, "")}
                {rows.some((r) => r.listenerArn === row.listenerArn && r.ruleId)
                  ? ": the rules above are as last read."
                  : ": only the default action (from GetListener) is known."}
              </td>
            </tr>
          ) : (
            <tr
              key={row.ruleId ?? `${row.listenerArn}/default`}
              data-testid="routing-row"
              data-id={row.ruleId ?? undefined}
              data-default={row.isDefault || undefined}
              className={`border-t border-neutral-100 align-top ${row.ruleId && row.ruleId === highlightRuleId ? "bg-sky-50" : ""} ${row.failing ? "bg-red-50" : ""}`}
            >
              <td className="py-1.5 pr-2 font-mono text-xs text-neutral-700">
                {row.isDefault ? "default" : (row.priority ?? "—")}
              </td>
              <td className="py-1.5 pr-2 break-words">
                <span className="font-mono text-xs">{row.matchText}</span>
                {!row.isDefault && row.ruleId && (
                  <div className="text-xs text-neutral-500">
                    <SelectLink id={row.ruleId}>{row.ruleName}</SelectLink>
                  </div>
                )}
              </td>
              <td className="py-1.5">
                {row.targets.length > 0 ? (
                  <ul className="flex flex-col gap-0.5">
                    {row.targets.map((target) => (
                      <TargetShare
                        key={target.targetGroupId}
                        target={target}
                        single={row.targets.length === 1}
                      />
                    ))}
                  </ul>
                ) : (
                  <span className={row.failing ? "text-red-700" : ""}>{row.actionText}</span>
                )}
                {row.failing && row.targets.length > 0 && (
                  <p className="text-xs font-semibold text-red-700">
                    Requests matching this rule reach no target.
                  </p>
                )}
                {row.unknown && (
                  <p className="text-xs text-amber-900" data-testid="routing-row-unknown">
                    {rows.some((r) => r.ruleId === null && !r.isDefault && r.unknown === row.unknown) ? (
                      <Badge tone="warn">as last read</Badge>
                    ) : (
                      <>
                        <Badge tone="warn">unknown</Badge> {row.unknown.replace(/^unknown: /, "")}
                      </>
                    )}
                  </p>
                )}
              </td>
              <td className="py-1 text-right">
                <EditActionButton row={row} />
              </td>
            </tr>
          ),
        )}
      </tbody>
    </Table>
  );
}

/** Listeners and their rules, by listener then priority, with what each rule does with a request. */
export function RoutingTableView({
  rows,
  highlightRuleId,
  title = "Routing",
  listenersUnknown,
}: {
  rows: RoutingRow[];
  highlightRuleId?: string;
  title?: string;
  /** "unknown: ListListeners failed in …" when the service's listeners could not be listed. */
  listenersUnknown?: string | undefined;
}) {
  const listeners = [...new Map(rows.map((r) => [r.listenerArn, r])).values()];
  return (
    <Section title={title} testId="inspector-routing">
      {listenersUnknown && (
        <p className="mb-2 text-xs text-amber-900" data-testid="routing-listeners-unknown">
          <Badge tone="warn">listeners unknown</Badge> {listenersUnknown.replace(/^unknown: /, "")}
          {rows.length > 0 ? ": the listeners below are as last read." : "."}
        </p>
      )}
      {rows.length === 0 ? (
        !listenersUnknown && <p className="text-sm text-neutral-500">No listeners.</p>
      ) : (
        <div className="flex flex-col gap-3">
          {listeners.map((listener) => (
            <div key={listener.listenerArn} data-testid="routing-listener" data-id={listener.listenerArn}>
              <p className="mb-1 flex flex-wrap items-baseline gap-x-2 text-sm">
                <SelectLink id={listener.listenerArn} className="font-medium">
                  {listener.listenerName}
                </SelectLink>
                <span className="font-mono text-xs text-neutral-600">
                  {[listener.protocol, listener.port].filter((p) => p !== null).join(" ")}
                </span>
              </p>
              <ListenerRollouts listenerArn={listener.listenerArn} />
              <Rows
                rows={rows.filter((r) => r.listenerArn === listener.listenerArn)}
                highlightRuleId={highlightRuleId}
              />
              <AddRuleButton
                listenerArn={listener.listenerArn}
                listenerName={listener.listenerName}
                protocol={listener.protocol}
              />
            </div>
          ))}
        </div>
      )}
    </Section>
  );
}
