"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { planRoutingChange, type PlannedChange } from "@/lib/client/changes-api";
import type { FieldError } from "@/lib/domain/change-plan";
import { MAX_HEADER_MATCHES, type RuleAction, type RuleMatch } from "@/lib/domain/rule-schemas";
import type { TargetGroupHealth } from "@/lib/domain/weights";
import { Button } from "@/components/ui/button";
import { AppliedNotice, TitledDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { draftOf } from "./action-dialog";
import {
  ActionEditor,
  draftToAction,
  errorsUnder,
  type DraftAction,
  type TargetGroupOption,
} from "./action-editor";
import { PlanReview } from "./plan-review";
import { refreshAfterApply } from "@/lib/client/refresh-after-crawl";

type HeaderType = "exact" | "prefix" | "contains";
interface DraftHeader {
  name: string;
  type: HeaderType;
  value: string;
  caseSensitive: boolean;
}
interface DraftMatch {
  pathType: "none" | "exact" | "prefix";
  path: string;
  pathCaseSensitive: boolean;
  method: string;
  headers: DraftHeader[];
}

function draftMatchOf(match: RuleMatch | undefined): DraftMatch {
  const http = match?.httpMatch;
  const path = http?.pathMatch?.match;
  return {
    pathType: path ? ("exact" in path ? "exact" : "prefix") : "none",
    path: path ? ("exact" in path ? path.exact : path.prefix) : "",
    pathCaseSensitive: http?.pathMatch?.caseSensitive ?? false,
    method: http?.method ?? "",
    headers: (http?.headerMatches ?? []).map((h) => {
      const [type, value] = (Object.entries(h.match)[0] ?? ["exact", ""]) as [HeaderType, string];
      return { name: h.name, type, value, caseSensitive: h.caseSensitive ?? false };
    }),
  };
}

function matchOf(draft: DraftMatch): unknown {
  return {
    httpMatch: {
      ...(draft.method.trim() ? { method: draft.method.trim() } : {}),
      ...(draft.pathType !== "none"
        ? {
            pathMatch: {
              match: draft.pathType === "exact" ? { exact: draft.path } : { prefix: draft.path },
              caseSensitive: draft.pathCaseSensitive,
            },
          }
        : {}),
      ...(draft.headers.length > 0
        ? {
            headerMatches: draft.headers.map((h) => ({
              name: h.name,
              match: { [h.type]: h.value },
              caseSensitive: h.caseSensitive,
            })),
          }
        : {}),
    },
  };
}

function Err({ message }: { message: string | undefined }) {
  return message ? (
    <span role="alert" className="text-xs text-red-700">
      {message}
    </span>
  ) : null;
}

export interface RuleDialogRule {
  arn: string;
  name: string;
  priority: number | undefined;
  match: RuleMatch | undefined;
  action: RuleAction;
}

/**
 * Creates, edits or deletes a (non-default) rule: priority (swapping with the rule that holds it, in one
 * BatchUpdateRule), path, method and header matches, and the action; through the same review and apply.
 */
export function RuleDialog({
  open,
  onClose,
  listenerArn,
  listenerName,
  rule,
  options,
  health,
  tgArn,
}: {
  open: boolean;
  onClose: () => void;
  listenerArn: string;
  listenerName: string;
  /** Undefined: a new rule. */
  rule: RuleDialogRule | undefined;
  options: TargetGroupOption[];
  health: ReadonlyMap<string, TargetGroupHealth>;
  tgArn: (identifier: string) => string;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [priority, setPriority] = useState(rule?.priority === undefined ? "" : String(rule.priority));
  const [swap, setSwap] = useState(false);
  const [match, setMatch] = useState<DraftMatch>(() => draftMatchOf(rule?.match));
  const [action, setAction] = useState<DraftAction>(() =>
    rule
      ? draftOf(rule.action, tgArn)
      : { type: "forward", groups: options.slice(0, 1).map((o) => ({ arn: o.arn, weight: "100" })) },
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [review, setReview] = useState<PlannedChange>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const title = rule ? `Rule ${rule.name} on ${listenerName}` : `New rule on ${listenerName}`;

  const body = (kind: "save" | "delete") => {
    if (kind === "delete" && rule) return { kind: "delete-rule", target: rule.arn };
    const after = {
      priority: priority.trim() === "" ? undefined : Number(priority),
      match: matchOf(match),
      action: draftToAction(action),
    };
    if (!rule) return { kind: "create-rule", target: listenerArn, after: { name, ...after } };
    return { kind: "rule", target: rule.arn, after: { ...after, ...(swap ? { swapPriority: true } : {}) } };
  };

  async function plan(kind: "save" | "delete") {
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await planRoutingChange(body(kind));
      if (result.ok) {
        setErrors([]);
        setReview(result.change);
      } else {
        setErrors(result.errors);
        const shown = ["after.name", "after.priority", "after.match", "after.action"];
        const other = result.errors.filter(
          (e) => !shown.some((f) => e.field === f || e.field.startsWith(`${f}.`)),
        );
        setMessage(result.message ?? (other.length > 0 ? other.map((e) => e.message).join(" ") : undefined));
      }
    } finally {
      setBusy(false);
    }
  }

  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const under = (prefix: string) =>
    errors
      .filter((e) => e.field.startsWith(prefix))
      .map((e) => e.message)
      .join(" ") || undefined;
  const setHeader = (i: number, patch: Partial<DraftHeader>) =>
    setMatch({ ...match, headers: match.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  const close = () => {
    setReview(undefined);
    setDone(undefined);
    onClose();
  };

  return (
    <TitledDialog
      open={open}
      onClose={close}
      title={title}
      className="mt-[6vh] max-h-[88vh] w-[min(780px,94vw)]"
    >
      {done ? (
        <AppliedNotice message={done} onClose={close} testId="change-applied" />
      ) : review ? (
        <PlanReview
          change={review}
          onBack={() => setReview(undefined)}
          onReplan={() => void plan(review.plan.kind === "delete-rule" ? "delete" : "save")}
          onApplied={(result) => {
            refreshAfterApply(queryClient, result.crawlRunId);
            setDone(
              `Applied (${result.calls.map((c) => c.operation).join(", ")}). The map updates when the re-crawl finishes.`,
            );
          }}
        />
      ) : (
        <div className="flex flex-col gap-4 text-sm">
          <div className="grid grid-cols-[1fr_8rem] gap-3">
            {!rule && (
              <label className="flex flex-col gap-1">
                <span className="font-medium">Name</span>
                <Input
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  aria-invalid={err("after.name") ? true : undefined}
                />
                <Err message={err("after.name")} />
              </label>
            )}
            <label className="col-start-2 flex flex-col gap-1">
              <span className="font-medium">Priority (1–100)</span>
              <Input
                inputMode="numeric"
                value={priority}
                onChange={(e) => setPriority(e.target.value)}
                aria-invalid={err("after.priority") ? true : undefined}
              />
              <Err message={err("after.priority")} />
              {rule && (
                <label className="flex items-center gap-1 text-xs text-neutral-600">
                  <input type="checkbox" checked={swap} onChange={(e) => setSwap(e.target.checked)} />
                  swap with the rule that has it
                </label>
              )}
            </label>
          </div>
          <fieldset className="flex flex-col gap-2 rounded-md border border-neutral-200 p-3">
            <legend className="px-1 font-medium">Match</legend>
            <div className="flex flex-wrap items-end gap-2">
              <label className="flex flex-col gap-1" htmlFor={`${id}-pt`}>
                <span className="text-xs text-neutral-600">Path</span>
                <select
                  id={`${id}-pt`}
                  className="h-9 rounded-md border border-neutral-300 px-2"
                  value={match.pathType}
                  onChange={(e) => setMatch({ ...match, pathType: e.target.value as DraftMatch["pathType"] })}
                >
                  <option value="none">any path</option>
                  <option value="prefix">starts with</option>
                  <option value="exact">is exactly</option>
                </select>
              </label>
              {match.pathType !== "none" && (
                <label className="flex flex-1 flex-col gap-1">
                  <span className="sr-only">Path value</span>
                  <Input
                    aria-label="Path value"
                    value={match.path}
                    onChange={(e) => setMatch({ ...match, path: e.target.value })}
                    className="font-mono"
                  />
                </label>
              )}
              {match.pathType !== "none" && (
                <label className="flex items-center gap-1 pb-2 text-xs">
                  <input
                    type="checkbox"
                    checked={match.pathCaseSensitive}
                    onChange={(e) => setMatch({ ...match, pathCaseSensitive: e.target.checked })}
                  />
                  case-sensitive
                </label>
              )}
              <label className="flex w-32 flex-col gap-1">
                <span className="text-xs text-neutral-600">Method</span>
                <Input
                  aria-label="Method"
                  placeholder="any"
                  value={match.method}
                  onChange={(e) => setMatch({ ...match, method: e.target.value })}
                  className="font-mono"
                />
              </label>
            </div>
            <Err message={under("after.match.httpMatch.pathMatch")} />
            <Err message={err("after.match.httpMatch.method")} />
            {match.headers.map((h, i) => (
              <div key={i} className="flex flex-wrap items-center gap-2" data-testid="header-match">
                <Input
                  aria-label={`Header ${i + 1} name`}
                  placeholder="header"
                  value={h.name}
                  onChange={(e) => setHeader(i, { name: e.target.value })}
                  className="w-40 font-mono"
                />
                <select
                  aria-label={`Header ${i + 1} match type`}
                  className="h-9 rounded-md border border-neutral-300 px-2"
                  value={h.type}
                  onChange={(e) => setHeader(i, { type: e.target.value as HeaderType })}
                >
                  <option value="exact">is</option>
                  <option value="prefix">starts with</option>
                  <option value="contains">contains</option>
                </select>
                <Input
                  aria-label={`Header ${i + 1} value`}
                  value={h.value}
                  onChange={(e) => setHeader(i, { value: e.target.value })}
                  className="w-48 font-mono"
                />
                <label className="flex items-center gap-1 text-xs">
                  <input
                    type="checkbox"
                    checked={h.caseSensitive}
                    onChange={(e) => setHeader(i, { caseSensitive: e.target.checked })}
                  />
                  case-sensitive
                </label>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove header ${i + 1}`}
                  onClick={() => setMatch({ ...match, headers: match.headers.filter((_, j) => j !== i) })}
                >
                  ✕
                </Button>
                <Err message={under(`after.match.httpMatch.headerMatches.${i}`)} />
              </div>
            ))}
            <Button
              size="sm"
              variant="ghost"
              className="self-start"
              disabled={match.headers.length >= MAX_HEADER_MATCHES}
              onClick={() =>
                setMatch({
                  ...match,
                  headers: [...match.headers, { name: "", type: "exact", value: "", caseSensitive: false }],
                })
              }
            >
              {match.headers.length >= MAX_HEADER_MATCHES
                ? `At most ${MAX_HEADER_MATCHES} headers`
                : "Add a header match"}
            </Button>
            <Err message={err("after.match.httpMatch") ?? err("after.match.httpMatch.headerMatches")} />
          </fieldset>
          <fieldset className="flex flex-col gap-2 rounded-md border border-neutral-200 p-3">
            <legend className="px-1 font-medium">Action</legend>
            <ActionEditor
              draft={action}
              onChange={setAction}
              options={options}
              health={health}
              errors={errorsUnder(errors, "after.action")}
              disabled={busy}
            />
          </fieldset>
          {message && (
            <p role="alert" className="text-sm text-red-700">
              {message}
            </p>
          )}
          <div className="flex justify-between gap-2">
            {rule ? (
              <Button onClick={() => void plan("delete")} disabled={busy} className="text-red-700">
                Delete rule…
              </Button>
            ) : (
              <span />
            )}
            <div className="flex gap-2">
              <Button onClick={close}>Cancel</Button>
              <Button variant="primary" onClick={() => void plan("save")} disabled={busy}>
                {busy ? "Planning…" : "Review change"}
              </Button>
            </div>
          </div>
        </div>
      )}
    </TitledDialog>
  );
}
