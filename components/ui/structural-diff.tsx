import type { ReactNode } from "react";
import { cx } from "./cx";
import { prettyLines, structuralDiff, type DiffNode } from "./structural-diff-model";

/** Unchanged neighbours shown around a change before the rest fold into one line. */
const CONTEXT = 3;

function join(path: string, key: string | undefined): string {
  return key === undefined ? path : path ? `${path}.${key}` : key;
}

function scalar(value: unknown): string {
  return value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value));
}

function Key({ name, changed }: { name: string | undefined; changed?: boolean }) {
  if (name === undefined) return null;
  return (
    <span className={cx(changed && "rounded bg-amber-100 px-0.5 font-semibold text-amber-950")}>
      {/^\d+( · |$)/.test(name) ? `[${name}]` : JSON.stringify(name)}:{" "}
    </span>
  );
}

function Line({
  depth,
  tone,
  sign,
  children,
  path,
  testId,
}: {
  depth: number;
  tone?: "added" | "removed" | "same";
  sign?: string;
  children: ReactNode;
  path?: string;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      data-path={path}
      className={cx(
        "flex min-w-0 px-2 leading-5 whitespace-pre-wrap",
        tone === "added" && "bg-emerald-50 text-emerald-900",
        tone === "removed" && "bg-red-50 text-red-900",
        tone === "same" && "text-neutral-500",
      )}
    >
      <span aria-hidden="true" className="w-3 shrink-0 text-neutral-400 select-none">
        {sign ?? ""}
      </span>
      <span className="min-w-0 break-all" style={{ paddingLeft: `${depth * 1.25}rem` }}>
        {children}
      </span>
    </div>
  );
}

/** A whole value on one side (added, removed, or unchanged and unfolded), pretty-printed under its key. */
function Whole({
  node,
  value,
  depth,
  tone,
  path,
}: {
  node: DiffNode;
  value: unknown;
  depth: number;
  tone: "added" | "removed" | "same";
  path: string;
}) {
  const lines = prettyLines(value);
  const sign = tone === "added" ? "+" : tone === "removed" ? "−" : undefined;
  const testId = tone === "same" ? undefined : `diff-${tone}`;
  return (
    <>
      {lines.map((line, i) => (
        <Line
          key={i}
          depth={depth}
          tone={tone}
          sign={sign}
          {...(i === 0 ? { path, ...(testId ? { testId } : {}) } : {})}
        >
          {i === 0 ? <Key name={node.key} /> : null}
          {line}
        </Line>
      ))}
    </>
  );
}

function Folded({ nodes, depth, path }: { nodes: DiffNode[]; depth: number; path: string }) {
  return (
    <details className="group">
      <summary className="cursor-pointer list-none text-neutral-400 hover:text-neutral-700">
        <Line depth={depth} tone="same">
          … {nodes.length} unchanged {nodes.length === 1 ? "entry" : "entries"}{" "}
          <span className="underline group-open:hidden">show</span>
        </Line>
      </summary>
      {nodes.map((child) => (
        <Node key={child.key} node={child} depth={depth} path={join(path, child.key)} />
      ))}
    </details>
  );
}

function Children({ node, depth, path }: { node: DiffNode; depth: number; path: string }) {
  const children = node.children ?? [];
  const changedAt = children.flatMap((c, i) => (c.kind === "same" ? [] : [i]));
  const near = (i: number) => changedAt.some((c) => Math.abs(c - i) <= CONTEXT);
  const out: ReactNode[] = [];
  let run: DiffNode[] = [];
  const flush = () => {
    if (run.length > 0) out.push(<Folded key={`fold-${out.length}`} nodes={run} depth={depth} path={path} />);
    run = [];
  };
  children.forEach((child, i) => {
    if (child.kind === "same" && !near(i)) {
      run.push(child);
      return;
    }
    flush();
    out.push(<Node key={child.key} node={child} depth={depth} path={join(path, child.key)} />);
  });
  flush();
  return <>{out}</>;
}

function Node({ node, depth, path }: { node: DiffNode; depth: number; path: string }) {
  if (node.kind === "added")
    return <Whole node={node} value={node.after} depth={depth} tone="added" path={path} />;
  if (node.kind === "removed") {
    return <Whole node={node} value={node.before} depth={depth} tone="removed" path={path} />;
  }
  if (node.container) {
    const [open, close] = node.container === "array" ? ["[", "]"] : ["{", "}"];
    if (node.kind === "same") {
      return (
        <details>
          <summary className="cursor-pointer list-none">
            <Line depth={depth} tone="same">
              <Key name={node.key} />
              {open} … {close} <span className="text-neutral-400">unchanged</span>
            </Line>
          </summary>
          <Whole node={node} value={node.after} depth={depth} tone="same" path={path} />
        </details>
      );
    }
    return (
      <>
        <Line depth={depth}>
          <Key name={node.key} changed />
          {open}
          {node.embedded && (
            <span className="ml-2 rounded bg-sky-50 px-1 font-sans text-[10px] text-sky-800">
              JSON text, shown formatted
            </span>
          )}
        </Line>
        <Children node={node} depth={depth + 1} path={path} />
        <Line depth={depth}>{close}</Line>
      </>
    );
  }
  if (node.kind === "same") {
    return (
      <Line depth={depth} tone="same">
        <Key name={node.key} />
        {scalar(node.after)}
      </Line>
    );
  }
  return (
    <Line depth={depth} testId="diff-changed" path={path}>
      <Key name={node.key} changed />
      <span className="rounded bg-red-50 px-0.5 text-red-800 line-through decoration-red-300">
        {scalar(node.before)}
      </span>
      <span className="text-neutral-400"> → </span>
      <span className="rounded bg-emerald-50 px-0.5 font-semibold text-emerald-800">
        {scalar(node.after)}
      </span>
    </Line>
  );
}

/**
 * Before and after as one pretty-printed tree: the keys that changed highlighted with their old and new values,
 * what was added or removed in colour, unchanged parts folded (a click unfolds them). JSON text inside a value
 * (an auth policy) is shown as the document it holds.
 */
export function StructuralDiff({
  before,
  after,
  className,
}: {
  before: unknown;
  after: unknown;
  className?: string;
}) {
  const diff = structuralDiff(before, after);
  return (
    <div
      data-testid="structural-diff"
      data-changes={diff.changes}
      className={cx(
        "overflow-auto rounded-lg border border-neutral-200 bg-white py-1 font-mono text-xs",
        className,
      )}
    >
      {diff.kind === "same" ? (
        <p className="px-3 py-1 font-sans text-neutral-500">Before and after are the same.</p>
      ) : (
        <Node node={diff} depth={0} path="" />
      )}
    </div>
  );
}
