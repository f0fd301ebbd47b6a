import Link from "next/link";
import type { Finding } from "@/lib/domain/topology/findings";
import { KindGlyph, kindLabel } from "@/components/inspector/kind-glyph";
import { FindingCard } from "./finding-card";

/** The map with the finding's resource selected (at the same run when the list shows an older one). */
export function mapHrefFor(resourceId: string, run: number | undefined): string {
  const params = new URLSearchParams({ selected: resourceId });
  if (run !== undefined) params.set("run", String(run));
  return `/?${params.toString()}`;
}

export function FindingsList({
  findings,
  accountNames,
  run,
}: {
  findings: Finding[];
  accountNames: ReadonlyMap<string, string>;
  run: number | undefined;
}) {
  return (
    <ul aria-label="Findings" className="flex flex-col gap-3" data-testid="findings-list">
      {findings.map((finding) => {
        const account = accountNames.get(finding.accountId);
        return (
          <li key={finding.id} className="rounded-lg border border-neutral-200 bg-white p-4 shadow-xs">
            <FindingCard
              finding={finding}
              resource={
                <p className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                  <KindGlyph kind={finding.resourceKind} size="sm" />
                  <Link
                    href={mapHrefFor(finding.resourceId, run)}
                    title={finding.resourceId}
                    data-testid="finding-resource"
                    data-id={finding.resourceId}
                    className="max-w-full truncate font-medium text-sky-800 underline decoration-sky-300 underline-offset-2 hover:decoration-sky-700"
                  >
                    {finding.resourceName}
                  </Link>
                  <span className="text-neutral-500">
                    {kindLabel(finding.resourceKind)} ·{" "}
                    {account && account !== finding.accountId ? `${account} ` : ""}
                    <span className="font-mono text-xs">{finding.accountId}</span> · {finding.region}
                  </span>
                </p>
              }
            />
          </li>
        );
      })}
    </ul>
  );
}
