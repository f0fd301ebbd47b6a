import type { ChangeState } from "./diff-model";

export interface ChangeLook {
  label: string;
  /** Node ring, badge and edge colours. */
  ring: string;
  badge: string;
  stroke: string;
}

export const CHANGE_LOOK: Record<ChangeState, ChangeLook> = {
  added: {
    label: "added",
    ring: "border-emerald-500 bg-emerald-50 ring-2 ring-emerald-400/60",
    badge: "bg-emerald-600 text-white",
    stroke: "#059669",
  },
  removed: {
    label: "removed",
    ring: "border-dashed border-red-500 bg-red-50 ring-2 ring-red-400/50",
    badge: "bg-red-600 text-white",
    stroke: "#dc2626",
  },
  changed: {
    label: "changed",
    ring: "border-amber-500 bg-amber-50 ring-2 ring-amber-400/70",
    badge: "bg-amber-500 text-amber-950",
    stroke: "#d97706",
  },
};

export const CONTEXT_STROKE = "#a3a3a3";
