import Link from "next/link";
import { PART_LABELS, type UnknownPart } from "@/lib/domain/topology/incomplete";
import { Badge } from "@/components/ui/badge";
import { Section } from "./section";
import { SelectLink } from "./select-link";

function Kept({ part }: { part: UnknownPart }) {
  if (part.keptFromRun === null) return <span>Never read: Trellis has no value for it.</span>;
  return (
    <span>
      Shown as last read, in{" "}
      <Link href={`/crawls?run=${part.keptFromRun}`} className="text-sky-800 underline decoration-sky-300">
        crawl #{part.keptFromRun}
      </Link>
      .
    </span>
  );
}

/**
 * What the last crawl could not read about this resource, and why: the failed operation with its error, and
 * whether the value shown is the last one read or missing. Inherited parts name the listing that kept them.
 */
export function UnknownPartsView({
  parts,
  subjectName,
}: {
  parts: UnknownPart[];
  subjectName: (id: string) => string;
}) {
  return (
    <Section title="Unknown" testId="inspector-unknown" aside={<Badge tone="warn">incomplete</Badge>}>
      <ul className="flex flex-col gap-2 text-sm">
        {parts.map((part, i) => (
          <li
            key={`${part.part}|${part.operation}|${part.via ?? ""}|${i}`}
            data-testid="unknown-part"
            data-part={part.part}
            data-operation={part.operation}
            className="flex flex-col gap-0.5"
          >
            <p className="font-medium text-amber-900">
              {part.via ? (
                <>
                  Not read: {PART_LABELS[part.part]} of{" "}
                  <SelectLink id={part.via}>{subjectName(part.via)}</SelectLink> could not be listed
                </>
              ) : (
                <>{PART_LABELS[part.part].replace(/^./, (c) => c.toUpperCase())} unknown</>
              )}
            </p>
            <p className="text-neutral-800">
              <span className="font-mono text-xs">{part.operation}</span> failed in{" "}
              <span className="font-mono text-xs">
                {part.accountId}/{part.region}
              </span>
              {part.code ? (
                <>
                  {" "}
                  (<span className="font-mono text-xs">{part.code}</span>)
                </>
              ) : null}
              : <span className="break-words">{part.message}</span>
            </p>
            <p className="text-xs text-neutral-600">
              <Kept part={part} />{" "}
              <Link
                href={`/crawls?run=${part.runId}`}
                data-testid="unknown-run-link"
                className="text-sky-800 underline decoration-sky-300"
              >
                Errors of crawl #{part.runId}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </Section>
  );
}
