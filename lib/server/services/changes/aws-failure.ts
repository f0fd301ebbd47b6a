import "server-only";
import { isDatabaseUnavailable } from "../../db/database";

export interface AwsFailure {
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
}

/** A failure of Trellis's own database, which must never be reported (or audited) as AWS's. */
function isDatabaseError(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return isDatabaseUnavailable(error) || (typeof name === "string" && name.startsWith("PrismaClient"));
}

/**
 * What an SDK error says, in a form safe to store, audit and show (no stack, no credentials). A database error
 * caught on the same path is rethrown: it is answered 503 (or 500), never as AWS's failure.
 */
export function awsFailure(error: unknown): AwsFailure {
  if (isDatabaseError(error)) throw error;
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { requestId?: string; httpStatusCode?: number };
  };
  return {
    code: e?.name ?? "Error",
    message: e?.message || String(error),
    ...(e?.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}),
    ...(e?.$metadata?.httpStatusCode ? { httpStatus: e.$metadata.httpStatusCode } : {}),
  };
}
