import { describe, expect, it } from "vitest";
import { columnLayout } from "./column-layout";
import type { LayoutBoxInput } from "./layout-protocol";

const child = (id: string, column: number) => ({ id, width: 200, height: 50, column });

describe("columnLayout", () => {
  it("places layers left to right below the header, and puts each node next to what leads to it", () => {
    const box: LayoutBoxInput = {
      id: "account:1",
      header: 56,
      minWidth: 340,
      minHeight: 80,
      children: [child("svc-a", 3), child("svc-b", 3), child("tg-of-b", 6), child("tg-of-a", 6)],
      edges: [
        { id: "1", source: "svc-a", target: "tg-of-a" },
        { id: "2", source: "svc-b", target: "tg-of-b" },
      ],
    };
    const layout = columnLayout(box);
    expect(layout.children["svc-a"]).toEqual({ x: 16, y: 56 });
    expect(layout.children["svc-b"]).toEqual({ x: 16, y: 122 });
    expect(layout.children["tg-of-a"]).toEqual({ x: 320, y: 56 });
    expect(layout.children["tg-of-b"]).toEqual({ x: 320, y: 122 });
    expect(layout.size).toEqual({ width: 536, height: 188 });
  });

  it("gives an empty box its minimum size", () => {
    const layout = columnLayout({
      id: "a",
      header: 90,
      minWidth: 340,
      minHeight: 98,
      children: [],
      edges: [],
    });
    expect(layout).toEqual({ size: { width: 340, height: 106 }, children: {} });
  });
});
