import { invokeRequest, type AccessRequest } from "../evaluate";
import { principalContext, requestPrincipal, type Organization } from "../principals";
import { elementHolds } from "./boxes";
import type { Cell, Dimension, ExampleRequest } from "./cells";
import type { AccessRow } from "./rows";
import type { ReviewContext } from "./review";

/** The request Lattice would evaluate for an example: its principal, resource and condition keys. */
export function exampleRequest(example: ExampleRequest, organization?: Organization): AccessRequest {
  const request = invokeRequest({
    principal: requestPrincipal(example.principal, organization),
    serviceArn: example.service,
    action: example.action,
    ...(example.method !== undefined ? { method: example.method } : {}),
    ...(example.path !== undefined ? { path: example.path } : {}),
    sourceVpc: example.sourceVpc,
    ...(example.sourceVpcOwnerAccount ? { sourceVpcOwnerAccount: example.sourceVpcOwnerAccount } : {}),
    ...(example.serviceNetwork ? { serviceNetworkArn: example.serviceNetwork } : {}),
    ...(example.port !== undefined ? { port: example.port } : {}),
    ...(example.headers ? { headers: example.headers } : {}),
    ...(example.query ? { query: example.query } : {}),
  });
  return { ...request, context: { ...request.context, ...example.keys } };
}

function pseudoCell(
  id: string,
  example: ExampleRequest,
  request: AccessRequest,
  organization?: Organization,
): Cell {
  const base = { label: "", named: false, part: {} };
  const pick = (keys: (k: string) => boolean) =>
    Object.fromEntries(Object.entries(request.context).filter(([k]) => keys(k.toLowerCase())));
  switch (id) {
    case "principal": {
      const principal = requestPrincipal(example.principal, organization);
      return { ...base, principal, context: principalContext(principal) };
    }
    case "source":
      return { ...base, context: pick((k) => k.startsWith("vpc-lattice-svcs:sourcevpc")) };
    case "operation":
      return { ...base, action: example.action, context: pick((k) => k === "vpc-lattice-svcs:requestpath") };
    case "method":
      return { ...base, context: pick((k) => k === "vpc-lattice-svcs:requestmethod") };
    case "port":
      return { ...base, context: pick((k) => k === "vpc-lattice-svcs:port") };
    default: {
      const [kind, name = ""] = [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)];
      const key =
        kind === "header"
          ? `vpc-lattice-svcs:requestheader/${name}`
          : kind === "query"
            ? `vpc-lattice-svcs:requestquerystring/${name}`
            : name;
      return { ...base, context: pick((k) => k === key) };
    }
  }
}

/**
 * Classifies requests: for each dimension, the class whose policy parts all decide as they do for the request.
 * Undefined when none does (a value the review did not account for).
 */
export function classifier(
  context: ReviewContext,
  organization?: Organization,
): (example: ExampleRequest) => number[] | undefined {
  const statements = context.policies.flatMap((p) =>
    p.statements.map((s) => ({ s, variables: p.variables })),
  );
  const vector = (d: Dimension, cell: Cell) =>
    statements
      .map(({ s, variables }) =>
        elementHolds(s, d, cell, context.constants, context.serviceArn, variables) ? 1 : 0,
      )
      .join("") +
    (cell.action ?? "") +
    (d.id === "principal" || d.id === "source" || d.id === "operation" || d.id === "port"
      ? ""
      : Object.keys(cell.context).length === 0
        ? "absent"
        : "present");
  const cellVectors = context.dimensions.map((d) => {
    const byVector = new Map<string, number>();
    d.cells.forEach((c, i) => {
      const v = vector(d, c);
      if (!byVector.has(v)) byVector.set(v, i);
    });
    return byVector;
  });
  const memo = context.dimensions.map(() => new Map<string, number | undefined>());
  return (example) => {
    const out: number[] = [];
    const request = exampleRequest(example, organization);
    for (const [i, d] of context.dimensions.entries()) {
      const cell = pseudoCell(d.id, example, request, organization);
      const key = JSON.stringify([cell.context, cell.action, example.principal]);
      let index = memo[i]?.get(key);
      if (!memo[i]?.has(key)) {
        index = cellVectors[i]?.get(vector(d, cell));
        memo[i]?.set(key, index);
      }
      if (index === undefined) return undefined;
      out.push(index);
    }
    return out;
  };
}

export function rowCovers(row: AccessRow, classes: readonly number[]): boolean {
  return classes.every((c, i) => row.cells[i]?.includes(c));
}
