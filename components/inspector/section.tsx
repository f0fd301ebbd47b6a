import { useId, type ReactNode } from "react";

export function Section({
  title,
  testId,
  aside,
  children,
}: {
  title: string;
  testId: string;
  /** Shown at the right of the heading: a count, a toggle. */
  aside?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} data-testid={testId} className="border-t border-neutral-200 px-4 py-3">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 id={id} className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">
          {title}
        </h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return <p className="text-sm text-neutral-500">{children}</p>;
}

/** A long identifier on one line, cut with an ellipsis, the full text in its title. */
export function Mono({ value, className = "" }: { value: string; className?: string }) {
  return (
    <span title={value} className={`block min-w-0 truncate font-mono text-xs ${className}`}>
      {value}
    </span>
  );
}
