"use client";

import { useQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/inspector/values";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { fetchChange, type ChangeView } from "@/lib/client/changes-api";
import { queryKeys } from "@/lib/client/query-keys";
import { PlanBody } from "./plan-review";

const TONE: Record<ChangeView["status"], BadgeTone> = {
  planned: "info",
  applying: "neutral",
  applied: "good",
  conflict: "warn",
  failed: "bad",
};

/**
 * A routing change opened from the audit log: who planned and applied it, what it moved (the same plan the
 * editor reviewed) and the CLI equivalent. Shown beside the map, above the inspector of its listener or rule.
 */
export function ChangePanel({ id, onClose }: { id: string; onClose: () => void }) {
  const change = useQuery({
    queryKey: queryKeys.changes.detail(id),
    queryFn: ({ signal }) => fetchChange(id, signal),
  });
  return (
    <section
      aria-label="Change"
      data-testid="change-panel"
      className="max-h-[45%] shrink-0 overflow-y-auto border-b border-neutral-200 bg-neutral-50 px-4 py-3"
    >
      <div className="mb-2 flex items-center gap-2">
        <h2 className="text-sm font-semibold">Change</h2>
        {change.data && <Badge tone={TONE[change.data.status]}>{change.data.status}</Badge>}
        <span className="flex-1" />
        <button
          type="button"
          aria-label="Close the change"
          onClick={onClose}
          className="rounded px-1 text-lg leading-none text-neutral-500 hover:bg-neutral-200"
        >
          ×
        </button>
      </div>
      {change.isPending && <p className="text-sm text-neutral-600">Loading change {id}…</p>}
      {change.isError && (
        <p role="alert" className="text-sm text-red-800">
          The change could not be loaded: {change.error.message}
        </p>
      )}
      {change.data && (
        <div className="flex flex-col gap-2 text-sm">
          <p className="text-xs text-neutral-600">
            Planned by {change.data.createdBy.name}, {formatTime(change.data.createdAt)}
            {change.data.appliedAt
              ? ` · applied by ${change.data.appliedBy?.name ?? "someone"}, ${formatTime(change.data.appliedAt)}`
              : ""}
            {change.data.rolloutId ? " · a step of a staged rollout" : ""}
          </p>
          <PlanBody plan={change.data.plan} cli={change.data.cli} />
        </div>
      )}
    </section>
  );
}
