import { createElement } from "react";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";

/** One stroke of a glyph on a 24 × 24 grid: an SVG element and its attributes. */
type Shape = readonly ["path" | "circle" | "rect" | "ellipse", Readonly<Record<string, string | number>>];

const GLYPHS: Record<ResourceKind, readonly Shape[]> = {
  account: [
    ["rect", { x: 4, y: 2, width: 16, height: 20, rx: 2 }],
    [
      "path",
      {
        d: "M9 22v-4h6v4M8 6h.01M12 6h.01M16 6h.01M8 10h.01M12 10h.01M16 10h.01M8 14h.01M12 14h.01M16 14h.01",
      },
    ],
  ],
  vpc: [["path", { d: "M17.5 19H9a7 7 0 1 1 6.71-9h1.79a4.5 4.5 0 1 1 0 9Z" }]],
  "vpc-endpoint": [["path", { d: "M12 22v-5M9 8V2M15 8V2M18 8v5a4 4 0 0 1-4 4h-4a4 4 0 0 1-4-4V8Z" }]],
  "service-network": [
    ["circle", { cx: 12, cy: 12, r: 3 }],
    ["circle", { cx: 4.5, cy: 5, r: 2 }],
    ["circle", { cx: 19.5, cy: 5, r: 2 }],
    ["circle", { cx: 12, cy: 21, r: 2 }],
    ["path", { d: "M6 6.5 9.8 10M18 6.5 14.2 10M12 15v4" }],
  ],
  service: [
    [
      "path",
      {
        d: "M21 16V8a2 2 0 0 0-1-1.73l-7-4a2 2 0 0 0-2 0l-7 4A2 2 0 0 0 3 8v8a2 2 0 0 0 1 1.73l7 4a2 2 0 0 0 2 0l7-4A2 2 0 0 0 21 16z",
      },
    ],
  ],
  listener: [
    ["circle", { cx: 12, cy: 12, r: 2 }],
    [
      "path",
      {
        d: "M16.24 7.76a6 6 0 0 1 0 8.49M7.76 16.24a6 6 0 0 1 0-8.49M19.07 4.93a10 10 0 0 1 0 14.14M4.93 19.07a10 10 0 0 1 0-14.14",
      },
    ],
  ],
  rule: [["path", { d: "M12 2v20M8 22h8M5 5h12l3 3-3 3H5zM19 13H7l-3 3 3 3h12z" }]],
  "target-group": [
    ["path", { d: "m12 2 10 5-10 5L2 7z" }],
    ["path", { d: "m2 17 10 5 10-5M2 12l10 5 10-5" }],
  ],
  target: [
    ["circle", { cx: 12, cy: 12, r: 9 }],
    ["circle", { cx: 12, cy: 12, r: 5 }],
    ["circle", { cx: 12, cy: 12, r: 1 }],
  ],
  "resource-gateway": [["path", { d: "M4 21V10a8 8 0 0 1 16 0v11M2 21h20M9 21v-6h6v6" }]],
  "resource-configuration": [
    ["ellipse", { cx: 12, cy: 5, rx: 9, ry: 3 }],
    ["path", { d: "M3 5v14a9 3 0 0 0 18 0V5M3 12a9 3 0 0 0 18 0" }],
  ],
  "ram-share": [
    ["circle", { cx: 18, cy: 5, r: 3 }],
    ["circle", { cx: 6, cy: 12, r: 3 }],
    ["circle", { cx: 18, cy: 19, r: 3 }],
    ["path", { d: "m8.6 13.5 6.8 4M15.4 6.5l-6.8 4" }],
  ],
};

/** The glyph of a kind, drawn in the current text colour. */
export function KindIcon({ kind, className }: { kind: ResourceKind; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {GLYPHS[kind].map(([tag, attributes], i) => createElement(tag, { key: i, ...attributes }))}
    </svg>
  );
}

const images = new Map<string, string>();

/**
 * The glyph of a kind as a CSS image in the given colour. A map node draws its glyph as the background of the
 * tinted square: one box, where an inline SVG is an element tree with its own transform and clip to paint.
 */
export function kindGlyphImage(kind: ResourceKind, color: string): string {
  const key = `${kind}|${color}`;
  let image = images.get(key);
  if (!image) {
    const shapes = GLYPHS[kind]
      .map(([tag, attributes]) => {
        const list = Object.entries(attributes).map(([name, value]) => `${name}="${value}"`);
        return `<${tag} ${list.join(" ")}/>`;
      })
      .join("");
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="${color}" ` +
      `stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${shapes}</svg>`;
    image = `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
    images.set(key, image);
  }
  return image;
}
