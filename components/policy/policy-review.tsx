"use client";

import { useState } from "react";
import {
  applyPolicyRequest,
  type PolicyApplyResponse,
  type PolicyDiffResponse,
} from "@/lib/client/policies-api";
import { Button } from "@/components/ui/button";
import { AccessRows } from "./access-rows";
import { ReviewSummary } from "./review-summary";
import { FindingsList } from "./findings-list";
import { TextDiffView } from "./text-diff-view";

type Applied = Extract<PolicyApplyResponse, { status: "applied" }>["result"];
type Conflict = Extract<PolicyApplyResponse, { status: "conflict" }>;

function Heading({ children }: { children: string }) {
  return <h3 className="mb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">{children}</h3>;
}

function ConflictView({ conflict, onReplan }: { conflict: Conflict; onReplan: () => void }) {
  return (
    <div
      role="alert"
      data-testid="policy-conflict"
      className="flex flex-col gap-2 rounded border border-amber-300 bg-amber-50 p-3"
    >
      <p className="text-sm font-semibold text-amber-900">
        The policy changed in AWS since this review; nothing was applied. Against what AWS has now (
        {conflict.live.authType}), your proposal would:
      </p>
      <ReviewSummary review={conflict} scopeName="conflict" />
      <AccessRows title="Gains access" rows={conflict.gains} tone="gain" testId="conflict-gains" />
      <AccessRows title="Loses access" rows={conflict.losses} tone="loss" testId="conflict-losses" />
      <TextDiffView diff={conflict.textDiff} />
      <div>
        <Button onClick={onReplan}>Review again against AWS</Button>
      </div>
    </div>
  );
}

/**
 * The review before an apply: findings, the canonical text diff, who gains and who loses access, the warnings to
 * confirm, and Apply (against the state the review was made from).
 */
export function PolicyReview({
  scopeArn,
  scopeName,
  diff,
  onBack,
  onReplan,
  onApplied,
}: {
  scopeArn: string;
  scopeName: string;
  diff: PolicyDiffResponse;
  onBack: () => void;
  onReplan: () => void;
  onApplied: (result: Applied) => void;
}) {
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Exclude<PolicyApplyResponse, { status: "applied" }>>();
  const errors = diff.findings.filter((f) => f.severity === "error");
  const unchanged =
    diff.before.authType === diff.after.authType && diff.textDiff.added === 0 && diff.textDiff.removed === 0;
  const ready =
    errors.length === 0 &&
    !unchanged &&
    diff.verdict !== "not-evaluated" &&
    diff.confirmations.every((c) => confirmed.includes(c.id));

  async function apply() {
    setBusy(true);
    try {
      const result = await applyPolicyRequest({
        scope: { arn: scopeArn },
        base: diff.before,
        after: diff.after,
        confirm: confirmed,
      });
      if (result.status === "applied") onApplied(result.result);
      else setOutcome(result);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-4" data-testid="policy-review">
      {diff.before.authType !== diff.after.authType && (
        <p className="text-sm">
          Auth type: <span className="font-mono line-through">{diff.before.authType}</span> →{" "}
          <span className="font-mono font-semibold">{diff.after.authType}</span>
        </p>
      )}
      <section>
        <Heading>Findings</Heading>
        <FindingsList findings={diff.findings} />
      </section>
      <section className="flex flex-col gap-2">
        <Heading>Who gains and who loses access</Heading>
        <ReviewSummary review={diff} scopeName={scopeName} />
        {diff.verdict !== "not-evaluated" && (
          <>
            <AccessRows title="Gains access" rows={diff.gains} tone="gain" testId="policy-gains" />
            <AccessRows title="Loses access" rows={diff.losses} tone="loss" testId="policy-losses" />
            <p className="text-xs text-neutral-500">
              Every request decided, in {diff.classes.toLocaleString("en-US")} classes that the policies, the
              other layer and the latest crawl's principals and VPCs tell apart; against the{" "}
              {diff.beforeSource === "live" ? "live" : diff.beforeSource === "crawl" ? "crawled" : "given"}{" "}
              policy.
            </p>
          </>
        )}
      </section>
      <section>
        <Heading>Canonical text diff</Heading>
        <TextDiffView diff={diff.textDiff} />
      </section>
      {diff.confirmations.length > 0 && (
        <section className="flex flex-col gap-1" data-testid="policy-confirmations">
          <Heading>Confirm to apply</Heading>
          {diff.confirmations.map((c) => (
            <label key={c.id} className="flex items-start gap-2 text-sm" data-code={c.id}>
              <input
                type="checkbox"
                className="mt-1"
                checked={confirmed.includes(c.id)}
                onChange={(e) =>
                  setConfirmed((list) =>
                    e.target.checked ? [...list, c.id] : list.filter((x) => x !== c.id),
                  )
                }
              />
              <span>{c.message}</span>
            </label>
          ))}
        </section>
      )}
      {outcome?.status === "conflict" && <ConflictView conflict={outcome} onReplan={onReplan} />}
      {outcome?.status === "invalid" && (
        <div role="alert" className="text-sm text-red-700">
          {outcome.errors.map((e) => (
            <p key={e.field + e.message}>{e.message}</p>
          ))}
          <FindingsList findings={outcome.findings} />
        </div>
      )}
      {outcome?.status === "error" && (
        <p role="alert" className="text-sm text-red-700">
          {outcome.message}
          {outcome.requestId && ` (AWS request ${outcome.requestId})`}
        </p>
      )}
      {errors.length > 0 && <p className="text-sm text-red-700">Fix the errors above to apply.</p>}
      {unchanged && (
        <p className="text-sm text-neutral-600">Nothing to apply: the proposal equals the current state.</p>
      )}
      <div className="flex justify-between gap-2">
        <Button variant="ghost" onClick={onBack}>
          Back to the editor
        </Button>
        <Button variant="primary" onClick={() => void apply()} disabled={!ready || busy}>
          {busy ? "Applying…" : "Apply"}
        </Button>
      </div>
    </div>
  );
}
