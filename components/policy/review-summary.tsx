"use client";

import type { PolicyChangeReview, ReviewRow } from "@/lib/domain/policy/review/contract";
import { accessRowsCsv, accessRowsJson } from "@/lib/domain/policy/review/export";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const principals = (rows: readonly ReviewRow[]) => new Set(rows.map((r) => r.principal.label)).size;

/**
 * The review's verdict and counts at the top: whether the answer is a proof, how many classes of requests and
 * principals gain and lose access (today, and once another VPC is associated), and the export of the rows.
 */
export function ReviewSummary({ review, scopeName }: { review: PolicyChangeReview; scopeName: string }) {
  if (review.verdict === "not-evaluated") {
    return (
      <div
        role="alert"
        data-testid="access-not-evaluated"
        className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
      >
        <p className="font-semibold">No access review</p>
        <p>{review.notEvaluated?.message ?? "the access review could not be made"}</p>
      </div>
    );
  }
  const today = (rows: readonly ReviewRow[]) => rows.filter((r) => r.reachable);
  const stamp = new Date().toISOString().slice(0, 10);
  const file = `trellis-access-review-${scopeName.replace(/[^a-zA-Z0-9-]+/g, "-")}-${stamp}`;
  const rows = [...review.gains, ...review.losses];
  return (
    <div className="flex flex-col gap-2" data-testid="access-summary" data-verdict={review.verdict}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {review.verdict === "no-change" && (
          <Badge tone="good">No request gains or loses access — decided for every request</Badge>
        )}
        {review.verdict === "undecided" && <Badge tone="warn">Not decided: see below</Badge>}
        <span data-testid="access-count-gains">
          <span className="font-semibold text-emerald-800">Gain access:</span> {principals(review.gains)}{" "}
          principals, {review.gains.length} classes of requests ({today(review.gains).length} from VPCs
          associated today)
        </span>
        <span data-testid="access-count-losses">
          <span className="font-semibold text-red-800">Lose access:</span> {principals(review.losses)}{" "}
          principals, {review.losses.length} classes of requests ({today(review.losses).length} from VPCs
          associated today)
        </span>
        <span className="ml-auto flex gap-1">
          <Button
            size="sm"
            disabled={rows.length === 0}
            onClick={() => download(`${file}.csv`, "text/csv", accessRowsCsv(rows))}
          >
            Export CSV
          </Button>
          <Button
            size="sm"
            onClick={() =>
              download(
                `${file}.json`,
                "application/json",
                accessRowsJson({
                  scope: scopeName,
                  verdict: review.verdict,
                  gains: review.gains,
                  losses: review.losses,
                  undecided: review.undecided,
                }),
              )
            }
          >
            Export JSON
          </Button>
        </span>
      </div>
      {review.unknown && review.unknown.length > 0 && (
        <ul
          role="status"
          data-testid="access-unknown"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
        >
          {review.unknown.map((u) => (
            <li key={u}>{u}</li>
          ))}
          <li className="text-xs">
            The last crawl could not read these, so which VPCs reach the service, or another layer&apos;s
            policy, is shown as last read.
          </li>
        </ul>
      )}
      {review.undecided.length > 0 && (
        <ul
          role="alert"
          data-testid="access-undecided"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
        >
          {review.undecided.map((u) => (
            <li key={u.message}>Cannot decide: {u.message}</li>
          ))}
          <li className="text-xs">
            The rows below are exact for everything else; requests these constructs decide may be missing.
          </li>
        </ul>
      )}
    </div>
  );
}
