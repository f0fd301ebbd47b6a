import type { ReactNode } from "react";
import type { AuditEntry } from "@/lib/domain/audit";
import { JsonDiff } from "./json-diff";

const VIA: Record<AuditEntry["actor"]["via"], string> = {
  none: "no sign-in (local mode)",
  oidc: "OpenID Connect",
  alb: "load balancer sign-in",
  proxy: "authenticating proxy",
  system: "Trellis itself",
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-neutral-500">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </>
  );
}

/** Everything recorded about one entry: who exactly, the message, and before/after side by side. */
export function AuditEntryDetail({ entry }: { entry: AuditEntry }) {
  const hasChange = entry.before !== undefined || entry.after !== undefined;
  return (
    <div data-testid="audit-entry-detail" data-id={entry.id} className="space-y-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <Fact label="Actor">
          {entry.actor.name} <span className="font-mono text-xs text-neutral-600">({entry.actor.id})</span>
          {entry.actor.email && <span className="text-neutral-600"> · {entry.actor.email}</span>}
          <span className="text-neutral-600">
            {" "}
            · {entry.actor.role} via {VIA[entry.actor.via]}
          </span>
        </Fact>
        {entry.resourceArn && (
          <Fact label="Resource">
            <span className="font-mono text-xs">{entry.resourceArn}</span>
          </Fact>
        )}
        {entry.message && (
          <Fact label="Message">
            <span data-testid="audit-message" className="whitespace-pre-wrap">
              {entry.message}
            </span>
          </Fact>
        )}
        {entry.awsRequestId && (
          <Fact label="AWS request id">
            <span className="font-mono text-xs">{entry.awsRequestId}</span>
          </Fact>
        )}
        <Fact label="Entry">
          <span className="font-mono text-xs text-neutral-600">
            #{entry.id} at {entry.at}
          </span>
        </Fact>
      </dl>
      {hasChange ? (
        <JsonDiff before={entry.before} after={entry.after} />
      ) : (
        <p className="text-sm text-neutral-500">No before or after was recorded for this entry.</p>
      )}
    </div>
  );
}
