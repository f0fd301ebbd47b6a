import type { Ownership } from "@/lib/domain/topology/ownership";
import { kindLabel } from "./kind-glyph";
import { Section } from "./section";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

export function OwnershipView({ owners }: { owners: Ownership[] }) {
  return (
    <Section title="Managed by" testId="inspector-ownership">
      <ul className="flex flex-col gap-2">
        {owners.map((owner) => (
          <li
            key={owner.manager}
            data-testid="owner"
            data-manager={owner.manager}
            className="rounded border border-amber-200 bg-amber-50 p-2 text-sm text-amber-950"
          >
            <p>
              <strong>{owner.label}</strong>
              {owner.detail && <span>: {owner.detail}</span>}
              {owner.inheritedFrom && (
                <span className="text-amber-800">
                  {" "}
                  (via {kindLabel(owner.inheritedFrom.kind).toLowerCase()}{" "}
                  {revealInvisible(owner.inheritedFrom.name)})
                </span>
              )}
            </p>
            <p className="mt-1 text-amber-900">{owner.advice}</p>
            <details className="mt-1">
              <summary className="cursor-pointer text-xs text-amber-800">Tags that show it</summary>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 font-mono text-[11px]">
                {Object.entries(owner.evidence).map(([key, value]) => (
                  <div key={key} className="contents">
                    <dt className="break-all text-amber-800">{key}</dt>
                    <dd className="break-all">{value}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </li>
        ))}
      </ul>
    </Section>
  );
}
