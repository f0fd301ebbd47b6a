/**
 * Request rates AWS documents per API, account and region, which every crawl worker together must stay under.
 * Amazon EC2 documents its throttling as a token bucket per API ("Request throttling for the Amazon EC2 API":
 * non-mutating actions such as the Describe* calls hold 100 tokens and refill 20 a second). VPC Lattice's quotas
 * page lists resource quotas only, and RAM and STS document none for these reads: those are bounded by the
 * concurrency limits and slowed down when AWS throttles them.
 */
export interface ApiRate {
  /** Tokens the bucket holds when full: calls that may go at once after a quiet spell. */
  burst: number;
  /** Tokens added a second. */
  perSecond: number;
}

const EC2_NON_MUTATING: ApiRate = { burst: 100, perSecond: 20 };

export const DOCUMENTED_API_RATES: Readonly<Record<string, ApiRate>> = {
  "ec2:DescribeVpcs": EC2_NON_MUTATING,
  "ec2:DescribeSecurityGroups": EC2_NON_MUTATING,
  "ec2:DescribeVpcEndpoints": EC2_NON_MUTATING,
  "ec2:DescribeVpcEndpointAssociations": EC2_NON_MUTATING,
};

/** Crawl operations are named without their service; these are EC2's. */
const EC2_OPERATIONS = new Set([
  "DescribeVpcs",
  "DescribeSecurityGroups",
  "DescribeVpcEndpoints",
  "DescribeVpcEndpointAssociations",
]);

export function documentedRate(operation: string): { api: string; rate: ApiRate } | undefined {
  const api = operation.includes(":") ? operation : EC2_OPERATIONS.has(operation) ? `ec2:${operation}` : "";
  const rate = DOCUMENTED_API_RATES[api];
  return rate ? { api, rate } : undefined;
}

/** How long until a bucket holding `tokens` (less than one) has a whole token, at `perSecond`. */
export function msUntilToken(tokens: number, perSecond: number): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
}

/** Adaptive slow-down: each throttle halves an account × region's share, which grows back a tenth a second. */
export const THROTTLE = { decrease: 0.5, recoveryPerSecond: 0.1, floor: 0.05 } as const;

/** The share of rates and call slots in force `nowMs`, given the factor set at the last throttle. */
export function throttleFactor(
  state: { factor: number; throttledMs: number } | undefined,
  nowMs: number,
): number {
  if (!state) return 1;
  const recovered =
    state.factor + (Math.max(0, nowMs - state.throttledMs) / 1000) * THROTTLE.recoveryPerSecond;
  return Math.min(1, Math.max(THROTTLE.floor, recovered));
}

/** The factor after one more throttle at `nowMs`. */
export function throttled(state: { factor: number; throttledMs: number } | undefined, nowMs: number): number {
  return Math.max(THROTTLE.floor, throttleFactor(state, nowMs) * THROTTLE.decrease);
}

/** Call slots usable under a factor: at least one, so a throttled account still moves. */
export function slotsUnder(limit: number, factor: number): number {
  return Math.max(1, Math.floor(limit * factor));
}
