"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import {
  applyRoutingChange,
  type ApplyResponse,
  type CompensationView,
  type PlannedChange,
} from "@/lib/client/changes-api";
import { refreshAfterCrawl } from "@/lib/client/refresh-after-crawl";
import { describeRuleMatch } from "@/lib/domain/routing/change-plan";
import { type ChangePlan } from "@/lib/domain/routing/change-types";
import { CopyButton } from "@/components/inspector/copy-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ColumnHead, Table, TableHead } from "@/components/ui/table";

function SplitTable({ plan }: { plan: ChangePlan }) {
  if (!plan.split) return null;
  return (
    <Table data-testid="plan-split">
      <TableHead>
        <ColumnHead>Target group</ColumnHead>
        <ColumnHead numeric>Before</ColumnHead>
        <ColumnHead numeric>After</ColumnHead>
        <ColumnHead numeric last>
          Effective after
        </ColumnHead>
      </TableHead>
      <tbody>
        {plan.split.rows.map((row) => (
          <tr
            key={row.targetGroupArn}
            data-testid="plan-row"
            data-id={row.targetGroupArn}
            className="border-t border-neutral-100"
          >
            <td className="py-1.5 pr-2">
              <span className="font-medium">{row.name}</span>
              {row.serving === false && (
                <span className="ml-2 text-xs font-semibold text-red-700">no healthy target</span>
              )}
            </td>
            <td className="py-1.5 pr-2 text-right font-mono text-neutral-600">
              {row.before ? `${row.before.percent} % (${row.before.weight})` : "—"}
            </td>
            <td className="py-1.5 pr-2 text-right font-mono font-semibold">
              {row.after ? `${row.after.percent} % (${row.after.weight})` : "removed"}
            </td>
            <td className="py-1.5 text-right font-mono text-neutral-600">
              {row.after ? `${row.after.effectivePercent} %` : "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function PlanBody({ plan, cli }: { plan: ChangePlan; cli: string[] }) {
  return (
    <div className="flex flex-col gap-3">
      <SplitTable plan={plan} />
      {plan.changes.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm" data-testid="plan-changes">
          {plan.changes.map((c) => (
            <li key={c.field}>
              <span className="font-medium">{c.field}</span>:{" "}
              <span className="text-neutral-600 line-through">{c.before}</span> →{" "}
              <span className="font-semibold">{c.after}</span>
            </li>
          ))}
        </ul>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-neutral-700">The same with the AWS CLI</summary>
        {cli.map((command) => (
          <div key={command} className="mt-1 flex items-start gap-2">
            <pre
              className="max-h-40 flex-1 overflow-auto rounded bg-neutral-900 p-2 text-xs whitespace-pre-wrap text-neutral-100"
              data-testid="plan-cli"
            >
              {command}
            </pre>
            <CopyButton value={command} label="Copy the command" />
          </div>
        ))}
      </details>
    </div>
  );
}

/**
 * The review before apply: what moves where, the warnings that must be confirmed one by one, the equivalent CLI
 * command; then the apply, which answers with the result, or with AWS's live state when it changed meanwhile.
 */
export function PlanReview({
  change,
  onApplied,
  onReplan,
  onBack,
}: {
  change: PlannedChange;
  onApplied: (result: Extract<ApplyResponse, { status: "applied" }>["result"]) => void;
  /** Plans the same edit again, against the live state. */
  onReplan: () => void;
  onBack: () => void;
}) {
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Exclude<ApplyResponse, { status: "applied" }> | undefined>();
  const queryClient = useQueryClient();
  const needed = change.warnings.filter((w) => w.requiresConfirmation);
  const ready = needed.every((w) => confirmed.has(w.code));

  async function apply() {
    setBusy(true);
    try {
      const response = await applyRoutingChange(change.id, [...confirmed]);
      if (response.status === "applied") onApplied(response.result);
      else setOutcome(response);
      if (response.status === "error" && response.compensation?.crawlRunId) {
        void refreshAfterCrawl(queryClient, response.compensation.crawlRunId);
      }
    } catch (error) {
      setOutcome({ status: "error", message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  if (outcome?.status === "conflict") {
    return (
      <div className="flex flex-col gap-3" data-testid="plan-conflict">
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          AWS changed since this plan was made ({outcome.drift.rules.map((r) => r.name).join(", ")}). Nothing
          was applied.
          {outcome.plan ? " Below is the same edit planned against what AWS has now." : ""}
        </p>
        {outcome.plan ? <PlanBody plan={outcome.plan} cli={outcome.cli} /> : null}
        {outcome.errors.length > 0 && (
          <ul className="text-sm text-red-700">
            {outcome.errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>{e.message}</li>
            ))}
          </ul>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={onBack}>Edit again</Button>
          <Button variant="primary" onClick={onReplan} disabled={!outcome.plan}>
            Review the re-based plan
          </Button>
        </div>
      </div>
    );
  }

  if (outcome?.status === "error" && outcome.compensation) {
    return <PartlyApplied outcome={outcome} compensation={outcome.compensation} onBack={onBack} />;
  }

  return (
    <div className="flex flex-col gap-3" data-testid="plan-review">
      <PlanBody plan={change.plan} cli={change.cli} />
      <ul className="flex flex-col gap-2" aria-label="Warnings">
        {change.warnings.map((w) => (
          <li
            key={w.code}
            data-testid="plan-warning"
            data-code={w.code}
            className={`rounded-md border p-2 text-sm ${w.requiresConfirmation ? "border-amber-300 bg-amber-50 text-amber-950" : "border-neutral-200 bg-neutral-50 text-neutral-700"}`}
          >
            {w.requiresConfirmation ? (
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={confirmed.has(w.code)}
                  onChange={(e) => {
                    const next = new Set(confirmed);
                    if (e.target.checked) next.add(w.code);
                    else next.delete(w.code);
                    setConfirmed(next);
                  }}
                />
                <span>
                  <Badge tone="warn" className="mr-1">
                    Confirm
                  </Badge>
                  {w.message}
                </span>
              </label>
            ) : (
              w.message
            )}
          </li>
        ))}
      </ul>
      {outcome && (
        <p role="alert" className="text-sm text-red-700">
          {outcome.status === "invalid" ? outcome.errors.map((e) => e.message).join(" ") : outcome.message}
          {outcome.status === "error" && outcome.requestId ? ` (AWS request id ${outcome.requestId})` : ""}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button variant="primary" onClick={() => void apply()} disabled={busy || !ready}>
          {busy ? "Applying…" : "Apply"}
        </Button>
      </div>
    </div>
  );
}

/**
 * AWS applied a BatchUpdateRule only in part and Trellis undid the part it applied (or could not): says which,
 * and shows the listener's rules as AWS has them now, so nobody has to guess what is live.
 */
function PartlyApplied({
  outcome,
  compensation,
  onBack,
}: {
  outcome: { message: string; requestId?: string };
  compensation: CompensationView;
  onBack: () => void;
}) {
  const rules = compensation.live?.rules.filter((r) => !r.isDefault) ?? [];
  return (
    <div className="flex flex-col gap-3" data-testid="plan-partial" data-restored={compensation.restored}>
      <p
        role="alert"
        className={`rounded-md border p-2 text-sm ${compensation.restored ? "border-amber-300 bg-amber-50 text-amber-950" : "border-red-300 bg-red-50 text-red-900"}`}
      >
        <span className="font-semibold">
          {compensation.restored
            ? "Not applied: AWS took only part of it, and Trellis put that part back."
            : "Partly applied: check the listener below."}
        </span>{" "}
        {outcome.message}
        {outcome.requestId ? ` (AWS request id ${outcome.requestId})` : ""}
      </p>
      {compensation.live && (
        <Table data-testid="partial-live-rules">
          <caption className="pb-1 text-left text-xs font-medium text-neutral-600">
            Rules of {compensation.live.name} as AWS has them now
          </caption>
          <TableHead>
            <ColumnHead>Priority</ColumnHead>
            <ColumnHead>Rule</ColumnHead>
            <ColumnHead last>Match</ColumnHead>
          </TableHead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.arn} className="border-t border-neutral-100">
                <td className="py-1 pr-2 tabular-nums">{r.priority ?? "—"}</td>
                <td className="py-1 pr-2 font-medium">{r.name}</td>
                <td className="py-1 text-neutral-700">{describeRuleMatch(r.match)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={onBack}>Edit again</Button>
      </div>
    </div>
  );
}
