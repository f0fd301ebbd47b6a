import { z } from "zod";
import { trafficConfigSchema } from "../cloudwatch/traffic-config";
import { nameSchema } from "../lattice/common";

// The scenario file format (YAML or JSON). Resources name each other by local keys (a key defaults to the
// resource's name; an explicit id works too); the loader (load.ts) resolves keys to ids and ARNs.
// See src/scenarios/demo.yaml for a commented example of every section.

const TARGET_STATUSES = ["DRAINING", "UNAVAILABLE", "HEALTHY", "UNHEALTHY", "INITIAL", "UNUSED"] as const;
const ASSOCIATION_STATUSES = [
  "CREATE_IN_PROGRESS",
  "ACTIVE",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
  "CREATE_FAILED",
  "DELETE_FAILED",
  "UPDATE_FAILED",
  "PARTIAL",
] as const;
const SERVICE_STATUSES = [
  "ACTIVE",
  "CREATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
  "CREATE_FAILED",
  "DELETE_FAILED",
] as const;
const GATEWAY_STATUSES = [
  "ACTIVE",
  "CREATE_IN_PROGRESS",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
  "CREATE_FAILED",
  "UPDATE_FAILED",
  "DELETE_FAILED",
] as const;
const SHARE_ASSOCIATION_STATUSES = [
  "ASSOCIATING",
  "ASSOCIATED",
  "FAILED",
  "DISASSOCIATING",
  "DISASSOCIATED",
] as const;

/** `prefix` + 17 characters of [0-9a-z] (hex for snra-/rea-), as VPC Lattice ids are. */
export function latticeIdSchema(prefix: string, hex = false) {
  const chars = hex ? "0-9a-f" : "0-9a-z";
  return z
    .string()
    .regex(
      new RegExp(`^${prefix}[${chars}]{17}$`),
      `must be "${prefix}" followed by 17 characters of [${chars}]`,
    );
}

function ec2IdSchema(prefix: string) {
  return z
    .string()
    .regex(
      new RegExp(`^${prefix}([0-9a-f]{8}|[0-9a-f]{17})$`),
      `must be "${prefix}" followed by 8 or 17 hex characters`,
    );
}

const key = z.string().min(1).max(200);
/** A reference to another resource of the scenario by key (or explicit id). */
const ref = key;
/** An account key, name or 12-digit id (YAML may read an unquoted id as a number). */
const accountRef = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((v) => (typeof v === "number" ? String(v).padStart(12, "0") : v));
const accountId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => (typeof v === "number" ? String(v).padStart(12, "0") : v))
  .pipe(z.string().regex(/^\d{12}$/, "must be a 12-digit account id"));
const timestamp = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
/** Tag values may be written as YAML numbers or booleans; they are stored as strings. */
const tags = z.record(z.string(), z.unknown()).transform((input, ctx) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k.length < 1 || k.length > 128)
      ctx.addIssue({ code: "custom", path: [k], message: "tag keys are 1-128 characters" });
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      ctx.addIssue({ code: "custom", path: [k], message: "tag values are strings" });
      continue;
    }
    const value = String(v);
    if (value.length > 256)
      ctx.addIssue({ code: "custom", path: [k], message: "tag values are at most 256 characters" });
    out[k] = value;
  }
  return out;
});
const regionName = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region name such as us-east-1");
const port = z.number().int().min(1).max(65535);
const stringish = z.union([z.string(), z.number()]).transform(String);

/** A JSON policy document, written as YAML/JSON structure or as a JSON string; stored compact (no newlines). */
const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((v, ctx) => {
  let doc: unknown = v;
  if (typeof v === "string") {
    try {
      doc = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON policy document" });
      return z.NEVER;
    }
  }
  const text = JSON.stringify(doc);
  if (text.length > 10_000) {
    ctx.addIssue({ code: "custom", message: "policy must be at most 10000 characters" });
    return z.NEVER;
  }
  return text;
});

