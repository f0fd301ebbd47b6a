import { Section } from "./section";
import { RevealedText } from "@/components/ui/revealed-text";

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
        <table className="w-full table-fixed text-sm">
          <thead>
            <tr className="text-left text-[11px] text-neutral-500 uppercase">
              <th scope="col" className="w-2/5 py-1 pr-2 font-medium">
                Key
              </th>
              <th scope="col" className="py-1 font-medium">
                Value
              </th>
            </tr>
          </thead>
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
        </table>
      )}
    </Section>
  );
}
