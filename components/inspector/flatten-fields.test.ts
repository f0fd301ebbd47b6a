import { describe, expect, it } from "vitest";
import { flattenFields } from "./flatten-fields";

describe("flattenFields", () => {
  it("turns nested objects and arrays of objects into paths, keeping primitive lists and empties as leaves", () => {
    const leaves = flattenFields({
      name: "order-canary",
      config: { port: 8080, healthCheck: { enabled: true, matcher: { httpCode: "200" } } },
      subnetIds: ["subnet-1", "subnet-2"],
      principals: [{ id: "222233334444", external: false }],
      tags: {},
      endpointAssociations: [],
    });
    expect(leaves.map((l) => [l.path, l.value])).toEqual([
      ["name", "order-canary"],
      ["config.port", 8080],
      ["config.healthCheck.enabled", true],
      ["config.healthCheck.matcher.httpCode", "200"],
      ["subnetIds", ["subnet-1", "subnet-2"]],
      ["principals[0].id", "222233334444"],
      ["principals[0].external", false],
      ["tags", {}],
      ["endpointAssociations", []],
    ]);
  });

  it("marks where the last segment of each path starts", () => {
    const leaves = flattenFields({ config: { healthCheck: { path: "/health" } }, items: [{ id: "a" }] });
    expect(leaves.map((l) => [l.path.slice(0, l.split), l.path.slice(l.split)])).toEqual([
      ["config.healthCheck.", "path"],
      ["items[0].", "id"],
    ]);
  });
});
