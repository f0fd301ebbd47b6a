import { csvRecord } from "../../text/csv";
import type { ReviewRow } from "./contract";

const HEADER = [
  "direction",
  "principal",
  "principal_id",
  "service",
  "service_arn",
  "service_network",
  "reachable_today",
  "requests",
  "example_principal",
  "example_source_vpc",
  "example_method",
  "example_path",
  "example_port",
  "example_other",
  "before",
  "before_statement",
  "after",
  "after_statement",
];

function statement(side: ReviewRow["before"]): string {
  if (!side.statement) return "";
  return side.statement.sid
    ? `${side.statement.index} (${side.statement.sid})`
    : String(side.statement.index);
}

/** The review's rows as CSV (RFC 4180, CRLF, formula-safe), one line per row, gains first. */
export function accessRowsCsv(rows: readonly ReviewRow[]): string {
  let out = csvRecord(HEADER);
  for (const row of rows) {
    const { example } = row;
    const other = {
      ...(example.headers ? { headers: example.headers } : {}),
      ...(example.query ? { query: example.query } : {}),
      ...(example.keys ? { keys: example.keys } : {}),
      ...(example.action !== "vpc-lattice-svcs:Invoke" ? { action: example.action } : {}),
    };
    out += csvRecord([
      row.direction,
      row.principal.label,
      row.principal.id,
      row.service.name,
      row.service.arn,
      row.network?.name ?? "",
      row.reachable,
      row.request.description,
      example.principal,
      example.sourceVpc,
      example.method ?? "",
      example.path ?? "",
      example.port ?? "",
      Object.keys(other).length > 0 ? JSON.stringify(other) : "",
      row.before.reason,
      statement(row.before),
      row.after.reason,
      statement(row.after),
    ]);
  }
  return out;
}

/** The rows as a JSON document a script can read back. */
export function accessRowsJson(review: {
  scope: string;
  verdict: string;
  gains: readonly ReviewRow[];
  losses: readonly ReviewRow[];
  undecided: readonly unknown[];
}): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
