"use client";

import { useCan } from "@/components/auth/auth-context";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiClientError } from "@/lib/client/api";
import { resourceQuery, topologyQuery } from "@/lib/client/query-options";
import { nodeIndex } from "@/components/findings/findings-of";
import { InspectorBody, type InspectedResource } from "./inspector-body";
import { InspectorHeader, type HeaderFacts } from "./inspector-header";
import { versionAt } from "./inspector-model";
import { VersionHistory } from "./version-history";
import { asString } from "./values";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

function isNotFound(error: unknown): boolean {
  return error instanceof ApiClientError && error.status === 404;
}

function Frame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section
      aria-label={label}
      data-testid="inspector"
      className="flex h-full min-h-0 w-full flex-col overflow-y-auto bg-white text-neutral-900"
    >
      {children}
    </section>
  );
}

function Message({
  children,
  onClose,
  testId,
}: {
  children: ReactNode;
  onClose: () => void;
  testId: string;
}) {
  return (
    <div className="flex items-start justify-between gap-2 p-4" data-testid={testId}>
      <div className="text-sm text-neutral-700">{children}</div>
      <button
        type="button"
        onClick={onClose}
        aria-label="Close inspector"
        className="rounded p-1 text-xl leading-none text-neutral-500 hover:bg-neutral-100"
      >
        ×
      </button>
    </div>
  );
}

/**
 * Everything about one resource: its fields and AWS payload, routing, auth, DNS names, owners, findings and
 * history. `run` shows the resource as it was at that crawl run (the newest when undefined).
 */
export function Inspector({
  resourceId,
  run,
  onClose,
  autoEdit,
}: {
  resourceId: string;
  run: number | undefined;
  onClose: () => void;
  /** A rule whose editor opens at once (its forward edge was clicked on the map). */
  autoEdit?: string;
}) {
  const canEdit = useCan("operator");
  const topologyResult = useQuery(topologyQuery(run === undefined ? {} : { run }));
  const detailResult = useQuery({
    ...resourceQuery(resourceId),
    retry: (failures, error) => !isNotFound(error) && failures < 2,
  });
  const topology = topologyResult.data;
  const detail = detailResult.data;
  const node = topology ? nodeIndex(topology).get(resourceId) : undefined;

  const version = detail ? versionAt(detail.history, run) : undefined;
  const base = node ?? version ?? detail?.resource;

  if (!base) {
    const waiting = detailResult.isPending || (topologyResult.isPending && isNotFound(detailResult.error));
    return (
      <Frame label="Inspector">
        {waiting ? (
          <Message onClose={onClose} testId="inspector-loading">
            Loading {resourceId}…
          </Message>
        ) : (
          <Message onClose={onClose} testId="inspector-missing">
            <p className="font-medium">
              {isNotFound(detailResult.error)
                ? "No crawl has seen this resource."
                : `The resource could not be loaded: ${detailResult.error?.message ?? "unknown error"}.`}
            </p>
            <p className="mt-1 font-mono text-xs break-all text-neutral-500">{resourceId}</p>
          </Message>
        )}
      </Frame>
    );
  }

  const newest = detail?.history.at(-1);
  const absentAtRun =
    run !== undefined && topology !== undefined && detail !== undefined && !version && !node;
  const data = version?.data ?? node?.data ?? detail?.resource.data ?? {};
  const nodes = topology ? nodeIndex(topology) : undefined;
  const facts: HeaderFacts = {
    id: resourceId,
    kind: base.kind,
    name: base.name,
    accountId: base.accountId,
    accountName: nodes?.get(`account:${base.accountId}`)?.name,
    region: base.region,
    status: node?.status ?? asString(data.status) ?? asString(data.state),
    stale: node?.stale === true,
    incomplete: (node?.incomplete?.length ?? 0) > 0,
    deleted: detail?.deleted === true && run === undefined,
    external: node?.external === true && !detail,
  };
  const resource: InspectedResource = {
    id: resourceId,
    kind: base.kind,
    data,
    raw: version && version === newest ? (detail?.raw ?? null) : null,
    history: detail?.history,
    deleted: detail?.deleted === true,
    versionId: version?.versionId,
  };

  return (
    <Frame label={`Inspector: ${revealInvisible(facts.name)}`}>
      <InspectorHeader facts={facts} onClose={onClose} />
      {facts.external && (
        <p className="border-t border-neutral-200 px-4 py-3 text-sm text-neutral-600">
          Another crawled resource refers to this one, but Trellis does not crawl its account or region, so
          only its id is known.
        </p>
      )}
      {detailResult.isError && !isNotFound(detailResult.error) && (
        <p role="alert" className="border-t border-neutral-200 px-4 py-2 text-sm text-red-800">
          History could not be loaded: {detailResult.error.message}
        </p>
      )}
      {absentAtRun ? (
        <>
          <p
            data-testid="inspector-absent"
            className="border-t border-neutral-200 px-4 py-3 text-sm text-neutral-700"
          >
            This resource was not in the estate at run #{run}. Its recorded versions:
          </p>
          {detail && (
            <VersionHistory history={detail.history} deleted={detail.deleted} currentVersionId={undefined} />
          )}
        </>
      ) : (
        <InspectorBody
          topology={topology}
          resource={resource}
          canEdit={canEdit && run === undefined && !facts.stale}
          {...(autoEdit ? { autoEdit } : {})}
          latest={run === undefined && !facts.stale}
        />
      )}
    </Frame>
  );
}
