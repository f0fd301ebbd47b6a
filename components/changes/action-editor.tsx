"use client";

import { useId } from "react";
import type { FieldError } from "@/lib/domain/routing/change-types";
import { MAX_TARGET_GROUPS, targetGroupIdOf } from "@/lib/domain/routing/rule-schemas";
import { checkWeights } from "@/lib/domain/routing/weight-split";
import type { TargetGroupHealth } from "@/lib/domain/routing/weights";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldMessage, WeightsTable } from "./weights-table";

/** An action as the editor holds it: weights as typed (a number, or text that is not one yet). */
export type DraftAction =
  { type: "forward"; groups: { arn: string; weight: string }[] } | { type: "fixed"; statusCode: string };

export interface TargetGroupOption {
  arn: string;
  name: string;
}

/** The request body's action from a draft; weights that are not whole numbers are sent as typed, to be rejected. */
export function draftToAction(draft: DraftAction): unknown {
  if (draft.type === "fixed") return { fixedResponse: { statusCode: Number(draft.statusCode) } };
  return {
    forward: {
      targetGroups: draft.groups.map((g) => ({
        targetGroupIdentifier: g.arn,
        ...(g.weight.trim() === "" ? {} : { weight: Number(g.weight) }),
      })),
    },
  };
}

const STATUS_CODE = /^[1-5]\d\d$/;

/** What is wrong with a draft as typed, before anything is sent; undefined when it may be reviewed. */
export function draftProblem(draft: DraftAction): string | undefined {
  if (draft.type === "fixed") {
    return STATUS_CODE.test(draft.statusCode.trim()) ? undefined : "Enter a status code from 100 to 599";
  }
  if (draft.groups.length === 0) return "Add a target group, or switch to a fixed response";
  const check = checkWeights(draft.groups.map((g) => g.weight));
  return check.ok ? undefined : "Fix the weights above";
}

/** Field errors under `prefix` (e.g. `after.action`), by the rest of their path. */
export function errorsUnder(errors: FieldError[], prefix: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const error of errors) {
    if (error.field === prefix) map.set("", error.message);
    else if (error.field.startsWith(`${prefix}.`))
      map.set(error.field.slice(prefix.length + 1), error.message);
  }
  return map;
}

/**
 * Edits a rule action: the weights (see WeightsTable), target groups added or removed (1–10), or a fixed
 * response instead. `errors` are the server's answer to the last review of exactly this draft.
 */
export function ActionEditor({
  draft,
  onChange,
  options,
  health,
  errors,
  disabled,
}: {
  draft: DraftAction;
  onChange: (draft: DraftAction) => void;
  /** Target groups that may be added: the service's account and region. */
  options: TargetGroupOption[];
  health: ReadonlyMap<string, TargetGroupHealth>;
  /** Errors under the action (`forward.targetGroups.1.weight` …). */
  errors: Map<string, string>;
  disabled?: boolean;
}) {
  const baseId = useId();
  const names = new Map(options.map((o) => [o.arn, o.name]));
  const nameOf = (arn: string) => names.get(arn) ?? targetGroupIdOf(arn);

  if (draft.type === "fixed") {
    const statusError =
      draftProblem(draft) ?? errors.get("fixedResponse.statusCode") ?? errors.get("") ?? undefined;
    return (
      <div className="flex flex-col gap-2">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Fixed response status code</span>
          <Input
            inputMode="numeric"
            value={draft.statusCode}
            disabled={disabled}
            aria-invalid={statusError ? true : undefined}
            aria-describedby={`${baseId}-status`}
            onChange={(e) => onChange({ type: "fixed", statusCode: e.target.value })}
            className="w-32"
          />
        </label>
        <FieldMessage id={`${baseId}-status`} message={statusError} />
        <Button
          size="sm"
          variant="ghost"
          className="self-start"
          disabled={disabled}
          onClick={() =>
            onChange({
              type: "forward",
              groups: options.slice(0, 1).map((o) => ({ arn: o.arn, weight: "100" })),
            })
          }
        >
          Forward to target groups instead
        </Button>
      </div>
    );
  }

  const unused = options.filter((o) => !draft.groups.some((g) => g.arn === o.arn));

  return (
    <div className="flex flex-col gap-2">
      <WeightsTable
        groups={draft.groups}
        onChange={(groups) => onChange({ type: "forward", groups })}
        nameOf={nameOf}
        health={health}
        serverErrors={errors}
        disabled={disabled}
      />
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={`${baseId}-add`}>
          Add a target group
        </label>
        <select
          id={`${baseId}-add`}
          className="h-8 rounded-md border border-neutral-300 bg-white px-2 text-sm disabled:text-neutral-400"
          value=""
          disabled={disabled || unused.length === 0 || draft.groups.length >= MAX_TARGET_GROUPS}
          onChange={(e) => {
            if (e.target.value)
              onChange({ type: "forward", groups: [...draft.groups, { arn: e.target.value, weight: "0" }] });
          }}
        >
          <option value="">
            {draft.groups.length >= MAX_TARGET_GROUPS
              ? `At most ${MAX_TARGET_GROUPS} target groups`
              : "Add a target group…"}
          </option>
          {unused.map((o) => (
            <option key={o.arn} value={o.arn}>
              {o.name}
            </option>
          ))}
        </select>
        <Button
          size="sm"
          variant="ghost"
          disabled={disabled}
          onClick={() => onChange({ type: "fixed", statusCode: "503" })}
        >
          Switch to a fixed response
        </Button>
      </div>
    </div>
  );
}
