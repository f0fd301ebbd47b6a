import { clauseHolds, contextLookup } from "../conditions";
import type { Cell, Dimension, Undecided } from "./cells";
import type { RoutedClause, RoutedStatement } from "./statements";
import { stringCells, statesAfter, valueTokens, type StringAtom } from "./string-cells";
import { clauseAtoms, describeGlob, describeStringCell, type DescribedAtom } from "./value-dimensions";

export interface ReviewSource {
  vpcId: string;
  label: string;
  accountId?: string;
}

/**
 * Paths of an HTTP request (its RequestPath, and the resource `<service ARN><path>`), and a TCP connection
 * (vpc-lattice-svcs:Connect on the service ARN) when the service has a TCP listener or its listeners are unknown.
 */
export function operationDimension(
  serviceArn: string,
  statements: readonly RoutedStatement[],
  clauses: readonly RoutedClause[],
  variables: boolean,
  modes: { invoke: boolean; connect: boolean },
  preferredPaths: readonly string[],
): { dimension: Dimension; undecided: Undecided[] } {
  const collected = clauseAtoms(clauses, variables);
  const undecided = [...collected.undecided];
  const atoms: DescribedAtom[] = [...collected.atoms];
  const seen = new Set<string>();
  for (const s of statements) {
    for (const pattern of s.resource?.patterns ?? []) {
      if (seen.has(pattern)) continue;
      seen.add(pattern);
      const tokens = valueTokens(pattern, { wildcards: true, variables });
      if (!tokens) {
        undecided.push({
          construct: "policy variable in Resource",
          message: `cannot decide Resource "${pattern}": a policy variable ties it to another part of the request`,
        });
        continue;
      }
      const start = statesAfter(tokens, serviceArn);
      if (start.length === 0 || start.some((k) => tokens.slice(k).every((t) => t.kind === "any"))) continue;
      const atom: StringAtom = { tokens, start };
      const rest = pattern.startsWith(serviceArn) ? pattern.slice(serviceArn.length) : undefined;
      atoms.push({
        atom,
        text: rest !== undefined && rest !== "" ? rest : `Resource ${pattern}`,
        kind: rest !== undefined && !/[*?]/.test(rest) ? "literal" : "glob",
      });
    }
  }
  const cells: Cell[] = [];
  if (modes.invoke) {
    const preferred = [
      "/",
      ...preferredPaths,
      ...atoms.filter((a) => a.text.startsWith("/")).map((a) => a.text.replace(/[*?]/g, "x")),
    ];
    for (const c of stringCells(
      atoms.map((a) => a.atom),
      { name: "path", prefix: "/", allowed: (ch) => ch !== "?" && ch !== "#", fresh: "xqz0_~", preferred },
    )) {
      const d = describePath(c.signature, atoms);
      cells.push({
        ...d,
        context: { "vpc-lattice-svcs:RequestPath": c.witness },
        part: { path: c.witness, action: "vpc-lattice-svcs:Invoke" },
        action: "vpc-lattice-svcs:Invoke",
      });
    }
  }
  if (modes.connect) {
    cells.push({
      label: "a TCP connection (vpc-lattice-svcs:Connect)",
      named: true,
      context: {},
      part: { action: "vpc-lattice-svcs:Connect" },
      action: "vpc-lattice-svcs:Connect",
    });
  }
  return { dimension: { id: "operation", noun: "path", cells }, undecided };
}

function describePath(signature: readonly boolean[], atoms: readonly DescribedAtom[]) {
  const d = describeStringCell({ signature: [...signature], witness: "" }, atoms, "path");
  if (d.named || !d.label.includes("Resource ")) return d;
  const positive = atoms.filter((_, i) => signature[i]).map((a) => describeGlob(a.text, "path"));
  return { label: positive.join(" and "), named: false };
}

