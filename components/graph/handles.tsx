import type { ReactNode } from "react";
import { Handle, Position, type NodeHandle } from "@xyflow/react";

/** Handles are 4 px squares centred on the node's left and right edges. */
const SIZE = 4;

/**
 * In flow rather than absolutely positioned: a positioned or transformed element is a paint layer of its own,
 * and four per node made every frame of a pan across a large map repaint and hit-test thousands of them.
 */
const HIDDEN =
  "!pointer-events-none !static !h-1 !min-h-0 !w-1 !min-w-0 !transform-none !border-0 !bg-transparent self-center";

/** The handle on each side of a node: one per side serves edges both ways under `ConnectionMode.Loose`. */
export const LEFT_HANDLE = "l";
export const RIGHT_HANDLE = "r";

export interface HandleFrameProps {
  /** Width of the body's border: the handles are centred on its inner edge. */
  border?: number;
  children: ReactNode;
}

/**
 * A node's body with a handle on both sides, stacked in one grid cell so that each handle is centred on the
 * body's edge. The map picks the pair of sides facing each other once positions are known.
 */
export function HandleFrame({ border = 0, children }: HandleFrameProps) {
  const inset = border - SIZE / 2;
  return (
    <div className="grid h-full w-full grid-cols-1 grid-rows-1 *:col-start-1 *:row-start-1">
      <Handle
        id={LEFT_HANDLE}
        type="source"
        position={Position.Left}
        isConnectable={false}
        className={`${HIDDEN} justify-self-start`}
        style={{ marginLeft: inset }}
      />
      <Handle
        id={RIGHT_HANDLE}
        type="source"
        position={Position.Right}
        isConnectable={false}
        className={`${HIDDEN} justify-self-end`}
        style={{ marginRight: inset }}
      />
      {children}
    </div>
  );
}

/**
 * Where HandleFrame puts its handles in a node of this size. Given to React Flow with the node, edges can be
 * drawn before the handles are measured, and a node given anew (another layout, a new selection) keeps its
 * edges instead of being measured again.
 */
export function frameHandles(width: number, height: number, border = 0): NodeHandle[] {
  const y = height / 2 - SIZE / 2;
  const side = (id: string, position: Position, x: number): NodeHandle => ({
    id,
    type: "source",
    position,
    x,
    y,
    width: SIZE,
    height: SIZE,
  });
  return [
    side(LEFT_HANDLE, Position.Left, border - SIZE / 2),
    side(RIGHT_HANDLE, Position.Right, width - border - SIZE / 2),
  ];
}
