import type { ServiceModule } from "../core/context";
import { createQueryRouter } from "../core/query-protocol";
import { ec2Error, renderEc2Error } from "./common";
import { describeVpcEndpointAssociations, describeVpcEndpoints } from "./endpoints";
import { describeSecurityGroups, describeSubnets, describeVpcs } from "./network";

const route = createQueryRouter(
  {
    DescribeVpcs: describeVpcs,
    DescribeSubnets: describeSubnets,
    DescribeSecurityGroups: describeSecurityGroups,
    DescribeVpcEndpoints: describeVpcEndpoints,
    DescribeVpcEndpointAssociations: describeVpcEndpointAssociations,
  },
  (action) => ec2Error("InvalidAction", `The action ${action} is not valid for this web service.`),
);

export const ec2Service: ServiceModule = {
  signingName: "ec2",
  route,
  renderError: renderEc2Error,
  faults: {
    throttling: () => ec2Error("RequestLimitExceeded", "Request limit exceeded.", 503),
    serverError: () => ec2Error("InternalError", "An internal error has occurred", 500),
    accessDenied: (operation, caller) =>
      ec2Error(
        "UnauthorizedOperation",
        `You are not authorized to perform this operation. User: ${caller.arn} is not authorized to perform: ec2:${operation} because no identity-based policy allows the ec2:${operation} action`,
        403,
      ),
  },
};
