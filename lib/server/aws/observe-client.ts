import "server-only";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { DeserializeMiddleware, Pluggable } from "@aws-sdk/types";
import { getMetrics } from "../observability/metrics";

/** Client class → the service's signing name, as AWS (and the emulator's call counter) name it. */
const SERVICES: Record<string, string> = {
  VPCLatticeClient: "vpc-lattice",
  RAMClient: "ram",
  EC2Client: "ec2",
  STSClient: "sts",
};

const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "BandwidthLimitExceeded",
]);

interface AwsErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $retryable?: { throttling?: boolean };
}

function isThrottling(error: AwsErrorShape): boolean {
  return (
    error.$retryable?.throttling === true ||
    error.$metadata?.httpStatusCode === 429 ||
    THROTTLING_CODES.has(error.name ?? "")
  );
}

const tracer = trace.getTracer("trellis.aws");

/**
 * Counts and traces every request (each attempt, retries included) a client sends: `trellis_aws_*` metrics by
 * service, operation and the account Trellis acts for, and one client span per attempt. Added at the outermost
 * place of the deserialize step, which runs once per attempt and sees AWS's error after it is parsed.
 */
export function observeAws<I extends object, O extends object>(labels: {
  account: string;
  region: string;
  onThrottle?: () => void;
}): Pluggable<I, O> {
  const middleware: DeserializeMiddleware<I, O> = (next, context) => async (args) => {
    const service = SERVICES[context.clientName ?? ""] ?? context.clientName ?? "unknown";
    const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
    const metrics = getMetrics();
    const common = { service, operation, account: labels.account, region: labels.region };
    metrics.awsRequests.labels(common).inc();
    const timer = metrics.awsDuration.labels({ service, operation }).startTimer();
    const span = tracer.startSpan(`${service}.${operation}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "rpc.system": "aws-api",
        "rpc.service": service,
        "rpc.method": operation,
        "cloud.region": labels.region,
        "cloud.account.id": labels.account,
      },
    });
    try {
      const result = await next(args);
      const status = (result.response as { statusCode?: number } | undefined)?.statusCode;
      if (status !== undefined) span.setAttribute("http.response.status_code", status);
      return result;
    } catch (error) {
      const e = (error ?? {}) as AwsErrorShape;
      const code = e.name ?? "Error";
      metrics.awsErrors.labels({ ...common, code }).inc();
      if (isThrottling(e)) {
        metrics.awsThrottles.labels(common).inc();
        labels.onThrottle?.();
      }
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      span.setAttribute("error.type", code);
      if (e.$metadata?.httpStatusCode)
        span.setAttribute("http.response.status_code", e.$metadata.httpStatusCode);
      if (e.$metadata?.requestId) span.setAttribute("aws.request_id", e.$metadata.requestId);
      throw error;
    } finally {
      timer();
      span.end();
    }
  };
  return {
    applyToStack(stack) {
      stack.add(middleware, { step: "deserialize", priority: "high", name: "trellisObserveAws" });
    },
  };
}
