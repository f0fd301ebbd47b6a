import type { BoxLayout, LayoutBoxInput, Point } from "./layout-protocol";

export const BOX_PADDING = 16;
const COLUMN_GAP = 104;
const ROW_GAP = 16;

/**
 * A box's children in one column per layer, without ELK: the whole layout of boxes without edges inside, and the
 * quick first answer for the others while ELK works. Each column is ordered by where its nodes' predecessors sit
 * (one barycenter sweep), so connected nodes end up side by side.
 */
export function columnLayout(box: LayoutBoxInput): BoxLayout {
  const columns = [...new Set(box.children.map((c) => c.column))].sort((a, b) => a - b);
  const order = new Map(box.children.map((c, i) => [c.id, i]));
  const predecessors = new Map<string, string[]>();
  const columnOf = new Map(box.children.map((c) => [c.id, c.column]));
  for (const edge of box.edges) {
    const s = columnOf.get(edge.source);
    const t = columnOf.get(edge.target);
    if (s === undefined || t === undefined || s === t) continue;
    const [from, to] = s < t ? [edge.source, edge.target] : [edge.target, edge.source];
    const list = predecessors.get(to) ?? [];
    list.push(from);
    predecessors.set(to, list);
  }

  const children: Record<string, Point> = {};
  const rank = new Map<string, number>();
  let x = BOX_PADDING;
  let bottom = box.header;
  for (const column of columns) {
    const members = box.children.filter((c) => c.column === column);
    const key = (id: string) => {
      const ranks = (predecessors.get(id) ?? []).flatMap((p) => rank.get(p) ?? []);
      return ranks.length > 0 ? ranks.reduce((a, r) => a + r, 0) / ranks.length : Number.POSITIVE_INFINITY;
    };
    members.sort((a, b) => key(a.id) - key(b.id) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    let y = box.header;
    let width = 0;
    members.forEach((child, i) => {
      children[child.id] = { x, y };
      rank.set(child.id, i);
      y += child.height + ROW_GAP;
      width = Math.max(width, child.width);
    });
    bottom = Math.max(bottom, y - ROW_GAP);
    x += width + COLUMN_GAP;
  }
  return {
    size: {
      width: Math.max(box.minWidth, x - COLUMN_GAP + BOX_PADDING),
      height: Math.max(box.minHeight, bottom + BOX_PADDING),
    },
    children,
  };
}
