import { readFileSync } from "node:fs";
import path from "node:path";
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";
import type { PropertyType, Resource, SpecDatabase } from "@aws-cdk/service-spec-types";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, type CollectionTag, type ScalarTag } from "yaml";

// The CloudFormation templates of deploy/cloudformation, checked against the CloudFormation resource
// specification as @aws-cdk/aws-service-spec carries it (built from the CloudFormation registry's schemas): every
// resource type and property exists, required properties are there, values have the right shape, and every Ref,
// GetAtt, Condition and DependsOn names something the template defines. A typo fails here, not in a deployment.

const root = path.resolve(import.meta.dirname, "../../..");
const dir = path.join(root, "deploy", "cloudformation");
const TEMPLATES = ["trellis-events-central.yaml", "trellis-events-member.yaml"];

type Json = unknown;
type Template = {
  AWSTemplateFormatVersion?: string;
  Parameters?: Record<string, { Type: string }>;
  Conditions?: Record<string, Json>;
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, Json>; Condition?: string; DependsOn?: string | string[] }
  >;
  Outputs?: Record<string, { Value: Json }>;
};

/** CloudFormation's short-form intrinsics (!Ref, !Sub …) as their long form. */
const INTRINSICS = [
  "Ref",
  "Sub",
  "GetAtt",
  "Join",
  "If",
  "Equals",
  "Not",
  "And",
  "Or",
  "Select",
  "Split",
  "ImportValue",
  "FindInMap",
  "Base64",
  "GetAZs",
  "Condition",
];
const customTags: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => {
  const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
  const tag = `!${name}`;
  const scalar: ScalarTag = {
    tag,
    resolve: (value: string) => ({ [key]: name === "GetAtt" ? value.split(".") : value }),
  };
  const seq: CollectionTag = {
    tag,
    collection: "seq",
    resolve: (value) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }),
  };
  return [scalar, seq];
});

function readTemplate(file: string): Template {
  return parse(readFileSync(path.join(dir, file), "utf8"), { customTags }) as Template;
}

const PSEUDO = new Set([
  "AWS::AccountId",
  "AWS::Region",
  "AWS::Partition",
  "AWS::StackName",
  "AWS::StackId",
  "AWS::URLSuffix",
  "AWS::NoValue",
  "AWS::NotificationARNs",
]);

function isIntrinsic(value: Json): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"));
}

class Checker {
  readonly problems: string[] = [];
  constructor(
    private readonly db: SpecDatabase,
    private readonly template: Template,
  ) {}

  private resource(type: string): Resource | undefined {
    return this.db.lookup("resource", "cloudFormationType", "equals", type)[0];
  }

