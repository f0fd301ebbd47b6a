"use client";

import { memo } from "react";
import type { Node, NodeProps } from "@xyflow/react";
import { HandleFrame } from "@/components/graph/handles";
import { KindIcon } from "@/components/graph/kind-icon";
import { KIND_LOOK } from "@/components/graph/model/kinds";
import { cx } from "@/components/ui/cx";
import type { ChangeGraphBox, ChangeGraphNode } from "./change-graph-model";
import { CHANGE_LOOK } from "./change-look";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

export type ChangeFlowNode = Node<{ node: ChangeGraphNode }, "change">;
export type ChangeAccountFlowNode = Node<{ box: ChangeGraphBox }, "changeAccount">;

function ChangeNodeView({ data }: NodeProps<ChangeFlowNode>) {
  const { resource, state, context } = data.node;
  const look = KIND_LOOK[resource.kind];
  const change = state ? CHANGE_LOOK[state] : undefined;
  return (
    <HandleFrame border={1}>
      <div
        data-id={resource.id}
        data-kind={resource.kind}
        data-change={state ?? "context"}
        title={revealInvisible(
          `${look.label} ${resource.name}${state ? ` (${state})` : ""}\n${resource.id}`,
          { lines: true },
        )}
        className={cx(
          "relative flex h-full w-full cursor-pointer items-center gap-2 rounded-lg border bg-white px-2 text-left shadow-sm",
          change ? change.ring : "border-neutral-300 opacity-75",
        )}
      >
        <span
          className="flex h-6 w-6 shrink-0 items-center justify-center rounded-md"
          style={{ backgroundColor: look.tint, color: look.accent }}
        >
          <KindIcon kind={resource.kind} className="h-4 w-4" />
        </span>
        <div className="min-w-0 flex-1 overflow-hidden leading-tight">
          <div
            className={cx(
              "truncate text-[13px] font-semibold text-neutral-900",
              state === "removed" && "line-through decoration-red-500/70",
            )}
          >
            <RevealedText text={resource.name} />
          </div>
          <div className="truncate text-[11px] text-neutral-500">
            {look.label}
            {context.length > 0 ? ` · ${revealInvisible(context.join(" › "))}` : ""}
          </div>
        </div>
        {change && (
          <span
            className={cx(
              "absolute -top-2 right-2 rounded px-1 py-px text-[9px] leading-3 font-bold uppercase shadow-sm",
              change.badge,
            )}
          >
            {change.label}
          </span>
        )}
      </div>
    </HandleFrame>
  );
}

function ChangeAccountView({ data }: NodeProps<ChangeAccountFlowNode>) {
  return (
    <div
      data-id={`account:${data.box.accountId}`}
      data-kind="account"
      className="h-full w-full rounded-xl border-2 border-slate-300 bg-white/70"
    >
      <div className="flex items-baseline gap-2 px-3 pt-2.5">
        <span className="text-sm font-semibold text-neutral-900">{data.box.name}</span>
        <span className="font-mono text-[11px] text-neutral-500">{data.box.accountId}</span>
      </div>
    </div>
  );
}

export const ChangeNode = memo(ChangeNodeView);
export const ChangeAccountNode = memo(ChangeAccountView);
