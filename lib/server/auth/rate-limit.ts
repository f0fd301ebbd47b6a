import "server-only";
import type { RateLimitSettings } from "@/lib/domain/auth/auth-config";
import { isFull, takeToken, type TokenBucket } from "@/lib/domain/http/rate-limit";

const buckets = new Map<string, TokenBucket>();
const SWEEP_AT = 10_000;

/**
 * One token bucket per principal, in this process's memory: with several console processes behind a load
 * balancer each keeps its own, so the effective limit is per process.
 */
export function takeWriteToken(
  principalId: string,
  limit: RateLimitSettings,
  now = Date.now(),
): { allowed: boolean; retryAfterSeconds: number } {
  if (buckets.size >= SWEEP_AT) {
    for (const [id, bucket] of buckets) if (isFull(bucket, now, limit)) buckets.delete(id);
  }
  const result = takeToken(buckets.get(principalId), now, limit);
  buckets.set(principalId, result.bucket);
  return { allowed: result.allowed, retryAfterSeconds: result.retryAfterSeconds };
}

/** Tests start each case with full buckets. */
export function resetWriteTokens(): void {
  buckets.clear();
}
