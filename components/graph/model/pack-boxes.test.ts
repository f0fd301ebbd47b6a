import { describe, expect, it } from "vitest";
import { packBoxes } from "./pack-boxes";

const box = (id: string, width: number, height: number) => ({ id, size: { width, height } });

function overlaps(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe("packBoxes", () => {
  it("puts hubs in the first column and the other accounts to their right, top to bottom", () => {
    const boxes = [box("hub", 340, 150), box("a", 340, 150), box("b", 340, 150), box("c", 340, 120)];
    const positions = packBoxes(boxes, new Set(["hub"]));
    expect(positions.get("hub")).toEqual({ x: 0, y: 0 });
    const others = ["a", "b", "c"].map((id) => positions.get(id)!);
    expect(others.every((p) => p.x > 340)).toBe(true);
    expect(new Set(others.map((p) => p.x)).size).toBe(1);
    expect(others.map((p) => p.y)).toEqual([...others.map((p) => p.y)].sort((x, y) => x - y));
  });

  it("wraps many accounts into several columns without overlaps, wider than tall overall", () => {
    const boxes = Array.from({ length: 40 }, (_, i) => box(`a${i}`, 340, 150 + (i % 3) * 40));
    const positions = packBoxes(boxes, new Set());
    const rects = boxes.map((b) => ({ ...positions.get(b.id)!, w: b.size.width, h: b.size.height }));
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) expect(overlaps(rects[i]!, rects[j]!)).toBe(false);
    }
    const columns = new Set(rects.map((r) => r.x)).size;
    expect(columns).toBeGreaterThan(2);
    const width = Math.max(...rects.map((r) => r.x + r.w));
    const height = Math.max(...rects.map((r) => r.y + r.h));
    expect(width / height).toBeGreaterThan(0.5);
    expect(width / height).toBeLessThan(3);
  });
});
