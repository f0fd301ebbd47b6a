import { KindIcon } from "@/components/graph/kind-icon";
import { KIND_LOOK } from "@/components/graph/model/kinds";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";

export function kindLabel(kind: ResourceKind): string {
  return KIND_LOOK[kind].label;
}

/** The kind's icon in the map's colours. */
export function KindGlyph({ kind, size = "md" }: { kind: ResourceKind; size?: "sm" | "md" }) {
  const look = KIND_LOOK[kind];
  const box = size === "sm" ? "h-5 w-5 rounded" : "h-8 w-8 rounded-md";
  return (
    <span
      aria-hidden="true"
      title={look.label}
      style={{ color: look.accent, backgroundColor: look.tint, borderColor: look.accent }}
      className={`inline-flex shrink-0 items-center justify-center border ${box}`}
    >
      <KindIcon kind={kind} className={size === "sm" ? "h-3 w-3" : "h-4.5 w-4.5"} />
    </span>
  );
}
