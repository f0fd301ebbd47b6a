"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useDeferredValue, useId, useMemo, useState, type KeyboardEvent } from "react";
import { KindIcon } from "@/components/graph/kind-icon";
import { KIND_LOOK } from "@/components/graph/model/kinds";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { topologySearchQuery } from "@/lib/client/query-options";
import type { RunRef } from "@/lib/client/query-keys";
import { readRecentResources, rememberRecentResource } from "@/lib/client/recent-resources";
import { hitFor, search, type SearchHit, type SearchIndex } from "@/lib/domain/topology/search";
import { cx } from "@/components/ui/cx";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

const FIELD_LABEL: Record<SearchHit["matched"], string> = {
  name: "name",
  id: "id",
  ip: "IP address",
  cidr: "CIDR",
  arn: "ARN",
  dns: "DNS",
  tag: "tag",
  engine: "engine",
  kind: "kind",
};

/** A resource to offer before anything is typed, and why. */
export interface Suggestion {
  id: string;
  reason: string;
}

/**
 * ⌘K: finds any resource by name, id, ARN, DNS name, CIDR or IP address, tag, kind or the engine behind it
 * ("aurora"); before anything is typed, the resources opened recently and some worth a look. Choosing one jumps
 * to it on the map.
 */
export function SearchDialog({
  open,
  onClose,
  index,
  accountNames,
  suggestions,
  onChoose,
  remoteRun,
}: {
  open: boolean;
  onClose: () => void;
  index: SearchIndex | undefined;
  /** A summary-first map: what is typed is searched on the server, across the whole estate at this run. */
  remoteRun?: RunRef;
  accountNames: ReadonlyMap<string, string>;
  suggestions: Suggestion[];
  onChoose: (nodeId: string) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} label="Search resources">
      {index ? (
        <SearchBody
          index={index}
          accountNames={accountNames}
          suggestions={suggestions}
          onChoose={onChoose}
          {...(remoteRun !== undefined ? { remoteRun } : {})}
        />
      ) : (
        <p className="p-4 text-sm text-neutral-600">Nothing to search yet: no crawl has finished.</p>
      )}
    </Dialog>
  );
}

interface Row {
  hit: SearchHit;
  /** Shown instead of what matched: "recent", or why it is suggested. */
  note?: string;
  section?: string;
}

function SearchBody({
  index,
  accountNames,
  suggestions,
  onChoose,
  remoteRun,
}: {
  index: SearchIndex;
  accountNames: ReadonlyMap<string, string>;
  suggestions: Suggestion[];
  onChoose: (nodeId: string) => void;
  remoteRun?: RunRef;
}) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const deferred = useDeferredValue(query);
  const [recent] = useState(readRecentResources);
  const typed = deferred.trim();
  const remote = useQuery({
    ...topologySearchQuery(remoteRun ?? "latest", typed),
    enabled: remoteRun !== undefined && typed !== "",
    placeholderData: keepPreviousData,
  });
  const remoteHits = remote.data?.hits;
  const rows = useMemo((): Row[] => {
    if (typed !== "" && remoteRun !== undefined) return (remoteHits ?? []).map((hit) => ({ hit }));
    if (typed !== "") return search(index, deferred, 30).map((hit) => ({ hit }));
    const seen = new Set<string>();
    const list: Row[] = [];
    for (const id of recent) {
      const hit = hitFor(index, id);
      if (!hit || seen.has(id)) continue;
      seen.add(id);
      list.push({ hit, note: "opened recently", section: list.length === 0 ? "Recent" : undefined });
    }
    const firstSuggested = list.length;
    for (const s of suggestions) {
      const hit = hitFor(index, s.id);
      if (!hit || seen.has(s.id)) continue;
      seen.add(s.id);
      list.push({ hit, note: s.reason, section: list.length === firstSuggested ? "Suggested" : undefined });
    }
    return list;
  }, [index, deferred, typed, recent, suggestions, remoteRun, remoteHits]);
  const hits = rows.map((r) => r.hit);
  const choose = (nodeId: string) => {
    rememberRecentResource(nodeId);
    onChoose(nodeId);
  };
  const listId = useId();
  const current = Math.min(active, Math.max(0, hits.length - 1));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(Math.min(current + 1, hits.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (event.key === "Enter") {
      const hit = hits[current];
      if (hit) {
        event.preventDefault();
        choose(hit.nodeId);
      }
    }
  };

  return (
    <div className="flex max-h-[70vh] flex-col">
      <div className="border-b border-neutral-200 p-3">
        <Input
          autoFocus
          role="combobox"
          aria-label="Search by name, id, ARN, DNS name, CIDR, IP address, tag or kind"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-activedescendant={hits[current] ? `${listId}-${current}` : undefined}
          placeholder="Name, id, ARN, DNS, CIDR or IP, tag, kind, “aurora”…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label="Matching resources"
        className="min-h-0 flex-1 overflow-y-auto p-1"
      >
        {remoteRun !== undefined && typed !== "" && remote.isFetching && hits.length === 0 && (
          <li role="status" className="px-3 py-6 text-center text-sm text-neutral-500">
            Searching the whole estate…
          </li>
        )}
        {deferred.trim() !== "" && hits.length === 0 && !(remoteRun !== undefined && remote.isFetching) && (
          <li className="px-3 py-6 text-center text-sm text-neutral-500">
            No resource matches “{deferred}”.
          </li>
        )}
        {rows.map(({ hit, note, section }, i) => (
          <Fragment key={hit.nodeId}>
            {section && (
              <li
                role="presentation"
                className="px-3 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-neutral-500 uppercase"
              >
                {section}
              </li>
            )}
            <li
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              data-testid="search-result"
              data-id={hit.nodeId}
              data-note={note}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(hit.nodeId)}
              className={cx(
                "flex cursor-pointer items-center gap-3 rounded-md px-3 py-2",
                i === current ? "bg-sky-50" : "hover:bg-neutral-50",
              )}
            >
              <span
                className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md"
                style={{ backgroundColor: KIND_LOOK[hit.kind].tint, color: KIND_LOOK[hit.kind].accent }}
              >
                <KindIcon kind={hit.kind} className="h-4 w-4" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-neutral-900">
                  <RevealedText text={hit.name} />
                </span>
                <span className="block truncate text-xs text-neutral-500">
                  {KIND_LOOK[hit.kind].label} ·{" "}
                  {revealInvisible(accountNames.get(hit.accountId) ?? hit.accountId)}
                  {hit.region !== "global" ? ` · ${hit.region}` : ""}
                </span>
                {note ? (
                  <span className="block truncate text-[11px] text-neutral-500">{note}</span>
                ) : hit.matched !== "name" ? (
                  <span className="block truncate font-mono text-[11px] text-neutral-500">
                    {FIELD_LABEL[hit.matched]}: {hit.text}
                  </span>
                ) : null}
              </span>
            </li>
          </Fragment>
        ))}
      </ul>
      <div className="border-t border-neutral-200 px-3 py-1.5 text-[11px] text-neutral-500">
        ↑↓ to move · Enter to jump to it on the map · Esc to close · Searches names, ids, ARNs, DNS names,
        CIDRs and IPs (an address finds the VPC that holds it), tags, kinds and engines
      </div>
    </div>
  );
}
