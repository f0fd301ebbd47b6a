import { describe, expect, it } from "vitest";
import { annotateRequestUrl, readableAwsError, requestUrl } from "./readable-error";

/** An error as the SDK throws it for an answer it could not parse. */
function unparsed(status: number, contentType: string | undefined, url?: string) {
  const error = Object.assign(new SyntaxError(`Unexpected token '<', "<html>" is not valid JSON`), {
    $metadata: { httpStatusCode: status },
    $response: { statusCode: status, headers: contentType ? { "content-type": contentType } : {} },
  });
  if (url) annotateRequestUrl(error, url);
  return error;
}

describe("readableAwsError", () => {
  it("says an HTML 500 came from an endpoint that may not implement the operation", () => {
    const url = requestUrl({
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4566,
      path: "/targetgroups/tg-1/listtargets",
    });
    expect(readableAwsError(unparsed(500, "text/html", url), "ListTargets")).toEqual({
      operation: "ListTargets",
      message:
        "HTTP 500 text/html from http://127.0.0.1:4566/targetgroups/tg-1/listtargets: the endpoint may not implement ListTargets",
      code: "HTTP 500",
    });
  });

  it("says a 200 that is not JSON is not the answer the operation returns", () => {
    expect(readableAwsError(unparsed(200, "text/html; charset=utf-8"), "ListServices").message).toBe(
      "HTTP 200 text/html; charset=utf-8: not the JSON answer ListServices returns",
    );
  });

  it("names an unreachable endpoint", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    annotateRequestUrl(error, "http://127.0.0.1:1/services");
    expect(readableAwsError(error, "ListServices")).toEqual({
      operation: "ListServices",
      message: "Could not reach http://127.0.0.1:1/services: connect ECONNREFUSED 127.0.0.1:1",
      code: "ECONNREFUSED",
    });
  });

  it("keeps AWS's own error as it is", () => {
    const denied = Object.assign(new Error("User is not authorized"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
    });
    expect(readableAwsError(denied, "ListTargets")).toEqual({
      operation: "ListTargets",
      message: "User is not authorized",
      code: "AccessDeniedException",
    });
  });
});
