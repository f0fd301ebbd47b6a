import "server-only";
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";

// Prisma's JSON columns come back as `JsonValue`. Every read goes through `readJson` with a zod schema, so a row
// that does not hold what the code expects fails loudly, naming the column, instead of flowing on behind a cast.

/** A JSON column whose value is not what its schema expects. */
export class StoredJsonError extends Error {
  override name = "StoredJsonError";
}

/** The value of a JSON column, checked against its schema. */
export function readJson<T>(schema: z.ZodType<T>, value: unknown, column: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StoredJsonError(`Stored ${column} is not what Trellis wrote: ${z.prettifyError(parsed.error)}`);
}

/**
 * A schema for a stored shape too rich to restate in zod (a change plan, a listener as read): `check` validates
 * the fields readers rely on, and the value is read as `T`, the type it was written from.
 */
export function storedShape<T>(check: z.ZodType, name: string): z.ZodType<T> {
  return z.custom<T>((value) => check.safeParse(value).success, { message: `is not a stored ${name}` });
}

/** A value for a JSON column; everything written is plain JSON data (objects, arrays, strings, numbers). */
export function jsonValue(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
