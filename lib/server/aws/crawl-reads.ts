import "server-only";
import {
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandInput,
  DescribeVpcEndpointAssociationsCommand,
  type DescribeVpcEndpointAssociationsCommandInput,
  DescribeVpcEndpointsCommand,
  type DescribeVpcEndpointsCommandInput,
  DescribeVpcsCommand,
  type DescribeVpcsCommandInput,
} from "@aws-sdk/client-ec2";
import {
  GetResourceShareAssociationsCommand,
  type GetResourceShareAssociationsCommandInput,
  GetResourceShareInvitationsCommand,
  type GetResourceShareInvitationsCommandInput,
  GetResourceSharesCommand,
  type GetResourceSharesCommandInput,
} from "@aws-sdk/client-ram";
import { GetCallerIdentityCommand, type GetCallerIdentityCommandInput } from "@aws-sdk/client-sts";
import {
  GetAuthPolicyCommand,
  type GetAuthPolicyCommandInput,
  GetListenerCommand,
  type GetListenerCommandInput,
  GetResourceConfigurationCommand,
  type GetResourceConfigurationCommandInput,
  GetResourceGatewayCommand,
  type GetResourceGatewayCommandInput,
  GetResourcePolicyCommand,
  type GetResourcePolicyCommandInput,
  GetRuleCommand,
  type GetRuleCommandInput,
  GetServiceCommand,
  type GetServiceCommandInput,
  GetServiceNetworkCommand,
  type GetServiceNetworkCommandInput,
  GetServiceNetworkResourceAssociationCommand,
  type GetServiceNetworkResourceAssociationCommandInput,
  GetServiceNetworkServiceAssociationCommand,
  type GetServiceNetworkServiceAssociationCommandInput,
  GetServiceNetworkVpcAssociationCommand,
  type GetServiceNetworkVpcAssociationCommandInput,
  GetTargetGroupCommand,
  type GetTargetGroupCommandInput,
  ListAccessLogSubscriptionsCommand,
  type ListAccessLogSubscriptionsCommandInput,
  ListListenersCommand,
  type ListListenersCommandInput,
  ListResourceConfigurationsCommand,
  type ListResourceConfigurationsCommandInput,
  ListResourceEndpointAssociationsCommand,
  type ListResourceEndpointAssociationsCommandInput,
  ListResourceGatewaysCommand,
  type ListResourceGatewaysCommandInput,
  ListRulesCommand,
  type ListRulesCommandInput,
  ListServiceNetworkResourceAssociationsCommand,
  type ListServiceNetworkResourceAssociationsCommandInput,
  ListServiceNetworkServiceAssociationsCommand,
  type ListServiceNetworkServiceAssociationsCommandInput,
  ListServiceNetworkVpcAssociationsCommand,
  type ListServiceNetworkVpcAssociationsCommandInput,
  ListServiceNetworkVpcEndpointAssociationsCommand,
  type ListServiceNetworkVpcEndpointAssociationsCommandInput,
  ListServiceNetworksCommand,
  type ListServiceNetworksCommandInput,
  ListServicesCommand,
  type ListServicesCommandInput,
  ListTagsForResourceCommand,
  type ListTagsForResourceCommandInput,
  ListTargetGroupsCommand,
  type ListTargetGroupsCommandInput,
  ListTargetsCommand,
  type ListTargetsCommandInput,
} from "@aws-sdk/client-vpc-lattice";
import type { AwsClients } from "./clients";

// The AWS reads a crawl makes, one method per operation, over one scope's clients. The crawler calls these and
// never builds SDK commands itself; each answer is the SDK's output as is (with $metadata, for counting attempts).

export type {
  ListenerSummary,
  RuleAction,
  RuleSummary,
  ServiceNetworkSummary,
  ServiceSummary,
  TargetGroupSummary,
  TargetSummary,
} from "@aws-sdk/client-vpc-lattice";
export type { VpcEndpointAssociation } from "@aws-sdk/client-ec2";

