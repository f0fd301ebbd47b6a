// In-memory records of the emulated AWS organisation. Field names follow the AWS wire shapes so handlers
// can return records with little mapping. Timestamps are RFC 3339 strings; RAM converts them to epoch seconds.

export type AuthType = "NONE" | "AWS_IAM";

export interface Account {
  id: string;
  name: string;
  /** Organisation the account belongs to, if any (e.g. "o-abc123example"). */
  organizationId?: string;
}

export interface Organization {
  id: string;
  arn: string;
  masterAccountId: string;
}

/** Who an access key acts as. */
export interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  /** IAM user ARN or STS assumed-role ARN. */
  arn: string;
  userId: string;
  expiration?: string;
}

export interface Role {
  arn: string;
  accountId: string;
  name: string;
  roleId: string;
  /** Principals trusted to assume: account ids, IAM ARNs (user/role) or "*". */
  trustedPrincipals: string[];
  /** When set, AssumeRole must pass this ExternalId. */
  externalId?: string;
}

export interface Tagged {
  arn: string;
  ownerAccountId: string;
  region: string;
}

export interface WeightedTargetGroup {
  targetGroupIdentifier: string;
  weight?: number;
}

export type RuleAction =
  { forward: { targetGroups: WeightedTargetGroup[] } } | { fixedResponse: { statusCode: number } };

export type PathMatchType = { exact: string } | { prefix: string };
export type HeaderMatchType = { exact: string } | { prefix: string } | { contains: string };

export interface HeaderMatch {
  name: string;
  match: HeaderMatchType;
  caseSensitive?: boolean;
}

export interface RuleMatch {
  httpMatch: {
    method?: string;
    pathMatch?: { match: PathMatchType; caseSensitive?: boolean };
    headerMatches?: HeaderMatch[];
  };
}

export interface ServiceNetwork extends Tagged {
  id: string;
  name: string;
  authType: AuthType;
  sharingConfig?: { enabled: boolean };
  createdAt: string;
  lastUpdatedAt: string;
}

