"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { currentStep, stepText } from "@/components/graph/model/rollout-marks";
import { formatTime } from "@/components/inspector/values";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { controlRolloutRequest, type RolloutView } from "@/lib/client/changes-api";
import { queryKeys } from "@/lib/client/query-keys";
import { isActiveRollout } from "@/lib/domain/routing/rollout";

const TONE: Record<RolloutView["status"], BadgeTone> = {
  running: "info",
  paused: "warn",
  completed: "good",
  aborted: "neutral",
  failed: "bad",
};

const ENDED: Partial<Record<RolloutView["status"], string>> = {
  completed: "Completed",
  aborted: "Aborted",
  failed: "Failed",
};

function Steps({ rollout }: { rollout: RolloutView }) {
  const at = currentStep(rollout.stepsDone, rollout.steps.length);
  return (
    <ol className="flex flex-wrap gap-1" aria-label="Steps">
      {rollout.steps.map((percent, i) => {
        const done = i < rollout.stepsDone;
        const current = i + 1 === at && isActiveRollout(rollout.status);
        return (
          <li
            key={percent}
            data-done={done || undefined}
            title={`Step ${i + 1} of ${rollout.steps.length}: ${percent} % to the canary${done ? " (taken)" : ""}`}
            className={cx(
              "rounded px-1.5 font-mono text-xs",
              done ? "bg-sky-700 text-white" : "bg-neutral-100 text-neutral-600",
              current && "ring-2 ring-sky-400",
            )}
          >
            {percent} %
          </li>
        );
      })}
    </ol>
  );
}

/**
 * A rollout: where it is ("Step 2 of 4", the same words as its badge on the map), its steps, who started it and
 * what happened since (who paused, resumed or aborted it, each step, why it ended); pause, resume and abort
 * while it runs. `focused`: opened from its badge, so it scrolls into view.
 */
export function RolloutProgress({
  rollout,
  canaryName,
  focused = false,
}: {
  rollout: RolloutView;
  canaryName?: string | undefined;
  focused?: boolean;
}) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!focused || !element) return;
    // Scrolls the panel it is in (the inspector), not the page around the map.
    let scroller = element.parentElement;
    while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY))
      scroller = scroller.parentElement;
    if (!scroller) return;
    const offset = element.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 16;
    scroller.scrollBy({ top: offset, behavior: "smooth" });
  }, [focused]);
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
  const ended = ENDED[rollout.status];
  const canary = canaryName ?? rollout.canary.replace(/^.*targetgroup\//, "");
  const events = (
    <ol className="flex flex-col gap-0.5" aria-label="What happened">
      {rollout.events.map((e) => (
        <li key={`${e.at}-${e.message}`} className="grid grid-cols-[5.5rem_1fr] gap-2">
          <time dateTime={e.at} className="whitespace-nowrap text-neutral-500 tabular-nums">
            {new Date(e.at).toLocaleTimeString()}
          </time>
          <span>{e.message}</span>
        </li>
      ))}
    </ol>
  );
  return (
    <div
      ref={ref}
      className={cx(
        "flex scroll-mt-4 flex-col gap-2 rounded-md border p-2",
        ended ? "border-neutral-300 bg-neutral-50" : "border-neutral-200",
        focused && "ring-2 ring-sky-500",
      )}
      data-testid={active ? "rollout" : "rollout-ended"}
      data-rollout={rollout.id}
      data-status={rollout.status}
      data-focused={focused || undefined}
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={TONE[rollout.status]}>{rollout.status}</Badge>
        <span data-testid="rollout-step" className="font-medium">
          {stepText(rollout.stepsDone, rollout.steps.length).replace(/^s/, "S")}
        </span>
        <span className="text-neutral-600">to {canary}</span>
        <Steps rollout={rollout} />
        {rollout.nextStepAt && rollout.status === "running" && (
          <span className="text-xs text-neutral-500">
            next at {new Date(rollout.nextStepAt).toLocaleTimeString()}
          </span>
        )}
      </div>
      <p className="text-xs text-neutral-600">
        Started by {rollout.createdBy.name}, {formatTime(rollout.createdAt)} · waits {rollout.waitSeconds} s
        between steps · allows {rollout.maxUnhealthy} unhealthy canary target
        {rollout.maxUnhealthy === 1 ? "" : "s"}
      </p>
      {rollout.message && (
        <p className="text-sm text-neutral-800" data-testid="rollout-reason">
          {ended ? <span className="font-semibold">{ended}: </span> : null}
          {rollout.message}
        </p>
      )}
      {ended ? (
        <div className="text-xs text-neutral-700">{events}</div>
      ) : (
        <details className="text-xs text-neutral-600">
          <summary className="cursor-pointer">What happened ({rollout.events.length})</summary>
          {events}
        </details>
      )}
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
