import type { CrawlErrorRecord } from "@/lib/domain/topology/snapshot";
import { dataHeadCell, DataTable } from "@/components/ui/table";

const TH = dataHeadCell("compact");

/** Every error a run met, one row each, in the words AWS answered with. */
export function RunErrorsTable({ errors }: { errors: CrawlErrorRecord[] }) {
  if (errors.length === 0) {
    return <p className="text-sm text-neutral-500">No errors.</p>;
  }
  return (
    <DataTable label="Crawl errors" tone="danger">
      <thead className="bg-red-50 text-xs text-red-900">
        <tr>
          <th className={TH}>Account</th>
          <th className={TH}>Region</th>
          <th className={TH}>Operation</th>
          <th className={TH}>Resource</th>
          <th className={TH}>Message</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-neutral-100 align-top">
        {errors.map((error, index) => (
          <tr key={index} data-testid="run-error">
            <td className="px-3 py-1.5 font-mono text-xs whitespace-nowrap">{error.accountId}</td>
            <td className="px-3 py-1.5 whitespace-nowrap">{error.region}</td>
            <td className="px-3 py-1.5 font-mono text-xs whitespace-nowrap">{error.operation}</td>
            <td className="max-w-72 px-3 py-1.5 font-mono text-xs break-all text-neutral-700">
              {error.resource ?? "—"}
            </td>
            <td className="min-w-64 px-3 py-1.5 text-neutral-800">
              {error.code && (
                <span className="mr-1.5 rounded bg-red-100 px-1 py-px font-mono text-[11px] font-semibold text-red-800">
                  {error.code}
                </span>
              )}
              {error.message}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
