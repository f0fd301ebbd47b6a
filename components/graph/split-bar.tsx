import { formatPercent } from "@/lib/domain/routing/weights";
import { cx } from "@/components/ui/cx";
import type { ServiceSplit } from "./model/topology-index";

/** Segment colours in action order: the first group dark, the next ones lighter and distinct; red: no healthy target. */
const SEGMENT = ["#334155", "#0ea5e9", "#a855f7", "#f59e0b", "#14b8a6"];
const DEAD = "#dc2626";

/** "90 / 10": the split as the service node reads it. */
export function splitText(split: ServiceSplit): string {
  return split.parts.map((p) => formatPercent(p.percent, p.share).replace(" %", "")).join(" / ");
}

function describe(split: ServiceSplit): string {
  const parts = split.parts
    .map(
      (p) =>
        `${p.name} ${formatPercent(p.percent, p.share)}${p.noHealthyTarget ? " (no healthy target)" : ""}`,
    )
    .join(", ");
  const others =
    split.others > 0
      ? `; ${split.others} more ${split.others === 1 ? "rule splits" : "rules split"} too`
      : "";
  return `Split of the ${split.where}: ${parts}${others}`;
}

/**
 * A service's weighted split as a bar of its target groups' shares with "90 / 10" beside it, readable at the
 * zoom that fits a small estate (`large` when zoomed out: a thicker bar, text twice the size, the node's health
 * row being hidden then).
 */
export function SplitBar({ split, large }: { split: ServiceSplit; large: boolean }) {
  const label = describe(split);
  return (
    <div
      data-testid="split-bar"
      data-split={splitText(split)}
      title={label}
      aria-label={label}
      role="img"
      className="flex min-w-0 items-center gap-1.5"
    >
      <div
        className={cx(
          "flex min-w-0 flex-1 overflow-hidden rounded-full bg-neutral-200",
          large ? "h-3" : "h-2",
        )}
      >
        {split.parts.map((part, i) =>
          part.share > 0 ? (
            <span
              key={part.targetGroupId}
              className="h-full border-r border-white last:border-r-0"
              style={{
                width: `${part.share * 100}%`,
                backgroundColor: part.noHealthyTarget ? DEAD : SEGMENT[i % SEGMENT.length],
              }}
            />
          ) : null,
        )}
      </div>
      <span
        className={cx(
          "shrink-0 font-semibold text-neutral-800 tabular-nums",
          large ? "text-[22px] leading-6" : "text-[11px]",
        )}
      >
        {splitText(split)}
        {split.others > 0 && !large ? (
          <span className="font-normal text-neutral-500"> +{split.others}</span>
        ) : null}
      </span>
    </div>
  );
}
