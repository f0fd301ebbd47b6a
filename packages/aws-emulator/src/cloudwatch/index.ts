import type { ApiResponse, RequestContext, RoutedRequest, ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import { escapeXml, formParams, xmlChildren, xmlResponse, type XmlObject } from "../core/query-protocol";
import type { World } from "../core/world";
import { getMetricData, listMetrics } from "./metrics";
import type { TrafficModel } from "./traffic";

const TARGET_PREFIX = "GraniteServiceVersion20100801";
const XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/** Each world's traffic model (the emulator registers it when it builds or restores a world). */
const models = new WeakMap<World, TrafficModel>();

export function registerTraffic(world: World, model: TrafficModel): void {
  models.set(world, model);
}

export function trafficOfWorld(world: World): TrafficModel | undefined {
  return models.get(world);
}

type Operation = (ctx: RequestContext, traffic: TrafficModel, input: Record<string, unknown>) => object;

const OPERATIONS: Record<string, Operation> = {
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
};

function modelOf(ctx: RequestContext): TrafficModel {
  const model = models.get(ctx.world);
  if (!model)
    throw new ApiError(500, "InternalServiceError", "The emulator has no traffic model for this world");
  return model;
}

function jsonInput(ctx: RequestContext): Record<string, unknown> {
  const text = ctx.body.toString("utf8").trim();
  if (text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError(400, "SerializationException", "Could not parse the request body as JSON");
}

const NUMERIC = new Set(["Period", "MaxDatapoints"]);
const BOOLEAN = new Set(["ReturnData", "IncludeLinkedAccounts"]);

/** awsQuery's flattened parameters (`MetricDataQueries.member.1.MetricStat.Period=60`) as the JSON shape. */
export function queryInput(params: Map<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, raw] of params) {
    if (key === "Action" || key === "Version") continue;
    const parts = key.split(".");
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === "member" && Array.isArray(node)) continue;
      const index = Array.isArray(node) ? Number(part) - 1 : undefined;
      const nextIsMember = parts[i + 1] === "member";
      const value: unknown = last
        ? NUMERIC.has(part)
          ? Number(raw)
          : BOOLEAN.has(part)
            ? raw === "true"
            : raw
        : undefined;
      const container = node as Record<string, unknown>;
      const slot = index !== undefined ? String(index) : part;
      if (last) {
        if (Array.isArray(node)) node[index!] = value;
        else container[slot] = value;
        break;
      }
      const existing = Array.isArray(node) ? node[index!] : container[slot];
      const child = (existing ?? (nextIsMember ? [] : {})) as Record<string, unknown> | unknown[];
      if (Array.isArray(node)) node[index!] = child;
      else container[slot] = child;
      node = child;
    }
  }
  return root;
}

function toXml(value: unknown): XmlObject[string] {
  if (Array.isArray(value)) return value.map(toXml);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXml(v)])) as XmlObject;
  }
  return value as XmlObject[string];
}

/** Query answers carry timestamps as ISO 8601; JSON answers as epoch seconds. */
function isoTimestamps(output: object): object {
  const results = (output as { MetricDataResults?: { Timestamps: number[] }[] }).MetricDataResults;
  if (!results) return output;
  return {
    ...output,
    MetricDataResults: results.map((r) => ({
      ...r,
      Timestamps: r.Timestamps.map((t) => new Date(t * 1000).toISOString()),
    })),
  };
}

function route(ctx: RequestContext): RoutedRequest {
  const target = ctx.headers["x-amz-target"];
  if (typeof target === "string") {
    const [prefix, operation = ""] = target.split(".");
    const handler =
      prefix === TARGET_PREFIX && Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!handler) throw new ApiError(400, "UnknownOperationException", `Unknown operation ${target}`);
    return {
      operation,
      handle: (): ApiResponse => ({
        status: 200,
        headers: { "content-type": "application/x-amz-json-1.0" },
        body: handler(ctx, modelOf(ctx), jsonInput(ctx)),
      }),
    };
  }
  const params = formParams(ctx);
  const action = params.get("Action");
  if (!action) throw new ApiError(400, "MissingAction", "The request must contain the parameter Action");
  const handler = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
  if (!handler)
    throw new ApiError(400, "InvalidAction", `Could not find operation ${action} for version 2010-08-01`);
  return {
    operation: action,
    handle: () => {
      const output = isoTimestamps(handler(ctx, modelOf(ctx), queryInput(params)));
      return xmlResponse(
        200,
        `<${action}Response xmlns="${XMLNS}"><${action}Result>${xmlChildren(toXml(output) as XmlObject, "member")}</${action}Result>` +
          `<ResponseMetadata><RequestId>${escapeXml(ctx.requestId)}</RequestId></ResponseMetadata></${action}Response>`,
      );
    },
  };
}

/** JSON errors name the query error too (`x-amzn-query-error`), which query-compatible clients read as the code. */
function renderError(error: ApiError, ctx: RequestContext): ApiResponse {
  const fault = error.status >= 500 ? "Receiver" : "Sender";
  if (typeof ctx.headers["x-amz-target"] === "string") {
    return {
      status: error.status,
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-query-error": `${error.code};${fault}`,
      },
      body: { __type: `com.amazonaws.cloudwatch#${exceptionName(error.code)}`, message: error.message },
    };
  }
  return xmlResponse(
    error.status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${fault}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${escapeXml(ctx.requestId)}</RequestId></ErrorResponse>`,
  );
}

/** The JSON protocol's shape name for a query error code. */
function exceptionName(code: string): string {
  switch (code) {
    case "InvalidParameterValue":
      return "InvalidParameterValueException";
    case "MissingParameter":
      return "MissingRequiredParameterException";
    case "InvalidParameterCombination":
      return "InvalidParameterCombinationException";
    case "InternalServiceError":
      return "InternalServiceFault";
    default:
      return code;
  }
}

export const cloudwatchService: ServiceModule = {
  signingName: "monitoring",
  route,
  renderError,
  faults: {
    throttling: () => new ApiError(400, "Throttling", "Rate exceeded"),
    serverError: () => new ApiError(500, "InternalServiceError", "Internal service error"),
    accessDenied: (operation, caller) =>
      new ApiError(
        403,
        "AccessDenied",
        `User: ${caller.arn} is not authorized to perform: cloudwatch:${operation} because no identity-based policy allows the cloudwatch:${operation} action`,
      ),
  },
};
