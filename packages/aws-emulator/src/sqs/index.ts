import type { ApiResponse, RequestContext, RoutedRequest, ServiceModule } from "../core/context";
import { ApiError } from "../core/errors";
import { escapeXml, formParams, listIndexes, xmlResponse } from "../core/query-protocol";
import { SqsError, invalidParameter, nonExistentQueue, type Queue, type SqsState } from "./queues";

// SQS as the current SDK speaks it (AWS JSON 1.0, `X-Amz-Target: AmazonSQS.<Operation>`, errors with the
// awsQuery code in `x-amzn-query-error`) and as older clients do (awsQuery: `Action=<Operation>`, XML answers).

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;
type Operation = (state: SqsState, ctx: RequestContext, input: Input) => Output | Promise<Output>;

const XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/";

function str(input: Input, name: string, required = false): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required)
      throw new SqsError(
        "MissingParameter",
        "MissingParameter",
        `The request must contain the parameter ${name}.`,
      );
    return undefined;
  }
  if (typeof value !== "string")
    throw invalidParameter(`Value for parameter ${name} is invalid. Reason: must be a string.`);
  return value;
}

function int(input: Input, name: string, min: number, max: number, reason: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidParameter(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
  }
  return n;
}

function stringMap(input: Input, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw invalidParameter(`Value for parameter ${name} is invalid.`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function stringList(input: Input, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(`Value for parameter ${name} is invalid.`);
  return value.map(String);
}

function hostOf(ctx: RequestContext): string {
  return typeof ctx.headers.host === "string" ? ctx.headers.host : "127.0.0.1";
}

function queueUrl(ctx: RequestContext, queue: Queue): string {
  return `http://${hostOf(ctx)}/${queue.accountId}/${queue.name}`;
}

/** The queue a `QueueUrl` names: `…/{accountId}/{queueName}` in the request's region. */
function queueOf(state: SqsState, ctx: RequestContext, input: Input): Queue {
  const url = str(input, "QueueUrl", true)!;
  const m = /\/(\d{12})\/([^/?#]+)\/?$/.exec(url.replace(/^[a-z]+:\/\/[^/]+/i, ""));
  const queue = m ? state.find(ctx.region, m[1]!, decodeURIComponent(m[2]!)) : undefined;
  if (!queue) throw nonExistentQueue();
  return queue;
}

const SYSTEM_ATTRIBUTES = [
  "SenderId",
  "SentTimestamp",
  "ApproximateReceiveCount",
  "ApproximateFirstReceiveTimestamp",
];

const operations: Record<string, Operation> = {
  CreateQueue: (state, ctx, input) => {
    const name = str(input, "QueueName", true)!;
    const queue = state.create(ctx.region, ctx.caller.accountId, name, stringMap(input, "Attributes"));
    return { QueueUrl: queueUrl(ctx, queue) };
  },
  GetQueueUrl: (state, ctx, input) => {
    const name = str(input, "QueueName", true)!;
    const owner = str(input, "QueueOwnerAWSAccountId") ?? ctx.caller.accountId;
    const queue = state.find(ctx.region, owner, name);
    if (!queue) throw nonExistentQueue();
    return { QueueUrl: queueUrl(ctx, queue) };
  },
  ListQueues: (state, ctx, input) => {
    const prefix = str(input, "QueueNamePrefix") ?? "";
    const urls = state
      .list(ctx.region, ctx.caller.accountId)
      .filter((q) => q.name.startsWith(prefix))
      .map((q) => queueUrl(ctx, q));
    return urls.length > 0 ? { QueueUrls: urls } : {};
  },
  DeleteQueue: (state, ctx, input) => {
    state.delete(queueOf(state, ctx, input));
    return {};
  },
  PurgeQueue: (state, ctx, input) => {
    state.purge(queueOf(state, ctx, input));
    return {};
  },
  GetQueueAttributes: (state, ctx, input) => {
    const attributes = state.attributes(queueOf(state, ctx, input), stringList(input, "AttributeNames"));
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  },
  SetQueueAttributes: (state, ctx, input) => {
    state.setAttributes(queueOf(state, ctx, input), stringMap(input, "Attributes"));
    return {};
  },
  SendMessage: (state, ctx, input) => {
    const queue = queueOf(state, ctx, input);
    const body = str(input, "MessageBody", true)!;
    if (body.length === 0) throw invalidParameter("The request must contain the parameter MessageBody.");
    const delay = int(input, "DelaySeconds", 0, 900, "Must be >= 0 and <= 900, if provided.");
    const message = state.send(queue, body, delay);
    return { MD5OfMessageBody: message.md5, MessageId: message.id };
  },
  ReceiveMessage: async (state, ctx, input) => {
    const queue = queueOf(state, ctx, input);
    const max = int(input, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided.") ?? 1;
    const wait =
      int(input, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.") ??
      Number(queue.attributes.ReceiveMessageWaitTimeSeconds ?? 0);
    const visibility =
      int(input, "VisibilityTimeout", 0, 43_200, "Must be between 0 and 43200, if provided.") ??
      Number(queue.attributes.VisibilityTimeout ?? 30);
    const wanted = [
      ...stringList(input, "AttributeNames"),
      ...stringList(input, "MessageSystemAttributeNames"),
    ];
    const names = wanted.includes("All")
      ? SYSTEM_ATTRIBUTES
      : wanted.filter((n) => SYSTEM_ATTRIBUTES.includes(n));
    const messages = await state.receive(queue, max, visibility, wait);
    if (messages.length === 0) return {};
    return {
      Messages: messages.map((m) => {
        const all: Record<string, string> = {
          SenderId: ctx.caller.userId,
          SentTimestamp: String(m.sentAtMs),
          ApproximateReceiveCount: String(m.receiveCount),
          ApproximateFirstReceiveTimestamp: String(m.firstReceiveAtMs ?? m.sentAtMs),
        };
        const attributes = Object.fromEntries(names.map((n) => [n, all[n] ?? ""]));
        return {
          MessageId: m.id,
          ReceiptHandle: m.receipt,
          MD5OfBody: m.md5,
          Body: m.body,
          ...(names.length > 0 ? { Attributes: attributes } : {}),
        };
      }),
    };
  },
  DeleteMessage: (state, ctx, input) => {
    state.deleteMessage(queueOf(state, ctx, input), str(input, "ReceiptHandle", true)!);
    return {};
  },
  DeleteMessageBatch: (state, ctx, input) => {
    const queue = queueOf(state, ctx, input);
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new SqsError(
        "EmptyBatchRequest",
        "AWS.SimpleQueueService.EmptyBatchRequest",
        "There should be at least one DeleteMessageBatchRequestEntry in the request.",
      );
    }
    if (entries.length > 10) {
      throw new SqsError(
        "TooManyEntriesInBatchRequest",
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
      );
    }
    const ids = entries.map((e: Input) => String(e.Id));
    if (new Set(ids).size !== ids.length) {
      throw new SqsError(
        "BatchEntryIdsNotDistinct",
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "Id " + ids.find((id, i) => ids.indexOf(id) !== i) + " repeated.",
      );
    }
    const successful: Output[] = [];
    const failed: Output[] = [];
    for (const entry of entries as Input[]) {
      try {
        state.deleteMessage(queue, String(entry.ReceiptHandle));
        successful.push({ Id: String(entry.Id) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failed.push({ Id: String(entry.Id), SenderFault: true, Code: error.code, Message: error.message });
      }
    }
    return { Successful: successful, Failed: failed };
  },
  ChangeMessageVisibility: (state, ctx, input) => {
    const queue = queueOf(state, ctx, input);
    const seconds = input.VisibilityTimeout;
    if (seconds === undefined)
      throw new SqsError(
        "MissingParameter",
        "MissingParameter",
        "The request must contain the parameter VisibilityTimeout.",
      );
    state.changeVisibility(queue, str(input, "ReceiptHandle", true)!, Number(seconds));
    return {};
  },
};

/** awsQuery parameters as the JSON input of the same operation. */
function queryInput(params: Map<string, string>): Input {
  const input: Input = {};
  for (const name of [
    "QueueName",
    "QueueUrl",
    "QueueOwnerAWSAccountId",
    "QueueNamePrefix",
    "MessageBody",
    "ReceiptHandle",
  ]) {
    const value = params.get(name);
    if (value !== undefined) input[name] = value;
  }
  for (const name of ["MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout", "DelaySeconds"]) {
    const value = params.get(name);
    if (value !== undefined) input[name] = value;
  }
  const attributes: Record<string, string> = {};
  for (const i of listIndexes(params, "Attribute")) {
    const name = params.get(`Attribute.${i}.Name`);
    if (name !== undefined) attributes[name] = params.get(`Attribute.${i}.Value`) ?? "";
  }
  if (Object.keys(attributes).length > 0) input.Attributes = attributes;
  for (const list of ["AttributeName", "MessageSystemAttributeName"]) {
    const values = listIndexes(params, list).map((i) => params.get(`${list}.${i}`) ?? "");
    if (values.length > 0) input[`${list}s`] = values;
  }
  const entries = listIndexes(params, "DeleteMessageBatchRequestEntry").map((i) => ({
    Id: params.get(`DeleteMessageBatchRequestEntry.${i}.Id`),
    ReceiptHandle: params.get(`DeleteMessageBatchRequestEntry.${i}.ReceiptHandle`),
  }));
  if (entries.length > 0) input.Entries = entries;
  return input;
}

function el(name: string, value: unknown): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function attributeXml(attributes: unknown): string {
  return Object.entries((attributes ?? {}) as Record<string, string>)
    .map(([name, value]) => `<Attribute>${el("Name", name)}${el("Value", value)}</Attribute>`)
    .join("");
}

/** The JSON output of an operation as its awsQuery `<Result>` content. */
function resultXml(operation: string, output: Output): string {
  switch (operation) {
    case "CreateQueue":
    case "GetQueueUrl":
      return el("QueueUrl", output.QueueUrl);
    case "ListQueues":
      return ((output.QueueUrls ?? []) as string[]).map((url) => el("QueueUrl", url)).join("");
    case "GetQueueAttributes":
      return attributeXml(output.Attributes);
    case "SendMessage":
      return el("MD5OfMessageBody", output.MD5OfMessageBody) + el("MessageId", output.MessageId);
    case "ReceiveMessage":
      return ((output.Messages ?? []) as Output[])
        .map(
          (m) =>
            `<Message>${el("MessageId", m.MessageId)}${el("ReceiptHandle", m.ReceiptHandle)}${el("MD5OfBody", m.MD5OfBody)}` +
            `${el("Body", m.Body)}${attributeXml(m.Attributes)}</Message>`,
        )
        .join("");
    case "DeleteMessageBatch":
      return (
        ((output.Successful ?? []) as Output[])
          .map((e) => `<DeleteMessageBatchResultEntry>${el("Id", e.Id)}</DeleteMessageBatchResultEntry>`)
          .join("") +
        ((output.Failed ?? []) as Output[])
          .map(
            (e) =>
              `<BatchResultErrorEntry>${el("Id", e.Id)}${el("SenderFault", e.SenderFault)}${el("Code", e.Code)}${el("Message", e.Message)}</BatchResultErrorEntry>`,
          )
          .join("")
      );
    default:
      return "";
  }
}

function isJson(ctx: RequestContext): boolean {
  return typeof ctx.headers["x-amz-target"] === "string";
}

export function createSqsService(state: SqsState): ServiceModule {
  const route = (ctx: RequestContext): RoutedRequest => {
    if (isJson(ctx)) {
      const target = String(ctx.headers["x-amz-target"]);
      const name = target.startsWith("AmazonSQS.") ? target.slice("AmazonSQS.".length) : "";
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (!operation)
        throw new SqsError(
          "UnknownOperationException",
          "InvalidAction",
          `The action ${name || target} is not valid for this endpoint.`,
        );
      let input: Input;
      try {
        const text = ctx.body.toString("utf8").trim();
        input = text === "" ? {} : (JSON.parse(text) as Input);
      } catch {
        throw new SqsError(
          "SerializationException",
          "SerializationException",
          "Could not parse the request body as JSON",
        );
      }
      return {
        operation: name,
        params: input,
        handle: async () => ({
          status: 200,
          headers: { "content-type": "application/x-amz-json-1.0" },
          body: await operation(state, ctx, input),
        }),
      };
    }
    const params = formParams(ctx);
    const action = params.get("Action");
    if (!action)
      throw new SqsError("MissingAction", "MissingAction", "The request must contain the parameter Action.");
    const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
    if (!operation)
      throw new SqsError(
        "InvalidAction",
        "InvalidAction",
        `The action ${action} is not valid for this endpoint.`,
      );
    const input = queryInput(params);
    return {
      operation: action,
      params: input,
      handle: async () => {
        const output = await operation(state, ctx, input);
        return xmlResponse(
          200,
          `<${action}Response xmlns="${XMLNS}"><${action}Result>${resultXml(action, output)}</${action}Result>` +
            `<ResponseMetadata><RequestId>${escapeXml(ctx.requestId)}</RequestId></ResponseMetadata></${action}Response>`,
        );
      },
    };
  };

  const renderError = (error: ApiError, ctx: RequestContext): ApiResponse => {
    const shape = error instanceof SqsError ? error.shape : error.code;
    const fault = error instanceof SqsError ? error.fault : error.status >= 500 ? "Receiver" : "Sender";
    if (isJson(ctx)) {
      return {
        status: error.status,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amzn-query-error": `${error.code};${fault}`,
        },
        body: { __type: `com.amazonaws.sqs#${shape}`, message: error.message },
      };
    }
    return xmlResponse(
      error.status,
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${fault}</Type><Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message><Detail/></Error><RequestId>${escapeXml(ctx.requestId)}</RequestId></ErrorResponse>`,
    );
  };

  return {
    signingName: "sqs",
    route,
    renderError,
    faults: {
      throttling: () => new SqsError("RequestThrottled", "RequestThrottled", "Rate exceeded"),
      serverError: () =>
        new SqsError(
          "InternalError",
          "InternalError",
          "We encountered an internal error. Please try again.",
          "Receiver",
          500,
        ),
      accessDenied: (operation, caller) =>
        new SqsError(
          "AccessDeniedException",
          "AccessDenied",
          `User: ${caller.arn} is not authorized to perform: sqs:${operation} because no identity-based policy allows the sqs:${operation} action`,
          "Sender",
          403,
        ),
    },
  };
}