/** The listener ports a request can arrive on, grouped by what the policies' port conditions make of them. */
export function portDimension(
  clauses: readonly RoutedClause[],
  variables: boolean,
  ports: readonly number[] | undefined,
): { dimension: Dimension; undecided: Undecided[] } {
  const undecided: Undecided[] = [];
  let candidates = ports && ports.length > 0 ? [...ports] : undefined;
  if (!candidates) {
    const set = new Set<number>([1, 443, 80, 65535]);
    for (const clause of clauses) {
      for (const v of clause.values) {
        const n = Number(v);
        if (Number.isInteger(n))
          for (const x of [n - 1, n, n + 1])
            if (x >= 1 && x <= 65535) set.add(x);
            else if (/[*?]/.test(v)) {
              undecided.push({
                construct: "port pattern",
                message: `cannot decide ${clause.operator} vpc-lattice-svcs:Port "${v}" without the service's listeners`,
              });
            }
      }
    }
    candidates = [...set].sort((a, b) => a - b);
  }
  const groups = new Map<string, number[]>();
  for (const port of candidates) {
    const lookup = contextLookup({ "vpc-lattice-svcs:Port": String(port) });
    const key = clauses
      .map((c) => (clauseHolds(c.operator, c.key, c.values, lookup, variables) ? 1 : 0))
      .join("");
    groups.set(key, [...(groups.get(key) ?? []), port]);
  }
  const cells: Cell[] = [...groups.values()].map((list) => ({
    label: list.length === 1 ? `port ${list[0]}` : `ports ${list.join(", ")}`,
    named: true,
    context: { "vpc-lattice-svcs:Port": String(list[0]) },
    part: { port: list[0] as number },
  }));
  return { dimension: { id: "port", noun: "port", cells }, undecided };
}

/**
 * The VPCs a request can come from through one service network: each VPC associated with it (or with an
 * endpoint of it), and any other VPC, as if it were associated, split by the SourceVpc and
 * SourceVpcOwnerAccount values the policies name.
 */
export function sourceDimension(
  connected: readonly ReviewSource[],
  clauses: readonly RoutedClause[],
  variables: boolean,
  network: { name: string } | undefined,
): { dimension: Dimension; undecided: Undecided[] } {
  const vpcClauses = clauses.filter((c) => c.key.toLowerCase() === "vpc-lattice-svcs:sourcevpc");
  const ownerClauses = clauses.filter((c) => c.key.toLowerCase() !== "vpc-lattice-svcs:sourcevpc");
  const vpcAtoms = clauseAtoms(vpcClauses, variables);
  const ownerAtoms = clauseAtoms(ownerClauses, variables);
  const undecided = [...vpcAtoms.undecided, ...ownerAtoms.undecided];
  const cells: Cell[] = connected.map((s) => ({
    label: s.label,
    named: true,
    context: {
      "vpc-lattice-svcs:SourceVpc": s.vpcId,
      ...(s.accountId ? { "vpc-lattice-svcs:SourceVpcOwnerAccount": s.accountId } : {}),
    },
    part: { sourceVpc: s.vpcId, ...(s.accountId ? { sourceVpcOwnerAccount: s.accountId } : {}) },
    group: "connected",
  }));
  const excluded = connected.map((s) => s.vpcId);
  const vpcCells = stringCells(
    [
      ...vpcAtoms.atoms.map((a) => a.atom),
      ...excluded.map((id) => ({
        tokens: [...id].map((char) => ({ kind: "char" as const, char, ignoreCase: false })),
        start: [0],
      })),
    ],
    { name: "vpc", prefix: "vpc-", fresh: "0f9a", preferred: ["vpc-0ffffffffffffffff"] },
  ).filter((c) => !c.signature.slice(vpcAtoms.atoms.length).some(Boolean));
  const ownerCells = stringCells(
    ownerAtoms.atoms.map((a) => a.atom),
    {
      name: "account",
      allowed: (c) => c >= "0" && c <= "9",
      fresh: "9087654321",
      exactLength: 12,
      preferred: ["999999999999"],
    },
  );
  const where = network ? `not associated with ${network.name}` : "(the service is in no service network)";
  for (const vpc of vpcCells) {
    const vpcWords = describeStringCell(
      { signature: vpc.signature.slice(0, vpcAtoms.atoms.length), witness: vpc.witness },
      vpcAtoms.atoms,
      "VPC",
    );
    for (const owner of ownerCells) {
      const ownerWords = describeStringCell(owner, ownerAtoms.atoms, "account");
      const parts = [
        vpcWords.named ? vpcWords.label : `any VPC ${where}`,
        ...(ownerAtoms.atoms.length > 0
          ? [
              `owned by ${ownerWords.named ? ownerWords.label : ownerWords.label.replace("any other account", "another account")}`,
            ]
          : []),
      ];
      if (vpcWords.named)
        parts[0] = `${vpcWords.label} (${where.replace("not associated", "not yet associated")})`;
      cells.push({
        label: parts.join(", "),
        named: false,
        context: {
          "vpc-lattice-svcs:SourceVpc": vpc.witness,
          "vpc-lattice-svcs:SourceVpcOwnerAccount": owner.witness,
        },
        part: { sourceVpc: vpc.witness, sourceVpcOwnerAccount: owner.witness },
        group: "other",
      });
    }
  }
  return { dimension: { id: "source", noun: "source VPC", cells }, undecided };
}
