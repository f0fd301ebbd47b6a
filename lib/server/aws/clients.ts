import "server-only";
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { RAMClient } from "@aws-sdk/client-ram";
import { EC2Client } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, BuildMiddleware } from "@aws-sdk/types";
import { observeAws } from "./observe-client";
import { annotateRequestUrl, requestUrl } from "./readable-error";

/** The Lattice client services hold (applies, live reads); the adapters in this folder are what call it. */
export type LatticeClient = VPCLatticeClient;

export interface AwsEndpoints {
  lattice?: string;
  ram?: string;
  ec2?: string;
  sts?: string;
  /** CloudWatch (metrics); without it AWS_ENDPOINT_URL_CLOUDWATCH or AWS_ENDPOINT_URL applies. */
  cloudwatch?: string;
  sqs?: string;
}

export interface AwsClientOptions {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Explicit endpoints (demo mode points them at the emulator). Without them the SDK's own resolution
   * applies, which honours AWS_ENDPOINT_URL_VPC_LATTICE / _RAM / _EC2 / _STS and AWS_ENDPOINT_URL.
   */
  endpoints?: AwsEndpoints;
  maxAttempts?: number;
  callTimeoutMs?: number;
  /** The account these clients act for: their calls are counted and traced under it. */
  accountId?: string;
  /** Called for every attempt AWS refused for throttling (with accountId set). */
  onThrottle?: () => void;
}

export interface AwsClients {
  lattice: VPCLatticeClient;
  ram: RAMClient;
  ec2: EC2Client;
  sts: STSClient;
  destroy(): void;
}

function baseConfig(options: AwsClientOptions, endpoint: string | undefined) {
  return {
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 6,
    requestHandler: {
      requestTimeout: options.callTimeoutMs ?? 15_000,
      // Without it the SDK only logs a warning when a call takes longer, and keeps waiting.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(options.callTimeoutMs ?? 15_000, 5_000),
    },
  };
}

/** Errors say which URL answered them, so an endpoint that answers HTML can be named (readableAwsError). */
function requestUrlMiddleware<Input extends object, Output extends object>(): BuildMiddleware<Input, Output> {
  return (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const url = requestUrl(args.request);
      if (url) annotateRequestUrl(error, url);
      throw error;
    }
  };
}

const REQUEST_URL_STEP = { step: "build", name: "trellisRequestUrl" } as const;

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const e = options.endpoints ?? {};
  const lattice = new VPCLatticeClient(baseConfig(options, e.lattice));
  const ram = new RAMClient(baseConfig(options, e.ram));
  const ec2 = new EC2Client(baseConfig(options, e.ec2));
  const sts = new STSClient(baseConfig(options, e.sts));
  lattice.middlewareStack.add(requestUrlMiddleware(), REQUEST_URL_STEP);
  ram.middlewareStack.add(requestUrlMiddleware(), REQUEST_URL_STEP);
  ec2.middlewareStack.add(requestUrlMiddleware(), REQUEST_URL_STEP);
  sts.middlewareStack.add(requestUrlMiddleware(), REQUEST_URL_STEP);
  if (options.accountId) {
    const labels = {
      account: options.accountId,
      region: options.region,
      ...(options.onThrottle ? { onThrottle: options.onThrottle } : {}),
    };
    lattice.middlewareStack.use(observeAws(labels));
    ram.middlewareStack.use(observeAws(labels));
    ec2.middlewareStack.use(observeAws(labels));
    sts.middlewareStack.use(observeAws(labels));
  }
  return {
    lattice,
    ram,
    ec2,
    sts,
    destroy() {
      lattice.destroy();
      ram.destroy();
      ec2.destroy();
      sts.destroy();
    },
  };
}
