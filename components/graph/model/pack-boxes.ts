import type { Point, Size } from "./layout-protocol";

const COLUMN_GAP = 160;
/** Wider after the hubs: their edges fan out to every other account and carry labels. */
const HUB_GAP = 320;
const ROW_GAP = 36;
/** Height over width of the columns right of the hubs: taller than wide keeps edges from the hubs short. */
const COLUMN_ASPECT = 1.2;

/**
 * Places account boxes in columns: the hubs first (their networks' edges fan out to the right), then the others
 * top to bottom, starting a new column once a column is about as tall as a landscape screen would want.
 */
export function packBoxes(
  boxes: readonly { id: string; size: Size }[],
  hubs: ReadonlySet<string>,
): Map<string, Point> {
  const positions = new Map<string, Point>();
  const first = boxes.filter((b) => hubs.has(b.id));
  const rest = boxes.filter((b) => !hubs.has(b.id));
  const area = boxes.reduce((sum, b) => sum + (b.size.width + COLUMN_GAP) * (b.size.height + ROW_GAP), 0);
  const tallest = boxes.reduce((max, b) => Math.max(max, b.size.height), 0);
  const firstHeight = first.reduce((sum, b) => sum + b.size.height + ROW_GAP, 0);
  const limit = Math.max(tallest, firstHeight, Math.sqrt(area * COLUMN_ASPECT));

  let x = 0;
  const place = (column: readonly { id: string; size: Size }[], gap: number) => {
    let y = 0;
    let width = 0;
    for (const box of column) {
      positions.set(box.id, { x, y });
      y += box.size.height + ROW_GAP;
      width = Math.max(width, box.size.width);
    }
    x += width + gap;
  };
  if (first.length > 0) place(first, HUB_GAP);
  let column: { id: string; size: Size }[] = [];
  let height = 0;
  for (const box of rest) {
    if (column.length > 0 && height + box.size.height > limit) {
      place(column, COLUMN_GAP);
      column = [];
      height = 0;
    }
    column.push(box);
    height += box.size.height + ROW_GAP;
  }
  if (column.length > 0) place(column, COLUMN_GAP);
  return positions;
}