const common = {
  key: key.optional(),
  account: accountRef,
  /** Defaults to the account's first region. */
  region: regionName.optional(),
  tags: tags.optional(),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
};

const dnsEntry = z.object({ domainName: z.string().min(1), hostedZoneId: z.string().min(1) }).strict();

const accessLog = z
  .object({
    id: latticeIdSchema("als-").optional(),
    destinationArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:(logs|s3|firehose):/, "must be a CloudWatch Logs, S3 or Firehose ARN"),
    serviceNetworkLogType: z.enum(["SERVICE", "RESOURCE"]).optional(),
    tags: tags.optional(),
    createdAt: timestamp.optional(),
  })
  .strict();

// --- Organisation, accounts, IAM ------------------------------------------------------------------------

const organization = z
  .object({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, "must look like o-a1b2c3d4e5"),
    managementAccount: accountRef,
  })
  .strict();

const account = z
  .object({
    key: key.optional(),
    id: accountId,
    name: z.string().min(1).max(50),
    /** Member of the scenario's organisation (default true when there is one). */
    inOrganization: z.boolean().optional(),
    regions: z.array(regionName).min(1).optional(),
  })
  .strict();

const identity = z
  .object({
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "must be 16-128 upper-case letters and digits"),
    secretAccessKey: z.string().min(1),
    account: accountRef,
    /** IAM user name; the identity's ARN is arn:aws:iam::{account}:user/{user}. */
    user: z.string().regex(/^[\w+=,.@-]{1,64}$/),
    userId: z
      .string()
      .regex(/^AIDA[A-Z0-9]{12,32}$/)
      .optional(),
  })
  .strict();

const trustedPrincipal = z.union([z.literal("*"), accountRef]);

const role = z
  .object({
    account: accountRef,
    name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
    /** Account keys or ids, IAM ARNs, or "*". */
    trustedPrincipals: z.array(trustedPrincipal).min(1),
    externalId: z.string().min(2).max(1224).optional(),
    roleId: z
      .string()
      .regex(/^AROA[A-Z0-9]{12,32}$/)
      .optional(),
  })
  .strict();

const crawlerRole = z
  .object({
    name: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/)
      .default("TrellisCrawler"),
    trustedAccount: accountRef,
    externalId: z.string().min(2).max(1224).optional(),
    /** Accounts that get the role; default every account. */
    accounts: z.array(accountRef).optional(),
  })
  .strict();

// --- EC2 -----------------------------------------------------------------------------------------------

const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "must be an IPv4 CIDR block such as 10.0.0.0/16");

const subnet = z
  .object({
    /** Local to the VPC; defaults to the availability zone. */
    key: key.optional(),
    id: ec2IdSchema("subnet-").optional(),
    cidr,
    az: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be an availability zone such as us-east-1a"),
  })
  .strict();

const securityGroup = z
  .object({
    /** Local to the VPC; defaults to the group name. */
    key: key.optional(),
    id: ec2IdSchema("sg-").optional(),
    name: z.string().min(1).max(255),
    description: z.string().max(255).optional(),
    tags: tags.optional(),
  })
  .strict();

const vpcEndpoint = z
  .object({
    id: ec2IdSchema("vpce-").optional(),
    type: z.enum(["ServiceNetwork", "Resource"]),
    serviceNetwork: ref.optional(),
    resourceConfiguration: ref.optional(),
    /** Subnet keys of this VPC; default all. */
    subnets: z.array(key).optional(),
    /** Security group keys of this VPC; default the VPC's default group. */
    securityGroups: z.array(key).max(5).optional(),
    privateDnsEnabled: z.boolean().default(true),
    ipAddressType: z.enum(["ipv4", "ipv6", "dualstack"]).default("ipv4"),
    state: z
      .enum(["Available", "Pending", "PendingAcceptance", "Deleting", "Deleted", "Rejected", "Failed"])
      .default("Available"),
    /** Id of the resource endpoint association (rea-…) a Resource endpoint creates. */
    resourceEndpointAssociationId: latticeIdSchema("rea-", true).optional(),
    tags: tags.optional(),
    createdAt: timestamp.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.type === "ServiceNetwork" && (!e.serviceNetwork || e.resourceConfiguration)) {
      ctx.addIssue({
        code: "custom",
        message: "a ServiceNetwork endpoint needs serviceNetwork (and no resourceConfiguration)",
      });
    }
    if (e.type === "Resource" && (!e.resourceConfiguration || e.serviceNetwork)) {
      ctx.addIssue({
        code: "custom",
        message: "a Resource endpoint needs resourceConfiguration (and no serviceNetwork)",
      });
    }
  });

