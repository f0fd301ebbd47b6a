export interface LayoutChild {
  id: string;
  width: number;
  height: number;
  /** Layers in order: client VPCs, networks, services, listeners, rules, target groups, targets. */
  column: number;
}

export interface LayoutLink {
  id: string;
  source: string;
  target: string;
}

/** One account box: its children are placed by ELK below a header of `header` pixels. */
export interface LayoutBoxInput {
  id: string;
  header: number;
  minWidth: number;
  minHeight: number;
  children: LayoutChild[];
  edges: LayoutLink[];
}

export interface LayoutRequest {
  id: number;
  boxes: LayoutBoxInput[];
  /** Boxes placed in the first column, e.g. accounts whose service networks other accounts use. */
  hubs: string[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface BoxLayout {
  size: Size;
  /** Child positions relative to the box. */
  children: Record<string, Point>;
}

export interface LayoutResponse {
  id: number;
  /** False for the quick first answer to a request that some box needs ELK for; the final one follows. */
  final: boolean;
  /** Box positions (absolute) and sizes, child positions relative to their box. */
  boxes: Record<string, BoxLayout & { position: Point }>;
  error?: string;
}
