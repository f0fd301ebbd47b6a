import "server-only";

/** Ids of nodes that have no ARN of their own, or whose ARN the crawler builds (EC2 resources). */
export const accountNode = (accountId: string) => `account:${accountId}`;
export const vpcNode = (region: string, accountId: string, vpcId: string) =>
  `arn:aws:ec2:${region}:${accountId}:vpc/${vpcId}`;
export const endpointNode = (region: string, accountId: string, endpointId: string) =>
  `arn:aws:ec2:${region}:${accountId}:vpc-endpoint/${endpointId}`;
export const targetNode = (targetGroupArn: string, targetId: string, port: number | undefined) =>
  `${targetGroupArn}/target/${targetId}:${port ?? ""}`;

export function arnAccount(arn: string): string {
  return arn.split(":")[4] ?? "";
}

/** The principal a RAM share names, as a node id: accounts become account nodes, ARNs stay as they are. */
export function principalNode(principal: string): string {
  return /^\d{12}$/.test(principal) ? accountNode(principal) : principal;
}
