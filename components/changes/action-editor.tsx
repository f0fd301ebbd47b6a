"use client";

import { useId } from "react";
import type { FieldError } from "@/lib/domain/change-plan";
import { MAX_TARGET_GROUPS, MAX_WEIGHT, targetGroupIdOf } from "@/lib/domain/rule-schemas";
import { formatPercent, splitForward, type TargetGroupHealth } from "@/lib/domain/weights";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

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

function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-xs text-red-700">
      {message}
    </p>
  );
}

/**
 * Edits a rule action: per target group a weight (number and slider) with its live share of the action and its
 * effective share given target health; add or remove groups (1–10), or switch to a fixed response.
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
    return (
      <div className="flex flex-col gap-2">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Fixed response status code</span>
          <Input
            inputMode="numeric"
            value={draft.statusCode}
            disabled={disabled}
            aria-invalid={errors.has("fixedResponse.statusCode") || undefined}
            aria-describedby={`${baseId}-status`}
            onChange={(e) => onChange({ type: "fixed", statusCode: e.target.value })}
            className="w-32"
          />
        </label>
        <FieldMessage
          id={`${baseId}-status`}
          message={errors.get("fixedResponse.statusCode") ?? errors.get("")}
        />
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

  const numeric = draft.groups.map((g) => ({
    targetGroupId: g.arn,
    weight: /^\d+$/.test(g.weight.trim()) ? Number(g.weight) : 0,
  }));
  const split = splitForward(numeric, (id) => health.get(id));
  const unused = options.filter((o) => !draft.groups.some((g) => g.arn === o.arn));
  const setGroup = (index: number, patch: Partial<{ arn: string; weight: string }>) =>
    onChange({ type: "forward", groups: draft.groups.map((g, i) => (i === index ? { ...g, ...patch } : g)) });

  return (
    <div className="flex flex-col gap-2">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-[11px] text-neutral-500 uppercase">
            <th scope="col" className="py-1 pr-2 font-medium">
              Target group
            </th>
            <th scope="col" className="w-52 py-1 pr-2 font-medium">
              Weight (0–{MAX_WEIGHT})
            </th>
            <th scope="col" className="w-16 py-1 pr-2 text-right font-medium">
              Share
            </th>
            <th
              scope="col"
              className="w-20 py-1 pr-2 text-right font-medium"
              title="Share once target groups without a healthy target are left out"
            >
              Effective
            </th>
            <th scope="col" className="w-8" />
          </tr>
        </thead>
        <tbody>
          {draft.groups.map((group, index) => {
            const share = split.groups[index];
            const h = health.get(group.arn);
            const weightError = errors.get(`forward.targetGroups.${index}.weight`);
            const idError = errors.get(`forward.targetGroups.${index}.targetGroupIdentifier`);
            const label = nameOf(group.arn);
            return (
              <tr
                key={group.arn}
                data-testid="weight-row"
                data-id={group.arn}
                className="border-t border-neutral-100 align-top"
              >
                <td className="py-1.5 pr-2">
                  <div className="font-medium break-all">{label}</div>
                  <div
                    className={`text-xs ${h && h.serving === 0 ? "font-semibold text-red-700" : "text-neutral-500"}`}
                  >
                    {h
                      ? h.serving === 0
                        ? "no healthy target"
                        : `${h.serving}/${h.total} healthy`
                      : "health unknown"}
                    {h && h.counts.UNHEALTHY > 0 && h.serving > 0 ? `, ${h.counts.UNHEALTHY} unhealthy` : ""}
                  </div>
                  <FieldMessage id={`${baseId}-${index}-id`} message={idError} />
                </td>
                <td className="py-1.5 pr-2">
                  <div className="flex items-center gap-2">
                    <Input
                      aria-label={`Weight of ${label}`}
                      inputMode="numeric"
                      value={group.weight}
                      disabled={disabled}
                      aria-invalid={weightError ? true : undefined}
                      aria-describedby={weightError ? `${baseId}-${index}-w` : undefined}
                      onChange={(e) => setGroup(index, { weight: e.target.value })}
                      className="h-8 w-20 px-2 font-mono"
                    />
                    <input
                      type="range"
                      min={0}
                      max={Math.max(100, ...numeric.map((n) => n.weight))}
                      value={numeric[index]?.weight ?? 0}
                      disabled={disabled}
                      aria-label={`Weight slider of ${label}`}
                      onChange={(e) => setGroup(index, { weight: e.target.value })}
                      className="w-full accent-sky-700"
                    />
                  </div>
                  <FieldMessage id={`${baseId}-${index}-w`} message={weightError} />
                </td>
                <td className="py-1.5 pr-2 text-right font-mono" data-testid="weight-share">
                  {share ? formatPercent(share.sharePercent, share.share) : "—"}
                </td>
                <td
                  className={`py-1.5 pr-2 text-right font-mono ${share?.noHealthyTarget ? "text-red-700" : "text-neutral-600"}`}
                >
                  {share ? formatPercent(share.effectivePercent, share.effectiveShare) : "—"}
                </td>
                <td className="py-1.5 text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove ${label}`}
                    disabled={disabled || draft.groups.length <= 1}
                    onClick={() =>
                      onChange({ type: "forward", groups: draft.groups.filter((_, i) => i !== index) })
                    }
                  >
                    ✕
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldMessage
        id={`${baseId}-groups`}
        message={errors.get("forward.targetGroups") ?? errors.get("forward") ?? errors.get("")}
      />
      {split.failing && draft.groups.length > 0 && (
        <p className="text-xs font-semibold text-red-700">
          With these weights, requests this action matches reach no target.
        </p>
      )}
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
