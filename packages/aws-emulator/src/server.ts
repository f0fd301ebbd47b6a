import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { ApiError } from "./core/errors";
import type { ApiResponse, RequestContext, ServiceModule } from "./core/context";
import { credentialScope } from "./core/sigv4";
import { Faults, omitMembers, unimplementedPage, type FaultConfigInput } from "./core/faults";
import { CallCounter } from "./core/calls";
import { applyDueHealthChanges } from "./core/health";
import type { World } from "./core/world";
import { handleControl } from "./control";
import { latticeService } from "./lattice";
import { ramService } from "./ram";
import { stsService } from "./sts";
import { ec2Service } from "./ec2";
import { cloudwatchService, registerTraffic } from "./cloudwatch";
import { TrafficModel } from "./cloudwatch/traffic";
import { trafficForSource } from "./scenario/traffic";
import { createSqsService } from "./sqs";
import { SqsState } from "./sqs/queues";
import { EventFeed, type EventConfigInput } from "./events";
import { apiCallEvent, ramStateChangeEvent } from "./events/cloudtrail";
import { loadSavedWorld, saveWorld } from "./core/persist";
import { buildWorld } from "./scenario";
import { scenarioSourceSchema, type ScenarioSourceInput, type ScenarioSource } from "./scenario/source";

export interface EmulatorOptions {
  scenario?: ScenarioSourceInput;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  faults?: FaultConfigInput;
  log?: (line: string) => void;
  /**
   * A file that keeps the world across restarts: read at start when it holds the same scenario, written after
   * every change (debounced) and on close. Without it the world lives in memory only.
   */
  persistFile?: string;
  /** CloudTrail-shaped events of every write, put on an SQS queue of the emulator (see events/). */
  events?: EventConfigInput;
}

export interface Emulator {
  url: string;
  port: number;
  readonly world: World;
  readonly scenario: ScenarioSource;
  faults: Faults;
  calls: CallCounter;
  /** The scenario's traffic: what CloudWatch publishes, its switches and its clock. */
  readonly traffic: TrafficModel;
  /** The SQS queues (kept across `load` and `reset`: they are infrastructure, not the scenario). */
  readonly sqs: SqsState;
  readonly events: EventFeed;
  /** Replace the world with a freshly built scenario; counts and faults are reset. */
  load(source: ScenarioSourceInput): void;
  /** Rebuild the current scenario from scratch. */
  reset(): void;
  /** Whether the world was read from `persistFile` rather than built from the scenario. */
  readonly restored: boolean;
  /** Marks the world changed: it is saved shortly (with `persistFile`). */
  changed(): void;
  close(): Promise<void>;
}

/** Services whose successful writes CloudTrail records and EventBridge delivers. */
const EVENT_SERVICES: ReadonlySet<string> = new Set(["vpc-lattice", "ram"]);

/** The scenario's traffic over `world`, registered so CloudWatch answers from it. */
function trafficFor(world: World, scenario: ScenarioSource): TrafficModel {
  const model = new TrafficModel(trafficForSource(scenario), world);
  registerTraffic(world, model);
  return model;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  let scenario = scenarioSourceSchema.parse(options.scenario ?? { name: "demo" });
  const persistFile = options.persistFile;
  const saved = persistFile ? loadSavedWorld(persistFile, scenario) : undefined;
  let world = saved ?? buildWorld(scenario);
  let traffic = trafficFor(world, scenario);
  const faults = new Faults(options.faults);
  const calls = new CallCounter();
  const sqs = new SqsState();
  const events = new EventFeed(sqs, options.events);
  const services: ServiceModule[] = [
    latticeService,
    ramService,
    stsService,
    ec2Service,
    createSqsService(sqs),
    cloudwatchService,
  ];
  const log = options.log;

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!persistFile) return;
    try {
      saveWorld(persistFile, world, scenario);
    } catch (error) {
      log?.(
        `emulator: could not save the world to ${persistFile}: ${error instanceof Error ? error.message : error}`,
      );
    }
  };
  const changed = () => {
    if (persistFile && !saveTimer) saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
  };

  const emulator: Emulator = {
    url: "",
    port: 0,
    get world() {
      return world;
    },
    get scenario() {
      return scenario;
    },
    get traffic() {
      return traffic;
    },
    faults,
    calls,
    sqs,
    events,
    load(source) {
      scenario = scenarioSourceSchema.parse(source);
      world = buildWorld(scenario);
      traffic = trafficFor(world, scenario);
      calls.reset();
      faults.set({});
      changed();
    },
    reset() {
      world = buildWorld(scenario);
      traffic = trafficFor(world, scenario);
      calls.reset();
      faults.set({});
      changed();
    },
    restored: saved !== undefined,
    changed,
    close: async () => {
      sqs.close();
      events.close();
      await closeServer(server);
      if (saveTimer) saveNow();
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res, emulator, services, log);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  emulator.port = address.port;
  emulator.url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  return emulator;
}