const vpc = z
  .object({
    ...common,
    id: ec2IdSchema("vpc-").optional(),
    /** The Name tag; also the default key. */
    name: z.string().min(1).max(255),
    cidr,
    isDefault: z.boolean().default(false),
    subnets: z.array(subnet).default([]),
    /** A "default" group is added unless one is listed. */
    securityGroups: z.array(securityGroup).default([]),
    endpoints: z.array(vpcEndpoint).default([]),
  })
  .strict();

// --- Listeners, rules, target groups --------------------------------------------------------------------

const weightedTargetGroup = z
  .object({ targetGroup: ref, weight: z.number().int().min(0).max(999).optional() })
  .strict();

const action = z.union(
  [
    z
      .object({ forward: z.array(weightedTargetGroup).min(1).max(10) })
      .strict()
      .refine(
        (a) => a.forward.length === 1 || a.forward.every((t) => t.weight !== undefined),
        "every target group of a forward to several target groups needs a weight",
      ),
    z.object({ fixedResponse: z.number().int().min(100).max(599) }).strict(),
  ],
  { error: "must be { forward: [{ targetGroup, weight }] } or { fixedResponse: <status code> }" },
);

const matchString = z.string().min(1).max(200);
const pathValue = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\/[a-zA-Z0-9@:%_+.~#?&/=-]*$/, "must be a URL path");

const headerMatch = z
  .object({
    name: z.string().min(1).max(100),
    exact: matchString.optional(),
    prefix: matchString.optional(),
    contains: matchString.optional(),
    caseSensitive: z.boolean().optional(),
  })
  .strict()
  .refine(
    (h) => [h.exact, h.prefix, h.contains].filter((v) => v !== undefined).length === 1,
    "needs exactly one of exact, prefix, contains",
  );

const ruleMatch = z
  .object({
    method: z.string().min(1).max(16).optional(),
    path: z
      .object({
        prefix: pathValue.optional(),
        exact: pathValue.optional(),
        caseSensitive: z.boolean().optional(),
      })
      .strict()
      .refine(
        (p) => (p.prefix === undefined) !== (p.exact === undefined),
        "needs exactly one of prefix, exact",
      )
      .optional(),
    headers: z.array(headerMatch).min(1).max(5).optional(),
  })
  .strict()
  .refine((m) => Boolean(m.method || m.path || m.headers), "needs at least one of method, path, headers");

const rule = z
  .object({
    id: latticeIdSchema("rule-").optional(),
    name: nameSchema(3, 63),
    priority: z.number().int().min(1).max(100),
    match: ruleMatch,
    action,
    tags: tags.optional(),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .strict();

const listener = z
  .object({
    id: latticeIdSchema("listener-").optional(),
    name: nameSchema(3, 63),
    protocol: z.enum(["HTTP", "HTTPS", "TLS_PASSTHROUGH"]),
    /** Default 80 for HTTP, 443 for HTTPS. */
    port: port.optional(),
    defaultAction: action,
    /** Id of the default rule ListRules reports with isDefault: true. */
    defaultRuleId: latticeIdSchema("rule-").optional(),
    rules: z.array(rule).max(10).default([]),
    tags: tags.optional(),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.protocol === "TLS_PASSTHROUGH") {
      if (l.port === undefined)
        ctx.addIssue({ code: "custom", path: ["port"], message: "a TLS_PASSTHROUGH listener needs a port" });
      if (l.rules.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["rules"],
          message: "a TLS_PASSTHROUGH listener has only its default rule",
        });
    }
    const priorities = new Set<number>();
    const names = new Set<string>();
    l.rules.forEach((r, i) => {
      if (priorities.has(r.priority))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "priority"],
          message: `priority ${r.priority} is used twice`,
        });
      if (names.has(r.name))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "name"],
          message: `rule name ${r.name} is used twice`,
        });
      priorities.add(r.priority);
      names.add(r.name);
    });
  });