export function crawlReads(clients: Pick<AwsClients, "lattice" | "ram" | "ec2" | "sts">) {
  const { lattice, ram, ec2, sts } = clients;
  return {
    getCallerIdentity: (input: GetCallerIdentityCommandInput) =>
      sts.send(new GetCallerIdentityCommand(input)),
    getAuthPolicy: (input: GetAuthPolicyCommandInput) => lattice.send(new GetAuthPolicyCommand(input)),
    getListener: (input: GetListenerCommandInput) => lattice.send(new GetListenerCommand(input)),
    getResourceConfiguration: (input: GetResourceConfigurationCommandInput) =>
      lattice.send(new GetResourceConfigurationCommand(input)),
    getResourceGateway: (input: GetResourceGatewayCommandInput) =>
      lattice.send(new GetResourceGatewayCommand(input)),
    getResourcePolicy: (input: GetResourcePolicyCommandInput) =>
      lattice.send(new GetResourcePolicyCommand(input)),
    getRule: (input: GetRuleCommandInput) => lattice.send(new GetRuleCommand(input)),
    getService: (input: GetServiceCommandInput) => lattice.send(new GetServiceCommand(input)),
    getServiceNetwork: (input: GetServiceNetworkCommandInput) =>
      lattice.send(new GetServiceNetworkCommand(input)),
    getServiceNetworkResourceAssociation: (input: GetServiceNetworkResourceAssociationCommandInput) =>
      lattice.send(new GetServiceNetworkResourceAssociationCommand(input)),
    getServiceNetworkServiceAssociation: (input: GetServiceNetworkServiceAssociationCommandInput) =>
      lattice.send(new GetServiceNetworkServiceAssociationCommand(input)),
    getServiceNetworkVpcAssociation: (input: GetServiceNetworkVpcAssociationCommandInput) =>
      lattice.send(new GetServiceNetworkVpcAssociationCommand(input)),
    getTargetGroup: (input: GetTargetGroupCommandInput) => lattice.send(new GetTargetGroupCommand(input)),
    listAccessLogSubscriptions: (input: ListAccessLogSubscriptionsCommandInput) =>
      lattice.send(new ListAccessLogSubscriptionsCommand(input)),
    listListeners: (input: ListListenersCommandInput) => lattice.send(new ListListenersCommand(input)),
    listResourceConfigurations: (input: ListResourceConfigurationsCommandInput) =>
      lattice.send(new ListResourceConfigurationsCommand(input)),
    listResourceEndpointAssociations: (input: ListResourceEndpointAssociationsCommandInput) =>
      lattice.send(new ListResourceEndpointAssociationsCommand(input)),
    listResourceGateways: (input: ListResourceGatewaysCommandInput) =>
      lattice.send(new ListResourceGatewaysCommand(input)),
    listRules: (input: ListRulesCommandInput) => lattice.send(new ListRulesCommand(input)),
    listServiceNetworkResourceAssociations: (input: ListServiceNetworkResourceAssociationsCommandInput) =>
      lattice.send(new ListServiceNetworkResourceAssociationsCommand(input)),
    listServiceNetworkServiceAssociations: (input: ListServiceNetworkServiceAssociationsCommandInput) =>
      lattice.send(new ListServiceNetworkServiceAssociationsCommand(input)),
    listServiceNetworkVpcAssociations: (input: ListServiceNetworkVpcAssociationsCommandInput) =>
      lattice.send(new ListServiceNetworkVpcAssociationsCommand(input)),
    listServiceNetworkVpcEndpointAssociations: (
      input: ListServiceNetworkVpcEndpointAssociationsCommandInput,
    ) => lattice.send(new ListServiceNetworkVpcEndpointAssociationsCommand(input)),
    listServiceNetworks: (input: ListServiceNetworksCommandInput) =>
      lattice.send(new ListServiceNetworksCommand(input)),
    listServices: (input: ListServicesCommandInput) => lattice.send(new ListServicesCommand(input)),
    listTagsForResource: (input: ListTagsForResourceCommandInput) =>
      lattice.send(new ListTagsForResourceCommand(input)),
    listTargetGroups: (input: ListTargetGroupsCommandInput) =>
      lattice.send(new ListTargetGroupsCommand(input)),
    listTargets: (input: ListTargetsCommandInput) => lattice.send(new ListTargetsCommand(input)),
    getResourceShareAssociations: (input: GetResourceShareAssociationsCommandInput) =>
      ram.send(new GetResourceShareAssociationsCommand(input)),
    getResourceShareInvitations: (input: GetResourceShareInvitationsCommandInput) =>
      ram.send(new GetResourceShareInvitationsCommand(input)),
    getResourceShares: (input: GetResourceSharesCommandInput) =>
      ram.send(new GetResourceSharesCommand(input)),
    describeSecurityGroups: (input: DescribeSecurityGroupsCommandInput) =>
      ec2.send(new DescribeSecurityGroupsCommand(input)),
    describeVpcEndpointAssociations: (input: DescribeVpcEndpointAssociationsCommandInput) =>
      ec2.send(new DescribeVpcEndpointAssociationsCommand(input)),
    describeVpcEndpoints: (input: DescribeVpcEndpointsCommandInput) =>
      ec2.send(new DescribeVpcEndpointsCommand(input)),
    describeVpcs: (input: DescribeVpcsCommandInput) => ec2.send(new DescribeVpcsCommand(input)),
  };
}

export type CrawlReads = ReturnType<typeof crawlReads>;
