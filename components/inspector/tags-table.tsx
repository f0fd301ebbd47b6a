import { Section } from "./section";
import { RevealedText } from "@/components/ui/revealed-text";
import { ColumnHead, Table, TableHead } from "@/components/ui/table";

export function TagsTable({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Section
      title="Tags"
      testId="inspector-tags"
      aside={<span className="text-xs text-neutral-500">{entries.length}</span>}
    >
      {entries.length === 0 ? (
        <p className="text-sm text-neutral-500">No tags.</p>
      ) : (
        <Table className="table-fixed">
          <TableHead>
            <ColumnHead className="w-2/5">Key</ColumnHead>
            <ColumnHead last>Value</ColumnHead>
          </TableHead>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key} className="border-t border-neutral-100 align-top" data-testid="tag-row">
                <td className="py-1 pr-2 font-mono text-xs break-all text-neutral-700">
                  <RevealedText text={key} />
                </td>
                <td className="py-1 text-xs break-all">
                  {value ? <RevealedText text={value} /> : <span className="text-neutral-400">(empty)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}
