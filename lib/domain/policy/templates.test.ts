import { describe, expect, it } from "vitest";
import { policyTemplates } from "./templates";
import { demoTopology as estate, NETWORK_ARN, PAYMENT_ARN, VPC } from "./testing";
import { lintPolicy } from "./validate";

describe("policyTemplates", () => {
  it("offers the organisation, each account, each VPC that reaches the service, and read-only GET", () => {
    const templates = policyTemplates(estate(), { kind: "service", arn: PAYMENT_ARN });
    const ids = templates.map((t) => t.id);
    expect(ids[0]).toBe("organization");
    expect(templates[0]?.label).toContain("o-a1b2c3d4e5");
    expect(ids).toContain("account:222233334444");
    expect(ids).toContain(`vpc:${VPC.order}`);
    expect(ids).not.toContain(`vpc:${VPC.partner}`);
    expect(ids.at(-1)).toBe("read-only");
  });

  it("produces policies without errors or warnings that need confirming", () => {
    for (const scope of [
      { kind: "service", arn: PAYMENT_ARN },
      { kind: "service-network", arn: NETWORK_ARN },
    ] as const) {
      for (const template of policyTemplates(estate(), scope)) {
        const findings = lintPolicy(JSON.stringify(template.policy, null, 2), {
          ...scope,
          authType: "AWS_IAM",
        });
        expect(findings.filter((f) => f.severity !== "info").map((f) => `${template.id}: ${f.id}`)).toEqual(
          [],
        );
      }
    }
  });
});
