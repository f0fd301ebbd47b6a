import Link from "next/link";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import { CopyButton } from "./copy-button";
import { KindGlyph, kindLabel } from "./kind-glyph";
import { TargetStatus } from "./target-group-view";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

export interface HeaderFacts {
  id: string;
  kind: ResourceKind;
  name: string;
  accountId: string;
  accountName: string | undefined;
  region: string;
  status: string | undefined;
  stale: boolean;
  /** Parts of it the last crawl could not read (see the Unknown section). */
  incomplete: boolean;
  deleted: boolean;
  external: boolean;
}

function Flag({ children, tone, testId }: { children: string; tone: string; testId: string }) {
  return (
    <span data-testid={testId} className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${tone}`}>
      {children}
    </span>
  );
}

/** Who changed this resource through Trellis; for an account, everything done in it. */
function AuditLink({ facts }: { facts: HeaderFacts }) {
  const account = facts.kind === "account";
  const href = account
    ? `/audit?account=${encodeURIComponent(facts.accountId)}`
    : `/audit?resource=${encodeURIComponent(facts.id)}`;
  return (
    <Link
      href={href}
      data-testid="inspector-audit-link"
      className="self-start text-sm text-sky-800 underline decoration-sky-300 underline-offset-2 hover:decoration-sky-700"
    >
      {account ? "Audit log for this account" : "Audit log for this resource"}
    </Link>
  );
}

export function InspectorHeader({ facts, onClose }: { facts: HeaderFacts; onClose: () => void }) {
  return (
    <header className="flex flex-col gap-2 px-4 pt-4 pb-3">
      <div className="flex items-start gap-3">
        <KindGlyph kind={facts.kind} />
        <div className="min-w-0 flex-1">
          <p className="text-xs text-neutral-500">{kindLabel(facts.kind)}</p>
          <h2
            data-testid="inspector-name"
            title={revealInvisible(facts.name)}
            className="truncate text-lg leading-tight font-semibold"
          >
            <RevealedText text={facts.name} />
          </h2>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close inspector"
          data-testid="inspector-close"
          className="-mt-1 -mr-1 rounded p-1 text-xl leading-none text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900"
        >
          ×
        </button>
      </div>
      <div className="flex min-w-0 items-center gap-2">
        <span
          data-testid="inspector-id"
          title={facts.id}
          className="min-w-0 flex-1 truncate font-mono text-xs text-neutral-700"
        >
          {facts.id}
        </span>
        <CopyButton value={facts.id} label="id" />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-neutral-500">Account</dt>
        <dd className="min-w-0 truncate" data-testid="inspector-account">
          {facts.accountName && facts.accountName !== facts.accountId ? `${facts.accountName} ` : ""}
          <span className="font-mono text-xs text-neutral-600">{facts.accountId}</span>
        </dd>
        <dt className="text-neutral-500">Region</dt>
        <dd className="font-mono text-xs leading-5">{facts.region}</dd>
      </dl>
      {(facts.status || facts.stale || facts.incomplete || facts.deleted || facts.external) && (
        <div className="flex flex-wrap gap-1.5">
          {facts.status && facts.kind === "target" ? (
            <TargetStatus status={facts.status} />
          ) : (
            facts.status && (
              <Flag testId="inspector-status" tone="bg-neutral-100 text-neutral-800">
                {facts.status}
              </Flag>
            )
          )}
          {facts.stale && (
            <Flag testId="inspector-stale" tone="bg-amber-100 text-amber-900">
              Stale: last crawl of this account failed
            </Flag>
          )}
          {facts.incomplete && (
            <Flag testId="inspector-incomplete" tone="bg-amber-100 text-amber-900">
              Incomplete: part of it could not be read
            </Flag>
          )}
          {facts.deleted && (
            <Flag testId="inspector-deleted" tone="bg-red-100 text-red-900">
              Deleted
            </Flag>
          )}
          {facts.external && (
            <Flag testId="inspector-external" tone="bg-neutral-100 text-neutral-700">
              Not crawled
            </Flag>
          )}
        </div>
      )}
      <AuditLink facts={facts} />
    </header>
  );
}
