import type { AccessChange, DecidingStatement } from "@/lib/domain/policy/semantic-diff";

function describeStatement(d: DecidingStatement | undefined): string {
  if (!d) return "—";
  const layer = d.layer === "network" ? "network" : "service";
  if ("reason" in d) return `${layer} policy not enforced (auth type NONE)`;
  return `${layer} statement ${d.index}${d.sid ? ` (${d.sid})` : ""}`;
}

/** "Gains access" or "Loses access": one row per principal × service × request × source VPC. */
export function AccessTable({
  title,
  rows,
  tone,
  testId,
}: {
  title: string;
  rows: AccessChange[];
  tone: "gain" | "loss";
  testId: string;
}) {
  return (
    <section data-testid={testId} aria-label={title}>
      <h4 className={`mb-1 text-sm font-semibold ${tone === "gain" ? "text-emerald-800" : "text-red-800"}`}>
        {title} <span className="font-normal text-neutral-500">({rows.length})</span>
      </h4>
      {rows.length === 0 ? (
        <p className="text-sm text-neutral-500">Nobody.</p>
      ) : (
        <div className="max-h-64 overflow-auto rounded border border-neutral-200">
          <table className="w-full text-xs">
            <thead className="sticky top-0 bg-neutral-50">
              <tr className="text-left text-[11px] text-neutral-500 uppercase">
                <th scope="col" className="px-2 py-1 font-medium">
                  Principal
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Service
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Method / path
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Source VPC
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Decided by
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.principal}|${row.service.arn}|${row.method}|${row.path}|${row.sourceVpc}|${row.networkArn ?? ""}`}
                  data-testid="access-row"
                  data-principal={row.principal}
                  className="border-t border-neutral-100 align-top"
                >
                  <td className="px-2 py-1 font-mono break-all" title={row.principal}>
                    {row.principalLabel}
                  </td>
                  <td className="px-2 py-1">{row.service.name}</td>
                  <td className="px-2 py-1 font-mono">
                    {row.method === "*" && row.path === "*" ? "every route" : `${row.method} ${row.path}`}
                  </td>
                  <td className="px-2 py-1">
                    {row.sourceVpcLabel}
                    {!row.reachable && <span className="ml-1 text-neutral-500">(once connected)</span>}
                  </td>
                  <td className="px-2 py-1 text-neutral-700">{describeStatement(row.decidingStatement)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
