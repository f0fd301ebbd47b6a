import { CopyButton } from "./copy-button";
import type { DnsEntry } from "./inspector-model";
import { Section } from "./section";

export function DnsEntriesView({ entries }: { entries: DnsEntry[] }) {
  return (
    <Section title="DNS" testId="inspector-dns">
      <ul className="flex flex-col gap-2">
        {entries.map((entry) => (
          <li
            key={`${entry.label}|${entry.name}`}
            data-testid="dns-entry"
            data-name={entry.name}
            className="min-w-0"
          >
            <p className="text-xs text-neutral-500">
              {entry.label}
              {entry.note && <span className="text-neutral-400"> · {entry.note}</span>}
            </p>
            <div className="flex items-center gap-2">
              <span className="min-w-0 flex-1 font-mono text-xs break-all text-neutral-900">
                {entry.name}
              </span>
              <CopyButton value={entry.name} label={`${entry.label} DNS name ${entry.name}`} />
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
