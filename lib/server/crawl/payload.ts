import "server-only";

/** Drops the SDK's response metadata so only the AWS payload is stored. */
export function payload<T extends object>(output: T): Omit<T, "$metadata"> {
  const { $metadata: _metadata, ...rest } = output as T & { $metadata?: unknown };
  return rest;
}

/** AWS payloads as plain JSON (dates become RFC 3339 strings), the form history stores and hashes. */
export function plainJson(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** EC2 `Tags` lists as a key → value map. */
export function ec2TagMap(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key) map[tag.Key] = tag.Value ?? "";
  return map;
}
