import { describe, expect, it } from "vitest";
import { allowInvoke, demoTopology, ORGANIZATION, PAYMENT_ARN, ROLE } from "../testing";
import { iam } from "../testing-diff";
import { accessRowsCsv } from "./export";
import { reviewAccess } from "./review";
import { reviewInputFromTopology } from "./review-input";

describe("accessRowsCsv", () => {
  it("writes one formula-safe line per row with its example and deciding statements", () => {
    const review = reviewAccess(
      reviewInputFromTopology(
        demoTopology(),
        { kind: "service", arn: PAYMENT_ARN },
        {
          before: iam(allowInvoke({ AWS: ROLE.orderTask }, { Sid: "Pay" })),
          after: iam(
            allowInvoke(
              { AWS: ROLE.orderTask },
              { Sid: "Pay", Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } } },
            ),
          ),
        },
        ORGANIZATION,
      ),
    );
    const csv = accessRowsCsv(review.losses);
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^direction,principal,principal_id,service,/);
    expect(lines[1]).toBe(
      [
        "loss",
        "role order-task-role in ordering (222233334444)",
        ROLE.orderTask,
        "payment",
        PAYMENT_ARN,
        "retail-network",
        "true",
        '"from any VPC associated with retail-network; any method but GET (POST, PUT, DELETE, PATCH, …)"',
        ROLE.orderTask,
        "vpc-02222000000000001",
        "POST",
        "/",
        "443",
        "",
        "allowed by statement 0 (Pay)",
        "0 (Pay)",
        "no statement allows this request",
        "",
      ].join(","),
    );
    expect(lines).toHaveLength(review.losses.length + 2);
  });
});
