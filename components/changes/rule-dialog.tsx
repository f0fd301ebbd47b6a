"use client";

import { useState } from "react";
import type { z } from "zod";
import { planRoutingChange, type PlannedChange } from "@/lib/client/changes-api";
import type { FieldError } from "@/lib/domain/routing/change-types";
import {
  prioritySchema,
  ruleNameSchema,
  type RuleAction,
  type RuleMatch,
} from "@/lib/domain/routing/rule-schemas";
import type { TargetGroupHealth } from "@/lib/domain/routing/weights";
import { Button } from "@/components/ui/button";
import { AppliedNotice, TitledDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { draftOf } from "./action-dialog";
import {
  ActionEditor,
  draftProblem,
  draftToAction,
  errorsUnder,
  type DraftAction,
  type TargetGroupOption,
} from "./action-editor";
import { draftMatchOf, matchOf, MatchEditor, type DraftMatch } from "./match-editor";
import { PlanReview } from "./plan-review";
import type { AppliedChange } from "@/lib/domain/routing/change-contract";
import { useReviewedApply } from "@/components/ui/use-reviewed-apply";

interface DraftParts {
  name: string;
  priority: string;
  match: DraftMatch;
  action: DraftAction;
}
const PART_KEYS = ["name", "priority", "match", "action"] as const;

function partOf(field: string): keyof DraftParts | undefined {
  return PART_KEYS.find((k) => field === `after.${k}` || field.startsWith(`after.${k}.`));
}

function freshErrors(answered: { parts: DraftParts; errors: FieldError[] }, parts: DraftParts): FieldError[] {
  return answered.errors.filter((e) => {
    const part = partOf(e.field);
    return part !== undefined && answered.parts[part] === parts[part];
  });
}

function firstIssue(schema: z.ZodType, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

function Err({ message }: { message: string | undefined }) {
  return message ? (
    <span role="alert" className="text-xs text-red-700">
      {message}
    </span>
  ) : null;
}

export interface RuleDialogRule {
  arn: string;
  name: string;
  priority: number | undefined;
  match: RuleMatch | undefined;
  action: RuleAction;
}

/**
 * Creates, edits or deletes a (non-default) rule: priority (swapping with the rule that holds it, in one
 * BatchUpdateRule), path, method and header matches, and the action; through the same review and apply.
 */
export function RuleDialog({
  open,
  onClose,
  listenerArn,
  listenerName,
  rule,
  options,
  health,
  tgArn,
}: {
  open: boolean;
  onClose: () => void;
  listenerArn: string;
  listenerName: string;
  /** Undefined: a new rule. */
  rule: RuleDialogRule | undefined;
  options: TargetGroupOption[];
  health: ReadonlyMap<string, TargetGroupHealth>;
  tgArn: (identifier: string) => string;
}) {
  const [name, setName] = useState("");
  const [priority, setPriority] = useState(rule?.priority === undefined ? "" : String(rule.priority));
  const [swap, setSwap] = useState(false);
  const [match, setMatch] = useState<DraftMatch>(() => draftMatchOf(rule?.match));
  const [action, setAction] = useState<DraftAction>(() =>
    rule
      ? draftOf(rule.action, tgArn)
      : { type: "forward", groups: options.slice(0, 1).map((o) => ({ arn: o.arn, weight: "100" })) },
  );
  const parts: DraftParts = { name, priority, match, action };
  // The server's errors hold for the part of the draft they were about; editing that part clears them.
  const [answered, setAnswered] = useState<{ parts: DraftParts; errors: FieldError[]; message?: string }>();
  const errors = answered ? freshErrors(answered, parts) : [];
  const message =
    answered?.message !== undefined && PART_KEYS.every((k) => answered.parts[k] === parts[k])
      ? answered.message
      : undefined;
  const title = rule ? `Rule ${rule.name} on ${listenerName}` : `New rule on ${listenerName}`;

  const body = (kind: "save" | "delete") => {
    if (kind === "delete" && rule) return { kind: "delete-rule", target: rule.arn };
    const after = {
      priority: priority.trim() === "" ? undefined : Number(priority),
      match: matchOf(match),
      action: draftToAction(action),
    };
    if (!rule) return { kind: "create-rule", target: listenerArn, after: { name, ...after } };
    return { kind: "rule", target: rule.arn, after: { ...after, ...(swap ? { swapPriority: true } : {}) } };
  };

  const typed = {
    name: rule ? undefined : firstIssue(ruleNameSchema, name.trim() === "" ? undefined : name),
    priority:
      priority.trim() === ""
        ? undefined
        : /^-?\d+$/.test(priority.trim())
          ? firstIssue(prioritySchema, Number(priority))
          : "must be a whole number",
    action: draftProblem(action),
  };

  const flow = useReviewedApply({
    async plan(kind: "save" | "delete"): Promise<PlannedChange | undefined> {
      const result = await planRoutingChange(body(kind));
      if (result.ok) {
        setAnswered(undefined);
        return result.change;
      }
      const other = result.errors.filter((e) => partOf(e.field) === undefined);
      setAnswered({
        parts,
        errors: result.errors,
        ...(result.message || other.length > 0
          ? { message: result.message ?? other.map((e) => e.message).join(" ") }
          : {}),
      });
      return undefined;
    },
    appliedMessage: (result: AppliedChange) =>
      `Applied (${result.calls.map((c) => c.operation).join(", ")}). The map updates when the re-crawl finishes.`,
  });
  const busy = flow.busy;

  function plan(kind: "save" | "delete") {
    if (kind === "save" && (typed.name || typed.priority || typed.action)) return;
    void flow.review(kind);
  }

  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  /** A review re-plans what it reviews: the deletion, or the edit. */
  const replanKind =
    flow.stage.name === "review" && flow.stage.plan.plan.kind === "delete-rule" ? "delete" : "save";
  const close = () => {
    flow.edit();
    setAnswered(undefined);
    onClose();
  };

  return (
    <TitledDialog open={open} onClose={close} title={title} className="w-[min(780px,94vw)]">
      {flow.stage.name === "done" ? (
        <AppliedNotice message={flow.stage.message} onClose={close} testId="change-applied" />
      ) : flow.stage.name === "review" ? (
        <PlanReview
          change={flow.stage.plan}
          onBack={flow.edit}
          onReplan={() => plan(replanKind)}
          onApplied={flow.applied}
        />
      ) : (
        <div className="flex flex-col gap-4 text-sm">
          <div className="grid grid-cols-[1fr_8rem] gap-3">
            {!rule && (
              <label className="flex flex-col gap-1">
                <span className="font-medium">Name</span>
                <Input
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  aria-invalid={typed.name || err("after.name") ? true : undefined}
                />
                <Err message={typed.name ?? err("after.name")} />
              </label>
            )}
            <label className="col-start-2 flex flex-col gap-1">
              <span className="font-medium">Priority (1–100)</span>
              <Input
                inputMode="numeric"
                value={priority}
                onChange={(e) => setPriority(e.target.value)}
                aria-invalid={typed.priority || err("after.priority") ? true : undefined}
              />
              <Err message={typed.priority ?? err("after.priority")} />
              {rule && (
                <label className="flex items-center gap-1 text-xs text-neutral-600">
                  <input type="checkbox" checked={swap} onChange={(e) => setSwap(e.target.checked)} />
                  swap with the rule that has it
                </label>
              )}
            </label>
          </div>
          <MatchEditor match={match} onChange={setMatch} errors={errors} />
          <fieldset className="flex flex-col gap-2 rounded-md border border-neutral-200 p-3">
            <legend className="px-1 font-medium">Action</legend>
            <ActionEditor
              draft={action}
              onChange={setAction}
              options={options}
              health={health}
              errors={errorsUnder(errors, "after.action")}
              disabled={busy}
            />
          </fieldset>
          {message && (
            <p role="alert" className="text-sm text-red-700">
              {message}
            </p>
          )}
          <div className="flex items-center justify-between gap-2">
            {rule ? (
              <Button onClick={() => plan("delete")} disabled={busy} className="text-red-700">
                Delete rule…
              </Button>
            ) : (
              <span />
            )}
            <div className="flex items-center gap-2">
              {(typed.name || typed.priority || typed.action) && (
                <span className="text-xs text-red-700">Fix the fields marked above</span>
              )}
              <Button onClick={close}>Cancel</Button>
              <Button variant="primary" onClick={() => plan("save")} disabled={busy}>
                {busy ? "Planning…" : "Review change"}
              </Button>
            </div>
          </div>
        </div>
      )}
    </TitledDialog>
  );
}
