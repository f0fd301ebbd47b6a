import { describe, expect, it } from "vitest";
import { clauseHolds, conditionHolds, contextLookup, parseDate } from "./conditions";
import { cidrContains, parseCidr, parseIp } from "./ip";
import { arnMatch, wildcardCanMatchPrefix, wildcardMatch } from "./wildcard";

const ctx = contextLookup({
  "vpc-lattice-svcs:SourceVpc": "vpc-0a",
  "vpc-lattice-svcs:RequestPath": "/api/v2/orders",
  "vpc-lattice-svcs:RequestMethod": "GET",
  "vpc-lattice-svcs:Port": "443",
  "vpc-lattice-svcs:ServiceArn": "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001",
  "vpc-lattice-svcs:RequestQueryString/tag": ["red", "blue"],
  "aws:PrincipalAccount": "222233334444",
  "aws:SourceIp": "10.1.2.3",
  "aws:CurrentTime": "2026-01-05T10:00:00Z",
  "aws:SecureTransport": "true",
});
const holds = (operator: string, key: string, ...values: string[]) => clauseHolds(operator, key, values, ctx);

describe("condition operators", () => {
  it("String*: exact, case-insensitive, wildcard, and their negations", () => {
    expect(holds("StringEquals", "vpc-lattice-svcs:SourceVpc", "vpc-0b", "vpc-0a")).toBe(true);
    expect(holds("StringEquals", "vpc-lattice-svcs:SourceVpc", "VPC-0A")).toBe(false);
    expect(holds("StringEqualsIgnoreCase", "vpc-lattice-svcs:SourceVpc", "VPC-0A")).toBe(true);
    expect(holds("StringEquals", "vpc-lattice-svcs:RequestPath", "/api/*")).toBe(false);
    expect(holds("StringLike", "vpc-lattice-svcs:RequestPath", "/api/*")).toBe(true);
    expect(holds("StringLike", "vpc-lattice-svcs:RequestPath", "/api/v?/orders")).toBe(true);
    expect(holds("StringLike", "vpc-lattice-svcs:RequestPath", "/API/*")).toBe(false);
    expect(holds("StringNotLike", "vpc-lattice-svcs:RequestPath", "/admin/*", "/internal/*")).toBe(true);
    expect(holds("StringNotEquals", "vpc-lattice-svcs:SourceVpc", "vpc-0b", "vpc-0a")).toBe(false);
    expect(holds("StringNotEqualsIgnoreCase", "vpc-lattice-svcs:SourceVpc", "VPC-0B")).toBe(true);
  });

  it("matches condition key names ignoring case", () => {
    expect(holds("StringEquals", "VPC-LATTICE-SVCS:sourcevpc", "vpc-0a")).toBe(true);
  });

  it("Numeric*, Date*, Bool, IpAddress, Arn*", () => {
    expect(holds("NumericEquals", "vpc-lattice-svcs:Port", "443")).toBe(true);
    expect(holds("NumericLessThan", "vpc-lattice-svcs:Port", "1024")).toBe(true);
    expect(holds("NumericGreaterThanEquals", "vpc-lattice-svcs:Port", "444")).toBe(false);
    expect(holds("NumericNotEquals", "vpc-lattice-svcs:Port", "80")).toBe(true);
    expect(holds("NumericEquals", "vpc-lattice-svcs:Port", "not-a-number")).toBe(false);
    expect(holds("DateGreaterThan", "aws:CurrentTime", "2026-01-01T00:00:00Z")).toBe(true);
    expect(holds("DateLessThan", "aws:CurrentTime", "1767225600")).toBe(false);
    expect(holds("Bool", "aws:SecureTransport", "true")).toBe(true);
    expect(holds("IpAddress", "aws:SourceIp", "10.0.0.0/8")).toBe(true);
    expect(holds("NotIpAddress", "aws:SourceIp", "10.1.0.0/16")).toBe(false);
    expect(holds("IpAddress", "aws:SourceIp", "2001:db8::/32")).toBe(false);
    expect(
      holds("ArnLike", "vpc-lattice-svcs:ServiceArn", "arn:aws:vpc-lattice:*:222233334444:service/*"),
    ).toBe(true);
    expect(
      holds("ArnEquals", "vpc-lattice-svcs:ServiceArn", "arn:aws:vpc-lattice:*:*:service/svc-0order*"),
    ).toBe(true);
    // ArnLike compares segment by segment: a pattern without all six segments matches nothing.
    expect(holds("ArnLike", "vpc-lattice-svcs:ServiceArn", "arn:aws:vpc-lattice:*")).toBe(false);
    expect(holds("ArnNotLike", "vpc-lattice-svcs:ServiceArn", "arn:aws:vpc-lattice:*:333344445555:*")).toBe(
      true,
    );
    expect(holds("Unknown", "vpc-lattice-svcs:SourceVpc", "vpc-0a")).toBe(false);
  });

  it("a missing key fails the clause, except negated operators, IfExists, Null and ForAllValues", () => {
    const missing = "vpc-lattice-svcs:RequestHeader/x-team";
    expect(holds("StringEquals", missing, "a")).toBe(false);
    expect(holds("StringLike", missing, "*")).toBe(false);
    expect(holds("StringNotEquals", missing, "a")).toBe(true);
    expect(holds("StringEqualsIfExists", missing, "a")).toBe(true);
    expect(holds("StringEqualsIfExists", "vpc-lattice-svcs:SourceVpc", "vpc-0b")).toBe(false);
    expect(holds("Null", missing, "true")).toBe(true);
    expect(holds("Null", missing, "false")).toBe(false);
    expect(holds("Null", "vpc-lattice-svcs:SourceVpc", "false")).toBe(true);
    expect(holds("ForAllValues:StringEquals", missing, "a")).toBe(true);
    expect(holds("ForAnyValue:StringEquals", missing, "a")).toBe(false);
  });

  it("ForAnyValue and ForAllValues over multi-valued keys", () => {
    const tag = "vpc-lattice-svcs:RequestQueryString/tag";
    expect(holds("ForAnyValue:StringEquals", tag, "red")).toBe(true);
    expect(holds("ForAllValues:StringEquals", tag, "red")).toBe(false);
    expect(holds("ForAllValues:StringEquals", tag, "red", "blue", "green")).toBe(true);
    expect(holds("ForAnyValue:StringNotEquals", tag, "red")).toBe(true);
    expect(holds("ForAllValues:StringNotEquals", tag, "green")).toBe(true);
    expect(holds("StringEquals", tag, "blue")).toBe(true);
  });

  it("resolves policy variables, and treats an unresolvable one as no match", () => {
    expect(holds("StringLike", "vpc-lattice-svcs:RequestPath", "/api/${*}")).toBe(false);
    expect(holds("StringEquals", "vpc-lattice-svcs:SourceVpcOwnerAccount", "${aws:PrincipalAccount}")).toBe(
      false,
    );
    const withOwner = contextLookup({
      "vpc-lattice-svcs:SourceVpcOwnerAccount": "222233334444",
      "aws:PrincipalAccount": "222233334444",
    });
    expect(
      clauseHolds(
        "StringEquals",
        "vpc-lattice-svcs:SourceVpcOwnerAccount",
        ["${aws:PrincipalAccount}"],
        withOwner,
      ),
    ).toBe(true);
    expect(
      clauseHolds("StringEquals", "vpc-lattice-svcs:SourceVpcOwnerAccount", ["${aws:username}"], withOwner),
    ).toBe(false);
    // Version 2008-10-17: variables are plain text.
    expect(
      clauseHolds(
        "StringEquals",
        "vpc-lattice-svcs:SourceVpcOwnerAccount",
        ["${aws:PrincipalAccount}"],
        withOwner,
        false,
      ),
    ).toBe(false);
  });

  it("ANDs operators and keys of a Condition element", () => {
    const condition = {
      StringEquals: { "vpc-lattice-svcs:SourceVpc": ["vpc-0a"], "vpc-lattice-svcs:RequestMethod": ["GET"] },
      StringLike: { "vpc-lattice-svcs:RequestPath": ["/api/*"] },
    };
    expect(conditionHolds(condition, ctx)).toBe(true);
    expect(conditionHolds({ ...condition, NumericEquals: { "vpc-lattice-svcs:Port": ["80"] } }, ctx)).toBe(
      false,
    );
  });
});

