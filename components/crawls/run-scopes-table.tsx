import type { CrawlRunScopeSummary } from "@/lib/domain/topology/history";
import { RunStatusBadge } from "./run-status-badge";
import { formatCount, formatDuration, runDuration } from "./run-format";
import { dataCell, dataHeadCell, DataTable } from "@/components/ui/table";

const TH = dataHeadCell("compact");
const TD = `${dataCell("compact")} whitespace-nowrap tabular-nums`;

/** What each account × region contributed: its status, AWS calls, resources read and versions recorded. */
export function RunScopesTable({ scopes, pending }: { scopes: CrawlRunScopeSummary[]; pending: number }) {
  const sorted = [...scopes].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region),
  );
  return (
    <DataTable label="Scopes">
      <thead className="bg-neutral-50 text-xs text-neutral-500">
        <tr>
          <th className={TH}>Account</th>
          <th className={TH}>Region</th>
          <th className={TH}>Status</th>
          <th className={`${TH} text-right`}>AWS calls</th>
          <th className={`${TH} text-right`}>Resources</th>
          <th className={`${TH} text-right`}>Relations</th>
          <th
            className={`${TH} text-right`}
            title="New versions recorded / versions closed (changed or gone)"
          >
            Versions +/−
          </th>
          <th className={`${TH} text-right`}>Errors</th>
          <th className={`${TH} text-right`}>Duration</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-neutral-100">
        {sorted.map((scope) => (
          <tr key={`${scope.accountId}/${scope.region}`} data-testid="run-scope">
            <td className={`${TD} font-mono text-xs`}>{scope.accountId}</td>
            <td className={TD}>{scope.region}</td>
            <td className={TD}>
              <RunStatusBadge status={scope.status} testId="scope-status" />
            </td>
            <td className={`${TD} text-right`}>{formatCount(scope.calls)}</td>
            <td className={`${TD} text-right`}>{formatCount(scope.resourceCount)}</td>
            <td className={`${TD} text-right`}>{formatCount(scope.relationCount)}</td>
            <td className={`${TD} text-right text-neutral-600`}>
              +{formatCount(scope.versionsAdded)} / −{formatCount(scope.versionsClosed)}
            </td>
            <td className={`${TD} text-right ${scope.errorCount > 0 ? "font-semibold text-red-700" : ""}`}>
              {formatCount(scope.errorCount)}
            </td>
            <td className={`${TD} text-right text-neutral-600`}>
              {formatDuration(
                runDuration({ startedAt: scope.startedAt, finishedAt: scope.finishedAt }) ?? -1,
              )}
            </td>
          </tr>
        ))}
        {pending > 0 && (
          <tr>
            <td colSpan={9} className="px-3 py-1.5 text-xs text-neutral-500 italic">
              {pending} {pending === 1 ? "scope" : "scopes"} still to report
            </td>
          </tr>
        )}
        {sorted.length === 0 && pending === 0 && (
          <tr>
            <td colSpan={9} className="px-3 py-2 text-sm text-neutral-500">
              No scope reported for this run.
            </td>
          </tr>
        )}
      </tbody>
    </DataTable>
  );
}
