import { Handle, Position } from "@xyflow/react";

const HIDDEN = "!pointer-events-none !h-1 !w-1 !min-w-0 !border-0 !bg-transparent";

/** Both sides take and give edges; the map picks the pair facing each other once positions are known. */
export function SideHandles() {
  return (
    <>
      <Handle id="l-t" type="target" position={Position.Left} isConnectable={false} className={HIDDEN} />
      <Handle id="l-s" type="source" position={Position.Left} isConnectable={false} className={HIDDEN} />
      <Handle id="r-t" type="target" position={Position.Right} isConnectable={false} className={HIDDEN} />
      <Handle id="r-s" type="source" position={Position.Right} isConnectable={false} className={HIDDEN} />
    </>
  );
}