describe("wildcards, ARNs, dates and IPs", () => {
  it("wildcardMatch spans slashes; wildcardCanMatchPrefix reasons about patterns", () => {
    expect(wildcardMatch("*/rates", "arn:aws:vpc-lattice:us-west-2:1:service/svc-1/rates")).toBe(true);
    expect(wildcardMatch("a.b", "axb")).toBe(false);
    expect(
      wildcardCanMatchPrefix(
        "arn:aws:vpc-lattice:*:*:service/svc-1/*",
        "arn:aws:vpc-lattice:us-east-1:1:service/svc-1/",
      ),
    ).toBe(true);
    expect(
      wildcardCanMatchPrefix(
        "arn:aws:vpc-lattice:us-east-1:1:service/svc-2/*",
        "arn:aws:vpc-lattice:us-east-1:1:service/svc-1/",
      ),
    ).toBe(false);
    expect(
      wildcardCanMatchPrefix(
        "arn:aws:vpc-lattice:us-east-1:1:service/svc-1",
        "arn:aws:vpc-lattice:us-east-1:1:service/svc-1/",
      ),
    ).toBe(false);
    expect(wildcardCanMatchPrefix("*", "anything")).toBe(true);
    expect(arnMatch("arn:aws:iam::*:role/*", "arn:aws:iam::123456789012:role/x")).toBe(true);
    expect(arnMatch("not-an-arn", "arn:aws:iam::123456789012:role/x")).toBe(false);
  });

  it("parses dates and IP ranges", () => {
    expect(parseDate("2026-01-05T10:00:00Z")).toBe(Date.UTC(2026, 0, 5, 10));
    expect(parseDate("1767607200")).toBe(1767607200000);
    expect(parseDate("tomorrow")).toBeUndefined();
    const v6 = parseCidr("2001:db8::/32");
    const inside = parseIp("2001:db8:0:1::5");
    expect(v6 && inside && cidrContains(v6, inside)).toBe(true);
    const mapped = parseCidr("::ffff:10.0.0.0/104");
    const mappedIp = parseIp("::ffff:10.9.8.7");
    expect(mapped && mappedIp && cidrContains(mapped, mappedIp)).toBe(true);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("300.0.0.1")).toBeUndefined();
    expect(parseCidr("1:2:3:4:5:6:7:8:9")).toBeUndefined();
    expect(parseCidr("10.0.0.1")?.prefix).toBe(32);
  });
});
