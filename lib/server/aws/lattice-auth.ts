import "server-only";
import {
  DeleteAuthPolicyCommand,
  GetAuthPolicyCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  PutAuthPolicyCommand,
  UpdateServiceCommand,
  UpdateServiceNetworkCommand,
  type VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import type { AuthState, PolicyStep } from "@/lib/domain/policy/apply-plan";
import type { PolicyScope } from "@/lib/domain/policy/matrix";

/** The auth state as AWS reports it, policy text as stored (compact JSON). */
export interface LiveAuthState extends AuthState {
  policy: string | null;
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "ResourceNotFoundException";
}

/** The live auth type and auth policy of a service or service network. */
export async function readAuthState(lattice: VPCLatticeClient, scope: PolicyScope): Promise<LiveAuthState> {
  const [resource, policy] = await Promise.all([
    scope.kind === "service"
      ? lattice.send(new GetServiceCommand({ serviceIdentifier: scope.arn }))
      : lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: scope.arn })),
    lattice.send(new GetAuthPolicyCommand({ resourceIdentifier: scope.arn })).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  ]);
  return {
    authType: resource.authType === "AWS_IAM" ? "AWS_IAM" : "NONE",
    policy: policy?.policy || null,
  };
}

export interface AppliedPolicyStep {
  operation: PolicyStep["operation"];
  requestId: string | undefined;
}

/** Makes the planned writes in order; stops at the first that fails (the error carries its request id). */
export async function applyPolicySteps(
  lattice: VPCLatticeClient,
  steps: readonly PolicyStep[],
): Promise<AppliedPolicyStep[]> {
  const applied: AppliedPolicyStep[] = [];
  for (const step of steps) {
    const output = await (() => {
      switch (step.operation) {
        case "PutAuthPolicy":
          return lattice.send(
            new PutAuthPolicyCommand({ resourceIdentifier: step.resourceArn, policy: step.policy }),
          );
        case "DeleteAuthPolicy":
          return lattice.send(new DeleteAuthPolicyCommand({ resourceIdentifier: step.resourceArn }));
        case "UpdateService":
          return lattice.send(
            new UpdateServiceCommand({ serviceIdentifier: step.resourceArn, authType: step.authType }),
          );
        case "UpdateServiceNetwork":
          return lattice.send(
            new UpdateServiceNetworkCommand({
              serviceNetworkIdentifier: step.resourceArn,
              authType: step.authType,
            }),
          );
      }
    })();
    applied.push({ operation: step.operation, requestId: output.$metadata.requestId });
  }
  return applied;
}
