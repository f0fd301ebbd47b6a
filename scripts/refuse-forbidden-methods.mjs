// Preloaded into the console process (`node --import`) by scripts/start.ts. Next builds a fetch Request for
// every request it serves, and the Fetch standard forbids CONNECT, TRACE and TRACK: Next answers those with an
// HTML 500 before any proxy or route runs. This answers them 405 instead, for every server the process creates.
import http from "node:http";

const FORBIDDEN = new Set(["CONNECT", "TRACE", "TRACK"]);
const ALLOWED = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";

/** @param {import("node:http").IncomingMessage} request @param {import("node:http").ServerResponse} response */
function refuse(request, response) {
  const body = JSON.stringify({
    error: {
      code: "method_not_allowed",
      message: `Trellis does not answer ${request.method}; it answers ${ALLOWED}`,
    },
  });
  response.writeHead(405, {
    allow: ALLOWED,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    "x-content-type-options": "nosniff",
  });
  response.end(body);
}

const createServer = http.createServer;
/** @type {typeof http.createServer} */
function guardedCreateServer(...args) {
  const listenerIndex = args.findIndex((arg) => typeof arg === "function");
  if (listenerIndex >= 0) {
    const listener = args[listenerIndex];
    args[listenerIndex] = (request, response) =>
      FORBIDDEN.has(request.method ?? "") ? refuse(request, response) : listener(request, response);
  }
  return createServer(...args);
}
http.createServer = guardedCreateServer;
