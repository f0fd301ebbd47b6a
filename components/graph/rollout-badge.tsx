"use client";

import type { MouseEvent } from "react";
import { useNow } from "@/components/crawls/use-now";
import { cx } from "@/components/ui/cx";
import type { RolloutStatus } from "@/lib/domain/routing/rollout";
import { useMapActions } from "./map-actions";
import { accountRolloutLines, badgeText, type RolloutBadge } from "./model/rollout-marks";
import { useLowDetail } from "./use-low-detail";
import { useAccountRollouts, useRolloutBadge } from "./use-rollout-marks";

/** Solid colours, so a badge reads against any node: sky running, amber paused, green completed, red ended badly. */
export const ROLLOUT_TONE: Record<RolloutStatus, string> = {
  running: "bg-sky-600 text-white ring-sky-800",
  paused: "bg-amber-400 text-amber-950 ring-amber-600",
  completed: "bg-emerald-600 text-white ring-emerald-800",
  aborted: "bg-red-600 text-white ring-red-800",
  failed: "bg-red-600 text-white ring-red-800",
};

function StatusGlyph({ status, className }: { status: RolloutStatus; className: string }) {
  const shape =
    status === "running" ? (
      <path d="M5 3.5v9l7.5-4.5z" fill="currentColor" />
    ) : status === "paused" ? (
      <path d="M4.5 3.5h2.5v9H4.5zM9 3.5h2.5v9H9z" fill="currentColor" />
    ) : status === "completed" ? (
      <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    ) : (
      <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    );
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={cx("shrink-0", className)}>
      {shape}
    </svg>
  );
}

function Clock() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="h-3 w-3 shrink-0">
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function Badge({ nodeId, badge, compact }: { nodeId: string; badge: RolloutBadge; compact: boolean }) {
  const lowDetail = useLowDetail();
  const { select, openRollout } = useMapActions();
  // Only a running badge with a next step ticks, and only while it can be read.
  const now = useNow(badge.status === "running" && badge.nextStepAt !== null && !lowDetail);
  const { text, next, label } = badgeText(badge, now, lowDetail ? "short" : compact ? "compact" : "full");
  const open = (event: MouseEvent) => {
    event.stopPropagation();
    if (openRollout) openRollout(badge.service, badge.rolloutId);
    else select?.(badge.service);
  };
  return (
    <button
      type="button"
      data-testid="rollout-badge"
      data-status={badge.status}
      data-rollout={badge.rolloutId}
      data-node={nodeId}
      aria-label={label}
      title={`${label}\nClick to open the rollout: its steps, what happened and who did it`}
      onClick={open}
      className={cx(
        "nodrag nopan absolute right-2 z-10 flex max-w-[calc(100%-1rem)] cursor-pointer items-center gap-1 rounded-full font-semibold whitespace-nowrap tabular-nums shadow-sm ring-1 hover:brightness-110",
        ROLLOUT_TONE[badge.status],
        lowDetail ? "-top-4 h-8 px-3 text-[17px]" : "-top-2.5 h-5 px-1.5 text-[11px] leading-5",
      )}
    >
      <StatusGlyph status={badge.status} className={lowDetail ? "h-4 w-4" : "h-3 w-3"} />
      <span className="truncate">{text}</span>
      {next && (
        <span className="-ml-1 flex shrink-0 items-center gap-0.5 whitespace-pre">
          {" · "}
          <Clock />
          {next}
        </span>
      )}
    </button>
  );
}

/** The badge of the rollout touching a service, listener or rule node; nothing when none does. */
export function NodeRolloutBadge({ nodeId, compact = false }: { nodeId: string; compact?: boolean }) {
  const badge = useRolloutBadge(nodeId);
  return badge ? <Badge nodeId={nodeId} badge={badge} compact={compact} /> : null;
}

/** "1 rollout running" on an account box, so rollouts show at the overview zoom. */
export function AccountRolloutChips({ boxId }: { boxId: string }) {
  const counts = useAccountRollouts(boxId);
  const lowDetail = useLowDetail();
  if (!counts) return null;
  const lines = accountRolloutLines(counts);
  if (lines.length === 0) return null;
  return (
    <ul
      aria-label="Rollouts"
      data-testid="account-rollouts"
      className="pointer-events-none absolute right-3 z-10 flex gap-1"
      style={{ top: lowDetail ? -17 : -11 }}
    >
      {lines.map((line) => (
        <li
          key={line.status}
          data-status={line.status}
          className={cx(
            "flex items-center gap-1 rounded-full font-semibold whitespace-nowrap shadow-sm ring-1",
            ROLLOUT_TONE[line.status],
            lowDetail ? "h-8 px-3 text-[17px]" : "h-5 px-2 text-[11px] leading-5",
          )}
        >
          <StatusGlyph status={line.status} className={lowDetail ? "h-4 w-4" : "h-3 w-3"} />
          {line.text}
        </li>
      ))}
    </ul>
  );
}
