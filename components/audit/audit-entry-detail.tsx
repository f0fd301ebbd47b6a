import type { ReactNode } from "react";
import type { AuditEntry } from "@/lib/domain/audit/audit";
import Link from "next/link";
import { auditLinks, operationText } from "./audit-links";
import { JsonDiff } from "./json-diff";
import { StructuralDiff } from "@/components/ui/structural-diff";

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

/**
 * Everything recorded about one entry: who exactly, the message, links to the resource, change and rollout, and
 * what changed from before to after (key by key; the whole of both sides on request).
 */
export function AuditEntryDetail({ entry }: { entry: AuditEntry }) {
  const hasChange = entry.before !== undefined || entry.after !== undefined;
  const { message } = operationText(entry);
  const links = auditLinks(entry);
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
            <span className="font-mono text-xs">{entry.resourceArn}</span>{" "}
            {links.resource && (
              <Link href={links.resource} className="text-xs whitespace-nowrap text-sky-800 underline">
                open on the map
              </Link>
            )}
          </Fact>
        )}
        {entry.changeId && (
          <Fact label="Change">
            <span className="font-mono text-xs">{entry.changeId}</span>{" "}
            {links.change && (
              <Link href={links.change} className="text-xs text-sky-800 underline">
                open its plan
              </Link>
            )}
          </Fact>
        )}
        {entry.rolloutId && (
          <Fact label="Rollout">
            <span className="font-mono text-xs">{entry.rolloutId}</span>{" "}
            {links.rollout && (
              <Link href={links.rollout} className="text-xs text-sky-800 underline">
                open the rollout
              </Link>
            )}
          </Fact>
        )}
        {message && (
          <Fact label="Message">
            <span data-testid="audit-message" className="whitespace-pre-wrap">
              {message}
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
        <>
          <StructuralDiff before={entry.before} after={entry.after} className="max-h-[32rem]" />
          <details className="text-sm">
            <summary className="cursor-pointer text-neutral-700">
              Whole before and after, side by side
            </summary>
            <div className="mt-2">
              <JsonDiff before={entry.before} after={entry.after} />
            </div>
          </details>
        </>
      ) : (
        <p className="text-sm text-neutral-500">No before or after was recorded for this entry.</p>
      )}
    </div>
  );
}