const healthCheck = z
  .object({
    enabled: z.boolean().optional(),
    protocol: z.enum(["HTTP", "HTTPS", "TCP"]).optional(),
    protocolVersion: z.enum(["HTTP1", "HTTP2"]).optional(),
    port: port.optional(),
    path: pathValue.optional(),
    healthCheckIntervalSeconds: z.number().int().min(5).max(300).optional(),
    healthCheckTimeoutSeconds: z.number().int().min(1).max(120).optional(),
    healthyThresholdCount: z.number().int().min(2).max(10).optional(),
    unhealthyThresholdCount: z.number().int().min(2).max(10).optional(),
    matcher: z.object({ httpCode: stringish.optional() }).strict().optional(),
  })
  .strict();

const target = z
  .object({
    /** IP address, instance id, Lambda function ARN or ALB ARN. */
    id: z.string().min(1),
    /** Defaults to the target group's port (none for Lambda). */
    port: port.optional(),
    /** Default: HEALTHY; UNAVAILABLE for Lambda or disabled health checks; UNUSED when no listener uses the group. */
    status: z.enum(TARGET_STATUSES).optional(),
    reasonCode: z.string().min(1).optional(),
  })
  .strict();

const targetGroup = z
  .object({
    ...common,
    id: latticeIdSchema("tg-").optional(),
    name: nameSchema(3, 128),
    type: z.enum(["IP", "LAMBDA", "INSTANCE", "ALB"]),
    status: z.enum(SERVICE_STATUSES).default("ACTIVE"),
    vpc: ref.optional(),
    port: port.optional(),
    protocol: z.enum(["HTTP", "HTTPS", "TCP"]).optional(),
    protocolVersion: z.enum(["HTTP1", "HTTP2", "GRPC"]).optional(),
    ipAddressType: z.enum(["IPV4", "IPV6"]).optional(),
    healthCheck: healthCheck.optional(),
    lambdaEventStructureVersion: z.enum(["V1", "V2"]).optional(),
    targets: z.array(target).max(1000).default([]),
  })
  .strict()
  .superRefine((tg, ctx) => {
    if (tg.type === "LAMBDA") {
      for (const field of [
        "vpc",
        "port",
        "protocol",
        "protocolVersion",
        "ipAddressType",
        "healthCheck",
      ] as const) {
        if (tg[field] !== undefined)
          ctx.addIssue({ code: "custom", path: [field], message: "a LAMBDA target group has no " + field });
      }
      if (tg.targets.length > 1)
        ctx.addIssue({
          code: "custom",
          path: ["targets"],
          message: "a LAMBDA target group has at most one target",
        });
    } else {
      for (const field of ["vpc", "port", "protocol"] as const) {
        if (tg[field] === undefined)
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: `a ${tg.type} target group needs ${field}`,
          });
      }
      if (tg.lambdaEventStructureVersion) {
        ctx.addIssue({
          code: "custom",
          path: ["lambdaEventStructureVersion"],
          message: "only LAMBDA target groups have lambdaEventStructureVersion",
        });
      }
    }
  });

// --- Service networks and services ----------------------------------------------------------------------

const createdBy = accountRef.optional();

