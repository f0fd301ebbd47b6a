"use client";

import { useDeferredValue, useId, useMemo, useState, type KeyboardEvent } from "react";
import { KindIcon } from "@/components/graph/kind-icon";
import { KIND_LOOK } from "@/components/graph/kinds";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { search, type SearchHit, type SearchIndex } from "@/lib/domain/search";
import { cx } from "@/components/ui/cx";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/invisible-characters";

const FIELD_LABEL: Record<SearchHit["matched"], string> = {
  name: "name",
  id: "id",
  arn: "ARN",
  dns: "DNS",
};

/** ⌘K: finds any resource by name, id, ARN or DNS name; choosing one jumps to it on the map. */
export function SearchDialog({
  open,
  onClose,
  index,
  accountNames,
  onChoose,
}: {
  open: boolean;
  onClose: () => void;
  index: SearchIndex | undefined;
  accountNames: ReadonlyMap<string, string>;
  onChoose: (nodeId: string) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} label="Search resources">
      {index ? (
        <SearchBody index={index} accountNames={accountNames} onChoose={onChoose} />
      ) : (
        <p className="p-4 text-sm text-neutral-600">Nothing to search yet: no crawl has finished.</p>
      )}
    </Dialog>
  );
}

function SearchBody({
  index,
  accountNames,
  onChoose,
}: {
  index: SearchIndex;
  accountNames: ReadonlyMap<string, string>;
  onChoose: (nodeId: string) => void;
}) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const deferred = useDeferredValue(query);
  const hits = useMemo(() => search(index, deferred, 30), [index, deferred]);
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
        onChoose(hit.nodeId);
      }
    }
  };

  return (
    <div className="flex max-h-[70vh] flex-col">
      <div className="border-b border-neutral-200 p-3">
        <Input
          autoFocus
          role="combobox"
          aria-label="Search by name, id, ARN or DNS name"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-activedescendant={hits[current] ? `${listId}-${current}` : undefined}
          placeholder="Search by name, id, ARN or DNS name…"
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
        {deferred.trim() !== "" && hits.length === 0 && (
          <li className="px-3 py-6 text-center text-sm text-neutral-500">
            No resource matches “{deferred}”.
          </li>
        )}
        {hits.map((hit, i) => (
          <li
            key={hit.nodeId}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            data-testid="search-result"
            data-id={hit.nodeId}
            onMouseEnter={() => setActive(i)}
            onClick={() => onChoose(hit.nodeId)}
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
              {hit.matched !== "name" && (
                <span className="block truncate font-mono text-[11px] text-neutral-500">
                  {FIELD_LABEL[hit.matched]}: {hit.text}
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
      <div className="border-t border-neutral-200 px-3 py-1.5 text-[11px] text-neutral-500">
        ↑↓ to move · Enter to jump to it on the map · Esc to close
      </div>
    </div>
  );
}
