import { describe, expect, it } from "vitest";
import { isFull, takeToken, type TokenBucket } from "./rate-limit";

const limit = { burst: 3, perMinute: 60 };

describe("takeToken", () => {
  it("allows a burst, then refuses until the bucket refills, saying when to retry", () => {
    let bucket: TokenBucket | undefined;
    for (let i = 0; i < 3; i++) {
      const result = takeToken(bucket, 1_000, limit);
      expect(result.allowed).toBe(true);
      bucket = result.bucket;
    }
    const refused = takeToken(bucket, 1_000, limit);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(takeToken(refused.bucket, 1_500, limit).allowed).toBe(false);
    expect(takeToken(refused.bucket, 2_000, limit).allowed).toBe(true);
  });

  it("never holds more than the burst, however long it was idle", () => {
    const idle = { tokens: 0, updatedAt: 0 };
    expect(isFull(idle, 3_000, limit)).toBe(true);
    let bucket: TokenBucket = idle;
    let allowed = 0;
    for (let i = 0; i < 10; i++) {
      const result = takeToken(bucket, 3_600_000, limit);
      if (result.allowed) allowed++;
      bucket = result.bucket;
    }
    expect(allowed).toBe(3);
  });
});
