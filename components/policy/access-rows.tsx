import type { ReviewRow } from "@/lib/domain/policy/review/contract";
import { Badge } from "@/components/ui/badge";

type Side = ReviewRow["before"];

function sideText(side: Side): string {
  const layer = side.layer === "network" ? "network" : "service";
  if (side.decision === "not-enforced") return `${layer}: not enforced (auth type NONE)`;
  if (side.statement) {
    const name = `statement ${side.statement.index}${side.statement.sid ? ` (${side.statement.sid})` : ""}`;
    return `${layer}: ${side.decision === "deny" ? "denied by" : "allowed by"} ${name}`;
  }
  return `${layer}: ${side.reason}`;
}

function exampleText(row: ReviewRow): string {
  const e = row.example;
  const request =
    e.action === "vpc-lattice-svcs:Connect" ? "TCP connect" : `${e.method ?? "GET"} ${e.path ?? "/"}`;
  const extras = [
    ...Object.entries(e.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ...Object.entries(e.query ?? {}).map(([k, v]) => `?${k}=${v.join(",")}`),
    ...Object.entries(e.keys ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`),
  ];
  const port = e.port !== undefined ? ` :${e.port}` : "";
  const from = row.reachable ? row.exampleSource : `${e.sourceVpc} (a VPC not associated today)`;
  return `${e.principal} → ${request}${port} from ${from}${extras.length > 0 ? ` (${extras.join("; ")})` : ""}`;
}

/** Rows grouped by principal, then service; each row one class of requests with its example and why. */
function groups(rows: readonly ReviewRow[]) {
  const byPrincipal = new Map<string, { label: string; id: string; services: Map<string, ReviewRow[]> }>();
  for (const row of rows) {
    const group = byPrincipal.get(row.principal.label) ?? {
      label: row.principal.label,
      id: row.principal.id,
      services: new Map<string, ReviewRow[]>(),
    };
    group.services.set(row.service.name, [...(group.services.get(row.service.name) ?? []), row]);
    byPrincipal.set(row.principal.label, group);
  }
  return [...byPrincipal.values()];
}

/** "Gains access" or "Loses access": who, on which service, which class of requests, an example, and why. */
export function AccessRows({
  title,
  rows,
  tone,
  testId,
}: {
  title: string;
  rows: readonly ReviewRow[];
  tone: "gain" | "loss";
  testId: string;
}) {
  const grouped = groups(rows);
  return (
    <section data-testid={testId} aria-label={title}>
      <h4 className={`mb-1 text-sm font-semibold ${tone === "gain" ? "text-emerald-800" : "text-red-800"}`}>
        {title}{" "}
        <span className="font-normal text-neutral-500">
          ({rows.length} {rows.length === 1 ? "class" : "classes"} of requests, {grouped.length}{" "}
          {grouped.length === 1 ? "principal" : "principals"})
        </span>
      </h4>
      {rows.length === 0 ? (
        <p className="text-sm text-neutral-500">Nobody.</p>
      ) : (
        <div className="max-h-96 overflow-auto rounded border border-neutral-200">
          {grouped.map((group) => (
            <div key={group.label} data-testid="access-principal">
              <p
                className="sticky top-0 border-b border-neutral-200 bg-neutral-50 px-2 py-1 text-xs font-semibold text-neutral-800"
                title={group.id}
              >
                {group.label}
              </p>
              <table className="w-full text-xs">
                <thead className="sr-only">
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Requests</th>
                  </tr>
                </thead>
                <tbody>
                  {[...group.services].flatMap(([service, list]) =>
                    list.map((row, i) => (
                      <tr
                        key={`${service}|${row.request.description}|${i}`}
                        data-testid="access-row"
                        data-principal={row.principal.id}
                        className="border-b border-neutral-100 align-top last:border-b-0"
                      >
                        <td className="w-28 px-2 py-1 font-medium text-neutral-700">
                          {i === 0 ? service : ""}
                        </td>
                        <td className="px-2 py-1">
                          <p className="font-medium text-neutral-900">
                            {row.request.description}{" "}
                            {!row.reachable && <Badge tone="neutral">no such VPC associated today</Badge>}
                          </p>
                          <p
                            className="font-mono text-[11px] break-all text-neutral-600"
                            data-testid="access-example"
                          >
                            e.g. {exampleText(row)}
                          </p>
                          <p className="text-[11px] text-neutral-600">
                            before — {sideText(row.before)}; after — {sideText(row.after)}
                          </p>
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
