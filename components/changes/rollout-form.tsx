"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { fetchRollouts, startRolloutRequest } from "@/lib/client/changes-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { FieldError } from "@/lib/domain/routing/change-types";
import { isActiveRollout } from "@/lib/domain/routing/rollout";
import {
  checkRolloutForm,
  preflightGate,
  type RolloutFormField,
  type RolloutFormInput,
} from "@/lib/domain/routing/rollout-form";
import type { RuleAction } from "@/lib/domain/routing/rule-schemas";
import type { TargetGroupHealth } from "@/lib/domain/routing/weights";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { TargetGroupOption } from "./action-editor";
import { stepText } from "@/components/graph/model/rollout-marks";
import { RolloutProgress } from "./rollout-progress";

export const rolloutsKey = (listener: string) => [...queryKeys.rollouts.all, listener] as const;

/** Rollouts of one listener, polled while one is active. */
export function useRollouts(listener: string) {
  return useQuery({
    queryKey: rolloutsKey(listener),
    queryFn: ({ signal }) => fetchRollouts(listener, signal),
    refetchInterval: (q) => (q.state.data?.some((r) => isActiveRollout(r.status)) ? 2_000 : false),
  });
}

const FIELD_LABELS: Record<RolloutFormField, string> = {
  steps: "Steps",
  waitSeconds: "Wait",
  maxUnhealthy: "Unhealthy targets allowed",
};

function Message({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span id={id} role="alert" className="text-xs text-red-700">
      {text}
    </span>
  ) : null;
}

/**
 * Starts a staged canary for an action: the target group to shift to, the steps, the wait and the health gate.
 * Each field is checked as it is typed, with one message in words; a canary that already fails the gate it will
 * be held to is said before anything starts.
 */