const vpcAssociation = z
  .object({
    id: latticeIdSchema("snva-").optional(),
    vpc: ref,
    /** Security group keys of that VPC (at most 5). */
    securityGroups: z.array(key).max(5).default([]),
    privateDnsEnabled: z.boolean().optional(),
    status: z.enum(ASSOCIATION_STATUSES).default("ACTIVE"),
    tags: tags.optional(),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .strict();

const serviceAssociation = z
  .object({
    id: latticeIdSchema("snsa-").optional(),
    service: ref,
    status: z.enum(ASSOCIATION_STATUSES).default("ACTIVE"),
    /** Default the service owner. */
    createdBy,
    tags: tags.optional(),
    createdAt: timestamp.optional(),
  })
  .strict();

const resourceAssociation = z
  .object({
    id: latticeIdSchema("snra-", true).optional(),
    resourceConfiguration: ref,
    status: z.enum(ASSOCIATION_STATUSES).default("ACTIVE"),
    /** Default the resource configuration owner. */
    createdBy,
    /** Derived ({snra}.{rcfg}.{partition}.vpc-lattice-rsc.{region}.on.aws) when omitted. */
    dnsEntry: dnsEntry.optional(),
    /** Derived from a DNS resource's domain name when omitted. */
    privateDnsEntry: dnsEntry.optional(),
    privateDnsEnabled: z.boolean().optional(),
    tags: tags.optional(),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .strict();

const serviceNetwork = z
  .object({
    ...common,
    id: latticeIdSchema("sn-").optional(),
    name: nameSchema(3, 63),
    authType: z.enum(["NONE", "AWS_IAM"]).default("NONE"),
    sharingConfig: z.object({ enabled: z.boolean() }).strict().default({ enabled: true }),
    authPolicy: policyDocument.optional(),
    /** Replaces the RAM-derived resource policy. */
    resourcePolicy: policyDocument.optional(),
    accessLogs: z.array(accessLog).default([]),
    vpcAssociations: z.array(vpcAssociation).default([]),
    serviceAssociations: z.array(serviceAssociation).default([]),
    resourceAssociations: z.array(resourceAssociation).default([]),
  })
  .strict();

const service = z
  .object({
    ...common,
    id: latticeIdSchema("svc-").optional(),
    name: nameSchema(3, 40, "svc-"),
    authType: z.enum(["NONE", "AWS_IAM"]).default("NONE"),
    status: z.enum(SERVICE_STATUSES).default("ACTIVE"),
    customDomainName: z.string().min(3).max(255).optional(),
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:/, "must be an ACM certificate ARN")
      .optional(),
    idleTimeoutSeconds: z.number().int().min(60).max(600).optional(),
    /** Derived ({name}-{id}.{partition}.vpc-lattice-svcs.{region}.on.aws) when omitted. */
    dnsEntry: dnsEntry.optional(),
    authPolicy: policyDocument.optional(),
    resourcePolicy: policyDocument.optional(),
    accessLogs: z.array(accessLog).default([]),
    listeners: z.array(listener).max(10).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    const ports = new Set<number>();
    s.listeners.forEach((l, i) => {
      const p = l.port ?? (l.protocol === "HTTP" ? 80 : 443);
      if (names.has(l.name))
        ctx.addIssue({
          code: "custom",
          path: ["listeners", i, "name"],
          message: `listener name ${l.name} is used twice`,
        });
      if (ports.has(p))
        ctx.addIssue({
          code: "custom",
          path: ["listeners", i, "port"],
          message: `port ${p} is used by two listeners`,
        });
      names.add(l.name);
      ports.add(p);
    });
  });

// --- Resource gateways and configurations ---------------------------------------------------------------

const resourceGateway = z
  .object({
    ...common,
    id: latticeIdSchema("rgw-").optional(),
    name: nameSchema(3, 40, "rgw-"),
    status: z.enum(GATEWAY_STATUSES).default("ACTIVE"),
    vpc: ref,
    /** Subnet keys of that VPC; default all. */
    subnets: z.array(key).optional(),
    /** Security group keys of that VPC; default the VPC's default group. */
    securityGroups: z.array(key).max(5).optional(),
    ipAddressType: z.enum(["IPV4", "IPV6", "DUALSTACK"]).default("IPV4"),
  })
  .strict();

const definition = z.union(
  [
    z
      .object({
        dnsResource: z
          .object({
            domainName: z.string().min(3).max(255),
            ipAddressType: z.enum(["IPV4", "IPV6", "DUALSTACK"]).optional(),
          })
          .strict(),
      })
      .strict(),
    z.object({ ipResource: z.object({ ipAddress: z.string().min(4).max(39) }).strict() }).strict(),
    z.object({ arnResource: z.object({ arn: z.string().regex(/^arn:aws[a-z-]*:/) }).strict() }).strict(),
  ],
  {
    error:
      "must be one of { dnsResource: { domainName } }, { ipResource: { ipAddress } }, { arnResource: { arn } }",
  },
);

const resourceConfiguration = z
  .object({
    ...common,
    id: latticeIdSchema("rcfg-").optional(),
    name: nameSchema(3, 40, "rcfg-"),
    type: z.enum(["SINGLE", "GROUP", "CHILD", "ARN"]),
    status: z.enum(GATEWAY_STATUSES).default("ACTIVE"),
    /** Required for SINGLE, GROUP and ARN; a CHILD uses its group's. */
    resourceGateway: ref.optional(),
    /** The GROUP a CHILD belongs to. */
    group: ref.optional(),
    portRanges: z
      .array(
        stringish.pipe(
          z.string().regex(/^\d{1,5}(-\d{1,5})?$/, "must be a port or a range such as 8000-8080"),
        ),
      )
      .default([]),
    protocol: z.literal("TCP").default("TCP"),
    definition: definition.optional(),
    allowAssociationToShareableServiceNetwork: z.boolean().default(true),
    amazonManaged: z.boolean().default(false),
    authPolicy: policyDocument.optional(),
    resourcePolicy: policyDocument.optional(),
    accessLogs: z.array(accessLog).default([]),
  })
  .strict()
  .superRefine((rc, ctx) => {
    if (rc.type === "CHILD") {
      if (!rc.group)
        ctx.addIssue({
          code: "custom",
          path: ["group"],
          message: "a CHILD resource configuration needs its group",
        });
      if (rc.resourceGateway)
        ctx.addIssue({
          code: "custom",
          path: ["resourceGateway"],
          message: "a CHILD uses its group's resource gateway",
        });
    } else {
      if (!rc.resourceGateway)
        ctx.addIssue({
          code: "custom",
          path: ["resourceGateway"],
          message: `a ${rc.type} resource configuration needs resourceGateway`,
        });
      if (rc.group)
        ctx.addIssue({ code: "custom", path: ["group"], message: "only a CHILD belongs to a group" });
    }
    if (rc.type === "GROUP" && rc.definition) {
      ctx.addIssue({
        code: "custom",
        path: ["definition"],
        message: "a GROUP has no definition (its children do)",
      });
    }
    if (rc.type !== "GROUP" && !rc.definition) {
      ctx.addIssue({
        code: "custom",
        path: ["definition"],
        message: `a ${rc.type} resource configuration needs a definition`,
      });
    }
    if (rc.type === "ARN" && rc.definition && !("arnResource" in rc.definition)) {
      ctx.addIssue({
        code: "custom",
        path: ["definition"],
        message: "an ARN resource configuration needs definition.arnResource",
      });
    }
    if (rc.type !== "GROUP" && rc.portRanges.length === 0 && rc.type !== "ARN") {
      ctx.addIssue({ code: "custom", path: ["portRanges"], message: "needs at least one port range" });
    }
  });

// --- RAM ------------------------------------------------------------------------------------------------

const shareResource = z.union(
  [
    z.object({ serviceNetwork: ref, status: z.enum(SHARE_ASSOCIATION_STATUSES).optional() }).strict(),
    z.object({ service: ref, status: z.enum(SHARE_ASSOCIATION_STATUSES).optional() }).strict(),
    z.object({ resourceConfiguration: ref, status: z.enum(SHARE_ASSOCIATION_STATUSES).optional() }).strict(),
  ],
  { error: "must be one of { serviceNetwork: key }, { service: key }, { resourceConfiguration: key }" },
);

const sharePrincipal = z.union(
  [
    z
      .object({
        account: accountRef,
        /** Invitation to the account. Default: none within the organisation, PENDING outside it. */
        invitation: z.enum(["PENDING", "ACCEPTED", "REJECTED", "EXPIRED"]).optional(),
        invitationId: z.uuid().optional(),
      })
      .strict(),
    z.object({ organization: z.literal(true) }).strict(),
  ],
  { error: "must be { account: key } or { organization: true }" },
);

const resourceShare = z
  .object({
    ...common,
    /** UUID of the share's ARN (arn:aws:ram:{region}:{account}:resource-share/{id}). */
    id: z.uuid().optional(),
    name: z.string().min(1).max(255),
    status: z.enum(["PENDING", "ACTIVE", "FAILED", "DELETING", "DELETED"]).default("ACTIVE"),
    allowExternalPrincipals: z.boolean().default(true),
    featureSet: z.enum(["CREATED_FROM_POLICY", "PROMOTING_TO_STANDARD", "STANDARD"]).default("STANDARD"),
    resources: z.array(shareResource).min(1),
    principals: z.array(sharePrincipal).min(1),
  })
  .strict();

// --- Health timeline ------------------------------------------------------------------------------------

const healthChange = z
  .object({
    /** Seconds after the scenario is loaded. */
    afterSeconds: z.number().int().min(0),
    targetGroup: ref,
    target: z.string().min(1),
    port: port.optional(),
    status: z.enum(TARGET_STATUSES),
    reasonCode: z.string().min(1).optional(),
  })
  .strict();

// --- The file -------------------------------------------------------------------------------------------

export const scenarioSchema = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().min(1).max(100).optional(),
    description: z.string().optional(),
    /** Seeds derived ids (world.newId), in a fixed order. */
    seed: z.number().int().default(1),
    /** Default creation time; resources without createdAt follow it one minute apart, in load order. */
    createdAt: timestamp.default("2026-01-05T09:00:00.000Z"),
    organization: organization.optional(),
    accounts: z.array(account).min(1),
    /** Account of requests signed with an unknown access key; default the first account. */
    defaultAccount: accountRef.optional(),
    identities: z.array(identity).default([]),
    roles: z.array(role).default([]),
    /** A role added to every account (or those listed), trusting one account: what the crawler assumes. */
    crawlerRole: crawlerRole.optional(),
    vpcs: z.array(vpc).default([]),
    serviceNetworks: z.array(serviceNetwork).default([]),
    services: z.array(service).default([]),
    targetGroups: z.array(targetGroup).default([]),
    resourceGateways: z.array(resourceGateway).default([]),
    resourceConfigurations: z.array(resourceConfiguration).default([]),
    resourceShares: z.array(resourceShare).default([]),
    healthTimeline: z.array(healthChange).default([]),
    /** Request rates, error rates and latency: what CloudWatch publishes (cloudwatch/traffic-config.ts). */
    traffic: trafficConfigSchema.optional(),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioAction = z.output<typeof action>;
export type ScenarioRuleMatch = z.output<typeof ruleMatch>;

/** A scenario that cannot be loaded; `issues` name the place in the file (`services[2].listeners[0].port`). */
export class ScenarioError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(
      `Invalid scenario: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`,
    );
    this.name = "ScenarioError";
  }
}

export function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Validates scenario data; a failure is a ScenarioError listing every problem with its path. */
export function parseScenario(data: unknown): Scenario {
  const result = scenarioSchema.safeParse(data);
  if (result.success) return result.data;
  throw new ScenarioError(
    result.error.issues
      .slice(0, 20)
      .map((issue) => ({ path: issuePath(issue.path), message: issue.message })),
  );
}