const READ_OPERATION = /^(List|Get|Describe)/;
/** Writes come in bursts (a crawl's AssumeRole calls, an apply's calls): one save after the burst. */
const SAVE_DELAY_MS = 500;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  emulator: Emulator,
  services: ServiceModule[],
  log?: (line: string) => void,
) {
  const arrived = performance.now();
  const requestId = randomUUID();
  const rawUrl = req.url ?? "/";
  const queryIndex = rawUrl.indexOf("?");
  const rawPath = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
  const query = new URLSearchParams(queryIndex === -1 ? "" : rawUrl.slice(queryIndex + 1));
  const body = await readBody(req);

  if (rawPath === "/_emulator" || rawPath.startsWith("/_emulator/")) {
    const result = await handleControl(emulator, req.method ?? "GET", rawPath, body);
    if (req.method !== "GET" && req.method !== "HEAD") {
      emulator.changed();
      emulator.traffic.observe();
    }
    send(res, result, requestId);
    return;
  }

  const world = emulator.world;
  if (applyDueHealthChanges(world) > 0) {
    emulator.changed();
    emulator.traffic.observe();
  }
  const scope = credentialScope(req.headers, query);
  const service = scope ? services.find((s) => s.signingName === scope.service) : undefined;
  if (!scope || !service) {
    send(
      res,
      {
        status: 403,
        headers: { "x-amzn-errortype": "MissingAuthenticationTokenException" },
        body: { message: scope ? `Unknown service ${scope.service}` : "Missing Authentication Token" },
      },
      requestId,
    );
    return;
  }

  let segments: string[];
  try {
    segments = rawPath.split("/").slice(1).map(decodeURIComponent);
  } catch {
    segments = [];
  }
  if (segments.length === 1 && segments[0] === "") segments = [];
  const ctx: RequestContext = {
    world,
    method: req.method ?? "GET",
    rawPath,
    segments,
    query,
    headers: req.headers,
    body,
    caller: world.identityFor(scope.accessKeyId),
    region: scope.region,
    requestId,
  };

  let response: ApiResponse;
  let operation = "Unknown";
  let counted = false;
  let leave: () => void = () => undefined;
  // Latency is the time from the request's arrival to the answer, the emulator's own work included.
  let delay = emulator.faults.delayMs();
  try {
    if (ctx.caller.expiration && Date.parse(ctx.caller.expiration) <= Date.now()) {
      throw expiredToken(service.signingName);
    }
    const routed = service.route(ctx);
    operation = routed.operation;
    emulator.calls.record(service.signingName, operation, ctx.caller.accountId);
    counted = true;
    leave = emulator.calls.enter(ctx.caller.accountId, ctx.region);
    const holdBefore = emulator.faults.holdMs(service.signingName, operation, ctx.caller.accountId, "before");
    if (holdBefore > 0 && !(await heldWhileConnected(req, holdBefore))) {
      leave();
      return;
    }
    const fault = emulator.faults.decide(service.signingName, operation, ctx.caller.accountId, ctx.region);
    if (fault === "access-denied") throw service.faults.accessDenied(operation, ctx.caller);
    if (fault === "throttle") throw service.faults.throttling();
    if (fault === "server-error") throw service.faults.serverError();
    if (fault === "unimplemented") {
      response = {
        status: 500,
        headers: { "content-type": "text/html" },
        body: unimplementedPage(operation),
      };
    } else {
      // By operation, not HTTP method: RAM, EC2 and STS read with POST, and must not invalidate memoised views.
      // SQS keeps its own state: a receive is no change to the world.
      const writes = !READ_OPERATION.test(operation) && service.signingName !== "sqs";
      if (writes) world.revision++;
      try {
        response = await routed.handle();
      } finally {
        if (writes) {
          world.revision++;
          emulator.changed();
          emulator.traffic.observe();
        }
      }
      if (writes && response.status < 300 && EVENT_SERVICES.has(service.signingName)) {
        const apiCall = apiCallEvent({
          world,
          ctx,
          service: service.signingName,
          operation,
          params: routed.params,
          response,
          atMs: Date.now(),
        });
        const stateChange = service.signingName === "ram" ? ramStateChangeEvent(apiCall) : undefined;
        emulator.events.publish(stateChange ? [apiCall, stateChange] : [apiCall]);
      }
      const omitted = emulator.faults.omitted(
        service.signingName,
        operation,
        ctx.caller.accountId,
        ctx.region,
      );
      if (omitted.length > 0 && response.status < 300) {
        response = { ...response, body: omitMembers(response.body, omitted) };
      }
    }
    delay += emulator.faults.holdMs(service.signingName, operation, ctx.caller.accountId, "after");
  } catch (error) {
    if (counted) {
      const code = error instanceof ApiError ? error.code : "InternalServerException";
      emulator.calls.recordError(service.signingName, operation, code);
    }
    if (error instanceof ApiError) {
      response = service.renderError(error, ctx);
    } else {
      log?.(
        `emulator: ${service.signingName}:${operation} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      response = service.renderError(
        new ApiError(500, "InternalServerException", "Internal error in the emulator"),
        ctx,
      );
    }
  }
  log?.(`${ctx.caller.accountId} ${ctx.region} ${service.signingName}:${operation} ${response.status}`);
  const wait = arrived + delay - performance.now();
  try {
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    send(res, response, requestId);
  } finally {
    leave();
  }
}

/** Waits `ms`; false (and the request dropped unperformed) when the caller disconnected meanwhile. */
function heldWhileConnected(req: IncomingMessage, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      req.socket.off("close", onClose);
      resolve(!req.socket.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    req.socket.once("close", onClose);
  });
}

/** Expired session credentials, in each service's own words. */
function expiredToken(service: string): ApiError {
  const message = "The security token included in the request is expired";
  if (service === "ec2") return new ApiError(400, "RequestExpired", message);
  if (service === "sts") return new ApiError(400, "ExpiredTokenException", message);
  return new ApiError(403, "ExpiredTokenException", message);
}

function send(res: ServerResponse, response: ApiResponse, requestId: string) {
  const headers: Record<string, string> = { "x-amzn-requestid": requestId, ...response.headers };
  let payload: string | undefined;
  if (response.status !== 204 && response.body !== undefined) {
    if (typeof response.body === "string") {
      payload = response.body;
      headers["content-type"] ??= "text/xml";
    } else {
      payload = JSON.stringify(response.body);
      headers["content-type"] ??= "application/json";
    }
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