  /** Refs, GetAtts, Subs and conditions inside any value name what the template defines. */
  private references(where: string, value: Json): void {
    if (Array.isArray(value)) return value.forEach((v) => this.references(where, v));
    if (!value || typeof value !== "object") return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === "Ref" && typeof inner === "string") {
        const known =
          PSEUDO.has(inner) || inner in (this.template.Parameters ?? {}) || inner in this.template.Resources;
        if (!known) this.problems.push(`${where}: Ref to unknown ${inner}`);
      } else if (key === "Fn::GetAtt" && Array.isArray(inner)) {
        const [logical, attribute] = inner as [string, string];
        const target = this.template.Resources[logical];
        const spec = target ? this.resource(target.Type) : undefined;
        if (!target) this.problems.push(`${where}: GetAtt of unknown resource ${logical}`);
        else if (spec && !(attribute in spec.attributes)) {
          this.problems.push(`${where}: ${target.Type} has no attribute ${attribute}`);
        }
      } else if (key === "Fn::Sub" && typeof inner === "string") {
        for (const [, name] of inner.matchAll(/\$\{([^}!]+)\}/g)) {
          const base = name!.split(".")[0]!;
          if (
            !PSEUDO.has(name!) &&
            !(base in (this.template.Parameters ?? {})) &&
            !(base in this.template.Resources)
          ) {
            this.problems.push(`${where}: Sub names unknown ${name}`);
          }
        }
      } else if (key === "Fn::If" && Array.isArray(inner)) {
        if (!(String(inner[0]) in (this.template.Conditions ?? {})))
          this.problems.push(`${where}: If on unknown condition ${String(inner[0])}`);
      }
      this.references(where, inner);
    }
  }

  private value(where: string, type: PropertyType, value: Json): void {
    if (isIntrinsic(value)) return;
    switch (type.type) {
      case "string":
        if (typeof value !== "string") this.problems.push(`${where}: expected a string`);
        return;
      case "integer":
      case "number":
        if (typeof value !== "number" && !(typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value))) {
          this.problems.push(`${where}: expected a number`);
        }
        return;
      case "boolean":
        if (typeof value !== "boolean" && value !== "true" && value !== "false")
          this.problems.push(`${where}: expected a boolean`);
        return;
      case "json":
        if (typeof value !== "object" && typeof value !== "string")
          this.problems.push(`${where}: expected JSON`);
        return;
      case "array":
        if (!Array.isArray(value)) this.problems.push(`${where}: expected a list`);
        else value.forEach((item, i) => this.value(`${where}[${i}]`, type.element, item));
        return;
      case "map":
        if (!value || typeof value !== "object") this.problems.push(`${where}: expected a map`);
        return;
      case "union":
        if (!type.types.some((t) => new Checker(this.db, this.template).accepts(`${where}`, t, value))) {
          this.problems.push(`${where}: matches none of its types`);
        }
        return;
      case "ref": {
        const definition = this.db.get("typeDefinition", type.reference);
        if (!value || typeof value !== "object" || Array.isArray(value)) {
          this.problems.push(`${where}: expected a ${definition.name} object`);
          return;
        }
        this.properties(where, definition.properties, value as Record<string, Json>);
        return;
      }
      default:
        return;
    }
  }

  accepts(where: string, type: PropertyType, value: Json): boolean {
    this.value(where, type, value);
    return this.problems.length === 0;
  }

  private properties(
    where: string,
    spec: Record<string, { type: PropertyType; required?: boolean }>,
    given: Record<string, Json>,
  ) {
    for (const [name, value] of Object.entries(given)) {
      const property = spec[name];
      if (!property) this.problems.push(`${where}: unknown property ${name}`);
      else this.value(`${where}.${name}`, property.type, value);
    }
    for (const [name, property] of Object.entries(spec)) {
      if (property.required && !(name in given)) this.problems.push(`${where}: missing required ${name}`);
    }
  }

  check(): string[] {
    const t = this.template;
    if (t.AWSTemplateFormatVersion !== "2010-09-09")
      this.problems.push("AWSTemplateFormatVersion is not 2010-09-09");
    for (const [logical, resource] of Object.entries(t.Resources)) {
      const spec = this.resource(resource.Type);
      if (!spec) {
        this.problems.push(`${logical}: unknown resource type ${resource.Type}`);
        continue;
      }
      this.properties(logical, spec.properties, resource.Properties ?? {});
      this.references(logical, resource.Properties ?? {});
      if (resource.Condition && !(resource.Condition in (t.Conditions ?? {}))) {
        this.problems.push(`${logical}: unknown condition ${resource.Condition}`);
      }
      for (const dependency of [resource.DependsOn ?? []].flat()) {
        if (!(dependency in t.Resources)) this.problems.push(`${logical}: DependsOn unknown ${dependency}`);
      }
    }
    this.references("Conditions", t.Conditions ?? {});
    this.references("Outputs", t.Outputs ?? {});
    return this.problems;
  }
}

describe("CloudFormation templates (deploy/cloudformation) against the resource specification", () => {
  let db: SpecDatabase;
  beforeAll(() => {
    db = loadAwsServiceSpecSync();
  });

  it.each(TEMPLATES)("%s uses only real resource types and properties, with what they require", (file) => {
    expect(new Checker(db, readTemplate(file)).check()).toEqual([]);
  });

  it("fails a typo, a missing required property, a wrong shape and a dangling reference", () => {
    const template = readTemplate("trellis-events-central.yaml");
    const queue = template.Resources.Queue!;
    queue.Properties = { ...queue.Properties, VisibilityTimout: 30 };
    delete template.Resources.EventBridgeMaySendMessages!.Properties!.Queues;
    template.Resources.LatticeAndRamToQueue!.Properties!.Targets = "not a list";
    template.Outputs = { ...template.Outputs, Broken: { Value: { "Fn::GetAtt": ["Queue", "Nope"] } } };
    template.Resources.Extra = { Type: "AWS::SQS::Queues" };
    expect(new Checker(db, template).check()).toEqual([
      "Queue: unknown property VisibilityTimout",
      "LatticeAndRamToQueue.Targets: expected a list",
      "EventBridgeMaySendMessages: missing required Queues",
      "Extra: unknown resource type AWS::SQS::Queues",
      "Outputs: AWS::SQS::Queue has no attribute Nope",
    ]);
  });

  it("forwards what Trellis reads: the events the emulator (and AWS) put on the bus match both rules", () => {
    const member = readTemplate("trellis-events-member.yaml").Resources.ForwardLatticeAndRam!.Properties!;
    const central = readTemplate("trellis-events-central.yaml").Resources.LatticeAndRamToQueue!.Properties!;
    const matches = (pattern: Record<string, string[]>, event: Record<string, string>) =>
      Object.entries(pattern).every(([field, values]) => values.includes(event[field] ?? ""));
    const events = [
      { source: "aws.vpc-lattice", "detail-type": "AWS API Call via CloudTrail" },
      { source: "aws.ram", "detail-type": "AWS API Call via CloudTrail" },
      { source: "aws.ram", "detail-type": "Resource Sharing State Change" },
    ];
    for (const event of events) {
      expect(matches(member.EventPattern as Record<string, string[]>, event)).toBe(true);
      expect(matches(central.EventPattern as Record<string, string[]>, event)).toBe(true);
    }
    expect(
      matches(central.EventPattern as Record<string, string[]>, {
        source: "aws.ec2",
        "detail-type": "AWS API Call via CloudTrail",
      }),
    ).toBe(false);
  });
});
