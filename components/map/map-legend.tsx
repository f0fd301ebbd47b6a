import { KindIcon } from "@/components/graph/kind-icon";
import { FILTER_KINDS, KIND_LOOK } from "@/components/graph/model/kinds";
import { PARTIAL_TONE } from "@/components/graph/partial-marks";
import { ROLLOUT_TONE } from "@/components/graph/rollout-badge";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";

function Line({ color, dash, width = 2 }: { color: string; dash?: string; width?: number }) {
  return (
    <svg viewBox="0 0 40 8" aria-hidden="true" className="h-2 w-10 shrink-0">
      <path d="M1 4h38" stroke={color} strokeWidth={width} strokeDasharray={dash} />
    </svg>
  );
}

/** What the shapes, colours and lines of the map mean. */
export function MapLegend({ onClose }: { onClose: () => void }) {
  return (
    <aside
      aria-label="Legend"
      className="absolute top-3 right-3 z-10 w-72 rounded-lg border border-neutral-200 bg-white/95 p-3 text-xs text-neutral-700 shadow-lg backdrop-blur"
    >
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-neutral-900">Legend</h2>
        <button
          type="button"
          aria-label="Close legend"
          onClick={onClose}
          className="rounded px-1 text-base leading-none text-neutral-500 hover:bg-neutral-100"
        >
          ×
        </button>
      </div>
      <ul className="grid grid-cols-2 gap-x-2 gap-y-1">
        {FILTER_KINDS.map((kind) => (
          <li key={kind} className="flex items-center gap-1.5">
            <span
              className="flex h-5 w-5 items-center justify-center rounded"
              style={{ backgroundColor: KIND_LOOK[kind].tint, color: KIND_LOOK[kind].accent }}
            >
              <KindIcon kind={kind} className="h-3.5 w-3.5" />
            </span>
            {KIND_LOOK[kind].label}
          </li>
        ))}
      </ul>
      <ul className="mt-3 flex flex-col gap-1.5 border-t border-neutral-200 pt-2">
        <li className="flex items-center gap-2">
          <Line color="#334155" width={3} />
          Forward, with the target group&apos;s share of each rule (&quot;default 90 %&quot;)
        </li>
        <li className="flex items-center gap-2">
          <Line color="#dc2626" dash="6 4" />
          Forward to a group with no healthy target
        </li>
        <li className="flex items-center gap-2">
          <Line color="#8b5cf6" />
          Service network association
        </li>
        <li className="flex items-center gap-2">
          <Line color="#c026d3" dash="10 3 2 3" />
          Shared through AWS RAM (not a fault)
        </li>
        <li className="flex items-center gap-2">
          <Line color="#a3a3a3" dash="3 5" />
          Share invitation pending
        </li>
      </ul>
      <ul className="mt-3 flex flex-col gap-1.5 border-t border-neutral-200 pt-2">
        <li className="flex items-center gap-2">
          <span aria-hidden="true" className="flex h-2 w-10 shrink-0 overflow-hidden rounded-full">
            <span className="h-full w-[90%] bg-slate-700" />
            <span className="h-full w-[10%] bg-sky-500" />
          </span>
          a service&apos;s weighted split between target groups (90 / 10)
        </li>
        <li className="flex items-center gap-2">
          <Badge tone="bad">No healthy target</Badge>
          receives weight, nothing can serve it
        </li>
        <li className="flex items-center gap-2">
          <Badge tone="warn" className="!bg-red-50 !text-red-800 !ring-red-300">
            1 unhealthy
          </Badge>
          some targets fail health checks
        </li>
        <li className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="h-4 w-10 shrink-0 rounded border border-dashed border-neutral-400"
            style={{ backgroundImage: "repeating-linear-gradient(135deg, #e5e5e5 0 4px, #f5f5f5 4px 8px)" }}
          />
          stale: the last crawl of this account failed
        </li>
        <li className="flex items-center gap-2" data-testid="legend-partial">
          <Badge tone="warn" className={`w-10 justify-center ${PARTIAL_TONE}`}>
            partial
          </Badge>
          some reads of this account failed in its last crawl
        </li>
        <li className="flex items-center gap-2" data-testid="legend-incomplete">
          <span className="flex w-10 shrink-0 justify-center">
            <span className="rounded bg-amber-100 px-1 text-[10px] leading-4 font-bold text-amber-900 ring-1 ring-amber-400 ring-inset">
              ?
            </span>
          </span>
          incomplete: part of it could not be read (the inspector says what and why)
        </li>
        <li className="flex items-center gap-2">
          <span aria-hidden="true" className="flex w-10 shrink-0 gap-0.5">
            {(["running", "paused", "completed", "aborted"] as const).map((status) => (
              <span key={status} className={cx("h-2.5 w-2.5 rounded-full ring-1", ROLLOUT_TONE[status])} />
            ))}
          </span>
          staged rollout running, paused, completed, aborted: on its service, and a ring on the canary&apos;s
          share
        </li>
      </ul>
      <p className="mt-3 border-t border-neutral-200 pt-2 text-neutral-500">
        Click an account to open it; click a resource to inspect it. Drag to rearrange: positions are saved.
      </p>
    </aside>
  );
}
