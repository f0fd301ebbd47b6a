import "server-only";

export interface AwsFailure {
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
}

/** What an SDK error says, in a form safe to store, audit and show (no stack, no credentials). */
export function awsFailure(error: unknown): AwsFailure {
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