export interface Service extends Tagged {
  id: string;
  name: string;
  authType: AuthType;
  status: "ACTIVE" | "CREATE_IN_PROGRESS" | "DELETE_IN_PROGRESS" | "CREATE_FAILED" | "DELETE_FAILED";
  dnsEntry: { domainName: string; hostedZoneId: string };
  customDomainName?: string;
  certificateArn?: string;
  idleTimeoutSeconds?: number;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface Listener extends Tagged {
  id: string;
  name: string;
  serviceId: string;
  serviceArn: string;
  protocol: "HTTP" | "HTTPS" | "TLS_PASSTHROUGH";
  port: number;
  /** The listener's default action. Its default rule is not stored in `rules`: it is derived from this. */
  defaultAction: RuleAction;
  /** Id (rule-…) of the listener's default rule, which ListRules/GetRule return with isDefault: true. */
  defaultRuleId: string;
  createdAt: string;
  lastUpdatedAt: string;
}

/** A non-default listener rule (the default rule is derived from its Listener). */
export interface Rule extends Tagged {
  id: string;
  name: string;
  listenerId: string;
  serviceId: string;
  priority: number;
  match: RuleMatch;
  action: RuleAction;
  createdAt: string;
  lastUpdatedAt: string;
}

export type TargetStatus = "DRAINING" | "UNAVAILABLE" | "HEALTHY" | "UNHEALTHY" | "INITIAL" | "UNUSED";

export interface Target {
  /** IP address, instance id, Lambda ARN or ALB ARN. */
  id: string;
  port?: number;
  status: TargetStatus;
  reasonCode?: string;
}

export interface HealthCheck {
  enabled?: boolean;
  protocol?: "HTTP" | "HTTPS" | "TCP";
  protocolVersion?: "HTTP1" | "HTTP2";
  port?: number;
  path?: string;
  healthCheckIntervalSeconds?: number;
  healthCheckTimeoutSeconds?: number;
  healthyThresholdCount?: number;
  unhealthyThresholdCount?: number;
  matcher?: { httpCode?: string };
}

export interface TargetGroup extends Tagged {
  id: string;
  name: string;
  type: "IP" | "LAMBDA" | "INSTANCE" | "ALB";
  status: "ACTIVE" | "CREATE_IN_PROGRESS" | "DELETE_IN_PROGRESS" | "CREATE_FAILED" | "DELETE_FAILED";
  config?: {
    port?: number;
    protocol?: "HTTP" | "HTTPS" | "TCP";
    protocolVersion?: "HTTP1" | "HTTP2" | "GRPC";
    ipAddressType?: "IPV4" | "IPV6";
    vpcIdentifier?: string;
    healthCheck?: HealthCheck;
    lambdaEventStructureVersion?: "V1" | "V2";
  };
  targets: Target[];
  createdAt: string;
  lastUpdatedAt: string;
}

export type AssociationStatus =
  | "CREATE_IN_PROGRESS"
  | "ACTIVE"
  | "UPDATE_IN_PROGRESS"
  | "DELETE_IN_PROGRESS"
  | "CREATE_FAILED"
  | "DELETE_FAILED"
  | "UPDATE_FAILED"
  | "PARTIAL";

export interface DnsEntry {
  domainName: string;
  hostedZoneId: string;
}

export interface ServiceNetworkVpcAssociation extends Tagged {
  id: string;
  serviceNetworkId: string;
  vpcId: string;
  status: AssociationStatus;
  /** Account that created the association (the VPC owner). */
  createdBy: string;
  securityGroupIds: string[];
  privateDnsEnabled?: boolean;
  dnsOptions?: { privateDnsPreference?: string; privateDnsSpecifiedDomains?: string[] };
  createdAt: string;
  lastUpdatedAt: string;
}

export interface ServiceNetworkServiceAssociation extends Tagged {
  id: string;
  serviceNetworkId: string;
  serviceId: string;
  status: AssociationStatus;
  createdBy: string;
  dnsEntry?: DnsEntry;
  customDomainName?: string;
  createdAt: string;
}

export interface ServiceNetworkResourceAssociation extends Tagged {
  id: string;
  serviceNetworkId: string;
  resourceConfigurationId: string;
  status: AssociationStatus;
  createdBy: string;
  dnsEntry?: DnsEntry;
  privateDnsEntry?: DnsEntry;
  privateDnsEnabled?: boolean;
  isManagedAssociation: boolean;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface ResourceGateway extends Tagged {
  id: string;
  name: string;
  status:
    | "ACTIVE"
    | "CREATE_IN_PROGRESS"
    | "UPDATE_IN_PROGRESS"
    | "DELETE_IN_PROGRESS"
    | "CREATE_FAILED"
    | "UPDATE_FAILED"
    | "DELETE_FAILED";
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  ipAddressType: "IPV4" | "IPV6" | "DUALSTACK";
  ipv4AddressesPerEni?: number;
  resourceConfigDnsResolution?: "PUBLIC" | "IN_VPC";
  createdAt: string;
  lastUpdatedAt: string;
}

export type ResourceConfigurationDefinition =
  | { dnsResource: { domainName: string; ipAddressType?: "IPV4" | "IPV6" | "DUALSTACK" } }
  | { ipResource: { ipAddress: string } }
  | { arnResource: { arn: string } };

export interface ResourceConfiguration extends Tagged {
  id: string;
  name: string;
  type: "GROUP" | "CHILD" | "SINGLE" | "ARN";
  status:
    | "ACTIVE"
    | "CREATE_IN_PROGRESS"
    | "UPDATE_IN_PROGRESS"
    | "DELETE_IN_PROGRESS"
    | "CREATE_FAILED"
    | "UPDATE_FAILED"
    | "DELETE_FAILED";
  resourceGatewayId?: string;
  resourceConfigurationGroupId?: string;
  portRanges: string[];
  protocol?: "TCP";
  resourceConfigurationDefinition?: ResourceConfigurationDefinition;
  allowAssociationToShareableServiceNetwork: boolean;
  amazonManaged: boolean;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface ResourceEndpointAssociation extends Tagged {
  id: string;
  resourceConfigurationId: string;
  vpcEndpointId: string;
  vpcEndpointOwner: string;
  createdBy: string;
  createdAt: string;
}

export interface AccessLogSubscription extends Tagged {
  id: string;
  resourceArn: string;
  resourceId: string;
  destinationArn: string;
  serviceNetworkLogType?: "SERVICE" | "RESOURCE";
  createdAt: string;
  lastUpdatedAt: string;
}

export interface StoredPolicy {
  policy: string;
  createdAt: string;
  lastUpdatedAt: string;
}

export interface Vpc {
  vpcId: string;
  ownerId: string;
  region: string;
  cidrBlock: string;
  isDefault: boolean;
  tags: Record<string, string>;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  ownerId: string;
  region: string;
  cidrBlock: string;
  availabilityZone: string;
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  region: string;
  tags: Record<string, string>;
}

export interface VpcEndpoint {
  vpcEndpointId: string;
  vpcEndpointType: "ServiceNetwork" | "Resource" | "Interface" | "Gateway";
  vpcId: string;
  ownerId: string;
  region: string;
  state: "Available" | "Pending" | "PendingAcceptance" | "Deleting" | "Deleted" | "Rejected" | "Failed";
  serviceNetworkArn?: string;
  resourceConfigurationArn?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  ipAddressType: "ipv4" | "ipv6" | "dualstack";
  privateDnsEnabled: boolean;
  dnsEntries: DnsEntry[];
  /** DNS entries of the endpoint's associations (DescribeVpcEndpointAssociations). */
  associations: VpcEndpointAssociation[];
  creationTimestamp: string;
  tags: Record<string, string>;
}

export interface VpcEndpointAssociation {
  id: string;
  associatedResourceArn: string;
  associatedResourceAccessibility: "Accessible" | "Inaccessible";
  dnsEntry?: DnsEntry;
  privateDnsEntry?: DnsEntry;
  resourceConfigurationGroupArn?: string;
  serviceNetworkArn?: string;
  serviceNetworkName?: string;
}

export interface ResourceShare {
  resourceShareArn: string;
  name: string;
  owningAccountId: string;
  region: string;
  allowExternalPrincipals: boolean;
  status: "PENDING" | "ACTIVE" | "FAILED" | "DELETING" | "DELETED";
  featureSet: "CREATED_FROM_POLICY" | "PROMOTING_TO_STANDARD" | "STANDARD";
  tags: Record<string, string>;
  /** Resource ARNs in the share. */
  resources: {
    arn: string;
    type: string;
    status: "ASSOCIATED" | "ASSOCIATING" | "FAILED" | "DISASSOCIATING" | "DISASSOCIATED";
    creationTime: string;
    lastUpdatedTime: string;
    statusMessage?: string;
  }[];
  /** Account ids, organisation / OU ARNs, IAM ARNs. */
  principals: {
    id: string;
    status: "ASSOCIATED" | "ASSOCIATING" | "FAILED" | "DISASSOCIATING" | "DISASSOCIATED";
    external: boolean;
    creationTime: string;
    lastUpdatedTime: string;
    statusMessage?: string;
  }[];
  creationTime: string;
  lastUpdatedTime: string;
  statusMessage?: string;
  /** Idempotency token of the CreateResourceShare call that made the share. */
  clientToken?: string;
}

export interface ResourceShareInvitation {
  resourceShareInvitationArn: string;
  resourceShareArn: string;
  resourceShareName: string;
  senderAccountId: string;
  receiverAccountId: string;
  region: string;
  invitationTimestamp: string;
  status: "PENDING" | "ACCEPTED" | "REJECTED" | "EXPIRED";
  /** Set when the invited principal is an IAM role or user rather than the whole account. */
  receiverArn?: string;
}

/** A scheduled change of a target's health, relative to when the scenario was loaded. */
export interface HealthChange {
  afterSeconds: number;
  targetGroupArn: string;
  targetId: string;
  port?: number;
  status: TargetStatus;
  reasonCode?: string;
}

/** Everything in one region, across all accounts. Resources are keyed by id. */
export interface RegionState {
  name: string;
  serviceNetworks: Map<string, ServiceNetwork>;
  services: Map<string, Service>;
  listeners: Map<string, Listener>;
  rules: Map<string, Rule>;
  targetGroups: Map<string, TargetGroup>;
  serviceNetworkVpcAssociations: Map<string, ServiceNetworkVpcAssociation>;
  serviceNetworkServiceAssociations: Map<string, ServiceNetworkServiceAssociation>;
  serviceNetworkResourceAssociations: Map<string, ServiceNetworkResourceAssociation>;
  resourceGateways: Map<string, ResourceGateway>;
  resourceConfigurations: Map<string, ResourceConfiguration>;
  resourceEndpointAssociations: Map<string, ResourceEndpointAssociation>;
  accessLogSubscriptions: Map<string, AccessLogSubscription>;
  /** Keyed by the ARN of the service network, service or resource configuration. */
  authPolicies: Map<string, StoredPolicy>;
  resourcePolicies: Map<string, StoredPolicy>;
  /** Lattice tags keyed by resource ARN. */
  tags: Map<string, Record<string, string>>;
  vpcs: Map<string, Vpc>;
  subnets: Map<string, Subnet>;
  securityGroups: Map<string, SecurityGroup>;
  vpcEndpoints: Map<string, VpcEndpoint>;
  resourceShares: Map<string, ResourceShare>;
  resourceShareInvitations: Map<string, ResourceShareInvitation>;
}

export function emptyRegion(name: string): RegionState {
  return {
    name,
    serviceNetworks: new Map(),
    services: new Map(),
    listeners: new Map(),
    rules: new Map(),
    targetGroups: new Map(),
    serviceNetworkVpcAssociations: new Map(),
    serviceNetworkServiceAssociations: new Map(),
    serviceNetworkResourceAssociations: new Map(),
    resourceGateways: new Map(),
    resourceConfigurations: new Map(),
    resourceEndpointAssociations: new Map(),
    accessLogSubscriptions: new Map(),
    authPolicies: new Map(),
    resourcePolicies: new Map(),
    tags: new Map(),
    vpcs: new Map(),
    subnets: new Map(),
    securityGroups: new Map(),
    vpcEndpoints: new Map(),
    resourceShares: new Map(),
    resourceShareInvitations: new Map(),
  };
}