export function RolloutForm({
  target,
  action,
  options,
  health,
  tgArn,
  onBack,
}: {
  target: string;
  action: RuleAction;
  options: TargetGroupOption[];
  health: ReadonlyMap<string, TargetGroupHealth>;
  tgArn: (identifier: string) => string;
  onBack: () => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const listener = target.replace(/\/rule\/[^/]+$/, "");
  const groups =
    "forward" in action ? action.forward.targetGroups.map((g) => tgArn(g.targetGroupIdentifier)) : [];
  const names = new Map(options.map((o) => [o.arn, o.name]));
  const lightest = [...("forward" in action ? action.forward.targetGroups : [])].sort(
    (a, b) => (a.weight ?? 0) - (b.weight ?? 0),
  )[0];
  const [canary, setCanary] = useState(lightest ? tgArn(lightest.targetGroupIdentifier) : "");
  const [input, setInput] = useState<RolloutFormInput>({
    steps: "10, 25, 50, 100",
    waitSeconds: "300",
    maxUnhealthy: "0",
  });
  // The server's answer holds for the form it answered; editing a field clears its message.
  const [answered, setAnswered] = useState<{
    input: RolloutFormInput;
    canary: string;
    errors: FieldError[];
    message?: string;
  }>();
  const [busy, setBusy] = useState(false);
  const rollouts = useRollouts(listener);
  const mine = rollouts.data?.filter((r) => r.target === target) ?? [];
  const check = checkRolloutForm(input);
  const canaryName = names.get(canary) ?? canary.replace(/^.*targetgroup\//, "");
  // Said as soon as the allowance reads well, whatever the steps say so far (a rollout has a gate from step 2).
  const gate = preflightGate(health.get(canary), check.parsed.maxUnhealthy, check.parsed.steps?.length ?? 2);
  const running = mine.find((r) => isActiveRollout(r.status));

  const serverError = (field: string): string | undefined => {
    if (!answered) return undefined;
    const unchanged =
      field === "canary" || field === "target"
        ? answered.canary === canary
        : answered.input[field as RolloutFormField] === input[field as RolloutFormField];
    if (!unchanged) return undefined;
    const error = answered.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`));
    return error ? `${FIELD_LABELS[field as RolloutFormField] ?? "This"} ${error.message}` : undefined;
  };
  const fieldError = (field: RolloutFormField) => check.errors[field] ?? serverError(field);
  const set = (field: RolloutFormField) => (e: { target: { value: string } }) =>
    setInput({ ...input, [field]: e.target.value });

  async function start() {
    if (!check.values) return;
    setBusy(true);
    try {
      const result = await startRolloutRequest({ target, canary, ...check.values });
      if (result.ok) {
        setAnswered(undefined);
        await queryClient.invalidateQueries({ queryKey: queryKeys.rollouts.all });
      } else {
        setAnswered({
          input,
          canary,
          errors: result.errors,
          ...(result.message ? { message: result.message } : {}),
        });
      }
    } finally {
      setBusy(false);
    }
  }
  const general = [
    answered?.input === input ? answered.message : undefined,
    serverError("target"),
    serverError("canary"),
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <div className="flex flex-col gap-3" data-testid="rollout-form">
      <p className="text-sm text-neutral-700">
        Shift this action to one target group step by step. The first step is applied at once; before each
        later one Trellis waits, then checks the target group&apos;s health, and if the gate fails it puts the
        starting weights back. Each step is applied and audited like a manual change.
      </p>
      {running ? (
        <RolloutProgress rollout={running} canaryName={names.get(running.canary)} />
      ) : (
        mine[0] && (
          <p className="text-xs text-neutral-600" data-testid="rollout-last">
            The last rollout of this action was {mine[0].status} at{" "}
            {stepText(mine[0].stepsDone, mine[0].steps.length)}
            {mine[0].message ? `: ${mine[0].message}` : "."} Its panel is above the listener&apos;s routing
            table.
          </p>
        )
      )}
      <div className="grid grid-cols-2 gap-3 text-sm">
        <label className="flex flex-col gap-1" htmlFor={`${id}-canary`}>
          <span className="font-medium">Shift to</span>
          <select
            id={`${id}-canary`}
            className="h-9 rounded-md border border-neutral-300 px-2"
            value={canary}
            onChange={(e) => setCanary(e.target.value)}
          >
            {groups.map((arn) => (
              <option key={arn} value={arn}>
                {names.get(arn) ?? arn}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Steps (% to it)</span>
          <Input
            value={input.steps}
            onChange={set("steps")}
            aria-invalid={fieldError("steps") ? true : undefined}
            aria-describedby={`${id}-steps`}
          />
          <Message id={`${id}-steps`} text={fieldError("steps")} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Wait between steps (seconds)</span>
          <Input
            inputMode="numeric"
            value={input.waitSeconds}
            onChange={set("waitSeconds")}
            aria-invalid={fieldError("waitSeconds") ? true : undefined}
            aria-describedby={`${id}-wait`}
          />
          <Message id={`${id}-wait`} text={fieldError("waitSeconds")} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Unhealthy targets allowed</span>
          <Input
            inputMode="numeric"
            value={input.maxUnhealthy}
            onChange={set("maxUnhealthy")}
            aria-invalid={fieldError("maxUnhealthy") ? true : undefined}
            aria-describedby={`${id}-unhealthy`}
          />
          <Message id={`${id}-unhealthy`} text={fieldError("maxUnhealthy")} />
        </label>
      </div>
      {check.notes.map((note) => (
        <p key={note} className="text-xs text-neutral-600">
          {note}
        </p>
      ))}
      {gate && (
        <p
          data-testid="rollout-preflight"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950"
        >
          <span className="font-semibold">{canaryName} already fails the health gate:</span>{" "}
          {gate.reason.replace(/^the canary/, "it")}. The rollout would take its first step, then put the
          starting weights back before step 2. Fix its targets first, or allow more unhealthy targets.
        </p>
      )}
      {general && (
        <p role="alert" className="text-sm text-red-700">
          {general}
        </p>
      )}
      <div className="flex items-center justify-end gap-2">
        {running && (
          <span className="text-xs text-neutral-600">
            A rollout is already {running.status} on this action.
          </span>
        )}
        <Button onClick={onBack}>Back</Button>
        <Button
          variant="primary"
          onClick={() => void start()}
          disabled={busy || running !== undefined || check.values === undefined}
        >
          {busy ? "Starting…" : "Start rollout"}
        </Button>
      </div>
    </div>
  );
}
