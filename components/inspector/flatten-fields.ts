import { isRecord } from "./values";

export interface FieldLeaf {
  /** `config.healthCheck.path`, `principals[0].id`. */
  path: string;
  /** Where the last segment starts, to set the parent path apart. */
  split: number;
  value: unknown;
}

/** Nested objects become dotted paths, so every value gets the full width of the panel. */
export function flattenFields(value: Record<string, unknown>): FieldLeaf[] {
  const leaves: FieldLeaf[] = [];
  const visit = (item: unknown, path: string, split: number) => {
    if (isRecord(item) && Object.keys(item).length > 0) {
      for (const [key, child] of Object.entries(item)) visit(child, `${path}.${key}`, path.length + 1);
    } else if (Array.isArray(item) && item.some((entry) => isRecord(entry) || Array.isArray(entry))) {
      item.forEach((child, index) => visit(child, `${path}[${index}]`, path.length));
    } else {
      leaves.push({ path, split, value: item });
    }
  };
  for (const [key, child] of Object.entries(value)) visit(child, key, 0);
  return leaves;
}
