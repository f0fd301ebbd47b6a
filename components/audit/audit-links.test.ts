import { describe, expect, it } from "vitest";
import { auditLinks, operationText } from "./audit-links";

const LISTENER =
  "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001";

describe("operationText", () => {
  it("shows the operation once when the message only repeats it or lists the calls it made", () => {
    expect(operationText({ operation: "PutAuthPolicy", message: "PutAuthPolicy" })).toEqual({
      operation: "PutAuthPolicy",
      message: undefined,
    });
    expect(operationText({ operation: "PutAuthPolicy", message: "PutAuthPolicy → UpdateService" })).toEqual({
      operation: "PutAuthPolicy → UpdateService",
      message: undefined,
    });
  });

  it("keeps a message that says something else", () => {
    expect(operationText({ operation: "UpdateListener", message: "Warnings not confirmed" })).toEqual({
      operation: "UpdateListener",
      message: "Warnings not confirmed",
    });
  });
});

describe("auditLinks", () => {
  it("opens the resource on the map, the change beside it and the rollout on its service", () => {
    expect(auditLinks({ resourceArn: LISTENER, changeId: "c-1", rolloutId: "r-1" })).toEqual({
      resource: `/?selected=${encodeURIComponent(LISTENER)}`,
      change: `/?selected=${encodeURIComponent(LISTENER)}&change=c-1`,
      rollout: `/?selected=${encodeURIComponent(
        "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001",
      )}&rollout=r-1`,
    });
    expect(auditLinks({})).toEqual({});
  });
});
