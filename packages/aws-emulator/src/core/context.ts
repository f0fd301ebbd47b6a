import type { IncomingHttpHeaders } from "node:http";
import type { Identity } from "./model";
import type { World } from "./world";
import type { ApiError } from "./errors";

export interface RequestContext {
  world: World;
  method: string;
  /** Path as sent, still percent-encoded. */
  rawPath: string;
  /** Path segments, each percent-decoded after splitting the raw path on "/". */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  caller: Identity;
  region: string;
  requestId: string;
}

export interface ApiResponse {
  status: number;
  /** Objects are sent as JSON; strings as they are (XML). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RoutedRequest {
  /** Operation name as in the API, e.g. "ListServices". */
  operation: string;
  /** The request's parameters as the routing saw them (path labels, or a protocol's decoded input). */
  params?: Record<string, unknown>;
  handle: () => ApiResponse | Promise<ApiResponse>;
}

export interface ServiceModule {
  /** SigV4 signing name: vpc-lattice, ram, sts, ec2. */
  signingName: string;
  route(ctx: RequestContext): RoutedRequest;
  renderError(error: ApiError, ctx: RequestContext): ApiResponse;
  faults: {
    throttling(): ApiError;
    serverError(): ApiError;
    accessDenied(operation: string, caller: Identity): ApiError;
  };
}
