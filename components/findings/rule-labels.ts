import type { FindingRule } from "@/lib/domain/topology/findings";

export const RULE_LABELS: Record<FindingRule, string> = {
  "auth-none-shared": "Auth type NONE on a shared network or service",
  "auth-iam-without-policy": "AWS_IAM with no auth policy",
  "auth-policy-invalid-json": "Auth policy is not valid JSON",
  "auth-policy-invalid-action": "Auth policy action Lattice never evaluates",
  "health-check-disabled": "Health checks disabled",
  "weighted-target-group-without-healthy-target": "Weighted target group without a healthy target",
  "weighted-target-group-unhealthy-targets": "Weighted target group with unhealthy targets",
  "target-group-unattached": "Target group attached to nothing",
  "service-network-without-access-logs": "Service network without access logs",
  "vpc-association-without-security-groups": "VPC association without security groups",
  "ram-invitation-pending": "Pending AWS RAM invitation",
};
