"use client";

import { useState } from "react";
import { planRoutingChange, type PlannedChange } from "@/lib/client/changes-api";
import type { FieldError } from "@/lib/domain/routing/change-types";
import type { RuleAction } from "@/lib/domain/routing/rule-schemas";
import type { TargetGroupHealth } from "@/lib/domain/routing/weights";
import { Button } from "@/components/ui/button";
import { AppliedNotice, TitledDialog } from "@/components/ui/dialog";
import {
  ActionEditor,
  draftProblem,
  draftToAction,
  errorsUnder,
  type DraftAction,
  type TargetGroupOption,
} from "./action-editor";
import { PlanReview } from "./plan-review";
import { appliedSummary } from "@/lib/client/refresh-after-crawl";
import type { AppliedChange } from "@/lib/domain/routing/change-contract";
import { useReviewedApply } from "@/components/ui/use-reviewed-apply";
import { RolloutForm } from "./rollout-form";

export function draftOf(action: RuleAction, tgArn: (identifier: string) => string): DraftAction {
  if ("fixedResponse" in action)
    return { type: "fixed", statusCode: String(action.fixedResponse.statusCode) };
  return {
    type: "forward",
    groups: action.forward.targetGroups.map((g) => ({
      arn: tgArn(g.targetGroupIdentifier),
      weight: g.weight === undefined ? "" : String(g.weight),
    })),
  };
}

/**
 * Edits the action of a listener (its default rule) or of a rule: weights, target groups, fixed response; then a
 * reviewed plan and the apply, or a staged rollout to one target group.
 */
export function ActionDialog({
  open,
  onClose,
  target,
  title,
  action,
  options,
  health,
  tgArn,
}: {
  open: boolean;
  onClose: () => void;
  /** Listener ARN (for its default action) or rule ARN. */
  target: string;
  title: string;
  action: RuleAction;
  options: TargetGroupOption[];
  health: ReadonlyMap<string, TargetGroupHealth>;
  tgArn: (identifier: string) => string;
}) {
  const [draft, setDraft] = useState<DraftAction>(() => draftOf(action, tgArn));
  const [rollout, setRollout] = useState(false);
  // The server's field errors hold for the draft they answered; editing it clears them.
  const [answered, setAnswered] = useState<{ draft: DraftAction; errors: FieldError[] }>();
  const errors = answered?.draft === draft ? answered.errors : [];
  const [message, setMessage] = useState<string>();
  const problem = draftProblem(draft);
  const flow = useReviewedApply({
    async plan(): Promise<PlannedChange | undefined> {
      const result = await planRoutingChange({
        kind: "forward",
        target,
        after: { action: draftToAction(draft) },
      });
      if (result.ok) {
        setAnswered(undefined);
        return result.change;
      }
      setAnswered({ draft, errors: result.errors });
      setMessage(
        result.message ??
          (result.errors.some((e) => !e.field.startsWith("after.action"))
            ? result.errors.map((e) => e.message).join(" ")
            : undefined),
      );
      return undefined;
    },
    appliedMessage: (result: AppliedChange) => appliedSummary(result.calls, result.crawlRunId, "service"),
  });
  const busy = flow.busy;

  function review() {
    setMessage(undefined);
    if (problem) return;
    void flow.review();
  }

  const close = () => {
    flow.edit();
    setRollout(false);
    setAnswered(undefined);
    setMessage(undefined);
    onClose();
  };

  return (
    <TitledDialog open={open} onClose={close} title={title} className="w-[min(760px,94vw)]">
      {flow.stage.name === "edit" && !rollout && (
        <div className="flex flex-col gap-3">
          <ActionEditor
            draft={draft}
            onChange={setDraft}
            options={options}
            health={health}
            errors={errorsUnder(errors, "after.action")}
            disabled={busy}
          />
          {message && answered?.draft === draft && (
            <p role="alert" className="text-sm text-red-700">
              {message}
            </p>
          )}
          <div className="flex items-center justify-between gap-2">
            <Button variant="ghost" onClick={() => setRollout(true)} disabled={!("forward" in action)}>
              Staged rollout…
            </Button>
            <div className="flex items-center gap-2">
              {problem && <span className="text-xs text-red-700">{problem}</span>}
              <Button onClick={close}>Cancel</Button>
              <Button variant="primary" onClick={review} disabled={busy}>
                {busy ? "Planning…" : "Review change"}
              </Button>
            </div>
          </div>
        </div>
      )}
      {flow.stage.name === "review" && (
        <PlanReview change={flow.stage.plan} onBack={flow.edit} onReplan={review} onApplied={flow.applied} />
      )}
      {flow.stage.name === "edit" && rollout && (
        <RolloutForm
          target={target}
          action={action}
          options={options}
          health={health}
          tgArn={tgArn}
          onBack={() => setRollout(false)}
        />
      )}
      {flow.stage.name === "done" && (
        <AppliedNotice message={flow.stage.message} onClose={close} testId="change-applied" />
      )}
    </TitledDialog>
  );
}
