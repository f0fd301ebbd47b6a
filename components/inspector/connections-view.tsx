import type { Connection } from "./inspector-model";
import { Section } from "./section";
import { SelectLink } from "./select-link";

export function ConnectionsView({ connections }: { connections: Connection[] }) {
  return (
    <Section title="Connections" testId="inspector-connections">
      <ul className="flex flex-col gap-1">
        {connections.map((c) => (
          <li
            key={`${c.edge.id}|${c.outgoing}`}
            data-testid="connection"
            className="flex flex-wrap items-baseline gap-x-2 text-sm"
          >
            <span className="text-xs text-neutral-500">{c.label}</span>
            <SelectLink id={c.otherId} className="min-w-0 break-all">
              {c.otherName}
            </SelectLink>
            {c.status && <span className="font-mono text-[11px] text-neutral-600">{c.status}</span>}
            {c.detail && (
              <span
                className={`text-xs ${c.detail === "no security groups" ? "text-amber-800" : "text-neutral-500"}`}
              >
                {c.detail}
              </span>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
