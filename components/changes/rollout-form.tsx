"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import {
  controlRolloutRequest,
  fetchRollouts,
  startRolloutRequest,
  type RolloutView,
} from "@/lib/client/changes-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { FieldError } from "@/lib/domain/change-plan";
import { isActiveRollout } from "@/lib/domain/rollout";
import type { RuleAction } from "@/lib/domain/rule-schemas";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { TargetGroupOption } from "./action-editor";

const TONE: Record<RolloutView["status"], BadgeTone> = {
  running: "info",
  paused: "warn",
  completed: "good",
  aborted: "neutral",
  failed: "bad",
};

export const rolloutsKey = (listener: string) => [...queryKeys.rollouts.all, listener] as const;

/** A rollout's progress: its steps, where it is, what happened; pause, resume and abort while it runs. */
export function RolloutProgress({ rollout }: { rollout: RolloutView }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const act = async (action: "pause" | "resume" | "abort") => {
    setError(undefined);
    try {
      await controlRolloutRequest(rollout.id, action);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    // Every rollout list: this listener's, and the map's badges.
    await queryClient.invalidateQueries({ queryKey: queryKeys.rollouts.all });
  };
  const active = isActiveRollout(rollout.status);
  return (
    <div
      className="flex flex-col gap-2 rounded-md border border-neutral-200 p-2"
      data-testid="rollout"
      data-status={rollout.status}
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={TONE[rollout.status]}>{rollout.status}</Badge>
        <span>
          Step {Math.min(rollout.stepsDone, rollout.steps.length)} of {rollout.steps.length}
        </span>
        <ol className="flex gap-1" aria-label="Steps">
          {rollout.steps.map((percent, i) => (
            <li
              key={percent}
              className={`rounded px-1.5 font-mono text-xs ${i < rollout.stepsDone ? "bg-sky-700 text-white" : "bg-neutral-100 text-neutral-600"}`}
            >
              {percent} %
            </li>
          ))}
        </ol>
        {rollout.nextStepAt && rollout.status === "running" && (
          <span className="text-xs text-neutral-500">
            next at {new Date(rollout.nextStepAt).toLocaleTimeString()}
          </span>
        )}
      </div>
      {rollout.message && <p className="text-sm text-neutral-700">{rollout.message}</p>}
      <details className="text-xs text-neutral-600">
        <summary className="cursor-pointer">History</summary>
        <ul>
          {rollout.events.map((e) => (
            <li key={`${e.at}-${e.message}`}>
              {new Date(e.at).toLocaleTimeString()} — {e.message}
            </li>
          ))}
        </ul>
      </details>
      {active && (
        <div className="flex gap-2">
          {rollout.status === "running" ? (
            <Button size="sm" onClick={() => void act("pause")}>
              Pause
            </Button>
          ) : (
            <Button size="sm" onClick={() => void act("resume")}>
              Resume
            </Button>
          )}
          <Button size="sm" onClick={() => void act("abort")}>
            Abort and restore
          </Button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** Rollouts of one listener, polled while one is active. */
export function useRollouts(listener: string) {
  return useQuery({
    queryKey: rolloutsKey(listener),
    queryFn: ({ signal }) => fetchRollouts(listener, signal),
    refetchInterval: (q) => (q.state.data?.some((r) => isActiveRollout(r.status)) ? 2_000 : false),
  });
}

/** Starts a staged canary for an action: the target group to shift to, the steps, the wait and the health gate. */
export function RolloutForm({
  target,
  action,
  options,
  tgArn,
  onBack,
}: {
  target: string;
  action: RuleAction;
  options: TargetGroupOption[];
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
  const [steps, setSteps] = useState("10, 25, 50, 100");
  const [wait, setWait] = useState("300");
  const [maxUnhealthy, setMaxUnhealthy] = useState("0");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const rollouts = useRollouts(listener);
  const mine = rollouts.data?.filter((r) => r.target === target) ?? [];

  async function start() {
    setMessage(undefined);
    const result = await startRolloutRequest({
      target,
      canary,
      steps: steps
        .split(/[\s,→>]+/)
        .filter(Boolean)
        .map(Number),
      waitSeconds: Number(wait),
      maxUnhealthy: Number(maxUnhealthy),
    });
    if (result.ok) {
      setErrors([]);
      await queryClient.invalidateQueries({ queryKey: queryKeys.rollouts.all });
    } else {
      setErrors(result.errors);
      setMessage(result.message);
    }
  }
  const errorOf = (field: string) =>
    errors
      .filter((e) => e.field === field || e.field.startsWith(`${field}.`))
      .map((e) => e.message)
      .join(" ");

  return (
    <div className="flex flex-col gap-3" data-testid="rollout-form">
      <p className="text-sm text-neutral-700">
        Shift this action to one target group step by step. Between steps Trellis waits, then checks the
        target group&apos;s health; if the gate fails it puts the starting weights back. Each step is applied
        and audited like a manual change.
      </p>
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
            value={steps}
            onChange={(e) => setSteps(e.target.value)}
            aria-invalid={errorOf("steps") ? true : undefined}
          />
          {errorOf("steps") && <span className="text-xs text-red-700">{errorOf("steps")}</span>}
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Wait between steps (seconds)</span>
          <Input inputMode="numeric" value={wait} onChange={(e) => setWait(e.target.value)} />
          {errorOf("waitSeconds") && <span className="text-xs text-red-700">{errorOf("waitSeconds")}</span>}
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Unhealthy targets allowed</span>
          <Input inputMode="numeric" value={maxUnhealthy} onChange={(e) => setMaxUnhealthy(e.target.value)} />
        </label>
      </div>
      {(message || errorOf("target") || errorOf("canary")) && (
        <p role="alert" className="text-sm text-red-700">
          {[message, errorOf("target"), errorOf("canary")].filter(Boolean).join(" ")}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={onBack}>Back</Button>
        <Button
          variant="primary"
          onClick={() => void start()}
          disabled={mine.some((r) => isActiveRollout(r.status))}
        >
          Start rollout
        </Button>
      </div>
      {mine.slice(0, 3).map((r) => (
        <RolloutProgress key={r.id} rollout={r} />
      ))}
    </div>
  );
}
