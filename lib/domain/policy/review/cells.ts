import type { RequestPrincipal } from "../principals";
import type { DimensionId } from "./statements";

/** One request as a reviewer reads it: a concrete example of a class. */
export interface ExampleRequest {
  /** An IAM ARN, or "anonymous". */
  principal: string;
  service: string;
  serviceNetwork?: string;
  sourceVpc: string;
  sourceVpcOwnerAccount?: string;
  action: "vpc-lattice-svcs:Invoke" | "vpc-lattice-svcs:Connect";
  method?: string;
  path?: string;
  port?: number;
  headers?: Record<string, string>;
  query?: Record<string, string[]>;
  /** Other condition keys the request carries. */
  keys?: Record<string, string | string[]>;
}

export type ContextValues = Record<string, string | readonly string[]>;

/** A class of values of one request dimension: every value in it meets the same policy parts the same way. */
export interface Cell {
  /** The class in words, for one class alone ("GET", "another role", "paths under /admin/"). */
  label: string;
  /** The class is one value a policy names (so a list of them reads naturally). */
  named: boolean;
  /** The condition keys a request of this class carries. */
  context: ContextValues;
  /** Its part of an example request. */
  part: Partial<ExampleRequest>;
  principal?: RequestPrincipal;
  action?: ExampleRequest["action"];
  /** Principals: the account group ("account:<id>", "other-accounts", "anonymous"); sources: "connected" or "other". */
  group?: string;
  /** The class holds no value at all for this dimension's key (no such header, say). */
  absent?: boolean;
}

export interface Dimension {
  id: DimensionId;
  /** What a value of this dimension is, in words ("method", "header x-team"). */
  noun: string;
  cells: Cell[];
}

/** A construct the review could not decide exactly: it says so instead of reporting no change. */
export interface Undecided {
  construct: string;
  message: string;
}
