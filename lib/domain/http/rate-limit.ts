import type { RateLimitSettings } from "../auth/auth-config";

export interface TokenBucket {
  tokens: number;
  /** Epoch milliseconds of the last refill. */
  updatedAt: number;
}

export interface TakeResult {
  bucket: TokenBucket;
  allowed: boolean;
  /** When refused: whole seconds until one more request would be accepted. */
  retryAfterSeconds: number;
}

/** Takes one token from a bucket that holds `burst` and refills `perMinute` a minute; a new bucket is full. */
export function takeToken(
  bucket: TokenBucket | undefined,
  now: number,
  limit: RateLimitSettings,
): TakeResult {
  const perMs = limit.perMinute / 60_000;
  const elapsed = bucket ? Math.max(0, now - bucket.updatedAt) : 0;
  const tokens = Math.min(limit.burst, (bucket?.tokens ?? limit.burst) + elapsed * perMs);
  if (tokens >= 1)
    return { bucket: { tokens: tokens - 1, updatedAt: now }, allowed: true, retryAfterSeconds: 0 };
  return {
    bucket: { tokens, updatedAt: now },
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
  };
}

/** Whether a bucket is back to full by `now`, so that forgetting it changes nothing. */
export function isFull(bucket: TokenBucket, now: number, limit: RateLimitSettings): boolean {
  return bucket.tokens + Math.max(0, now - bucket.updatedAt) * (limit.perMinute / 60_000) >= limit.burst;
}
