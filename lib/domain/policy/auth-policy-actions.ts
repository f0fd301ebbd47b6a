/** The actions VPC Lattice evaluates auth policies against (requests to services, connections to resources). */
export const DATA_PLANE_ACTIONS = ["vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect"] as const;

const compiledActions = new Map<string, RegExp>();

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  let regex = compiledActions.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${source}$`, "i");
    // Policy reviews match the same few patterns against many requests.
    if (compiledActions.size > 1000) compiledActions.clear();
    compiledActions.set(pattern, regex);
  }
  return regex.test(action);
}

export interface PolicyActionProblem {
  statement: number;
  sid?: string;
  effect: string;
  field: "Action" | "NotAction";
  /** Entries that match no data-plane action. */
  invalid: string[];
  /** The statement applies to no data-plane action at all, so it allows (or denies) nothing. */
  appliesToNothing: boolean;
}

export type PolicyCheck = { valid: true; problems: PolicyActionProblem[] } | { valid: false; error: string };

function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === "string")) return value;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** Checks that every Action/NotAction of an auth policy can match vpc-lattice-svcs:Invoke or :Connect. */
export function checkAuthPolicyActions(policy: string): PolicyCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch (error) {
    return { valid: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  const statement = isRecord(doc) ? doc.Statement : undefined;
  const list: unknown[] = Array.isArray(statement) ? statement : statement ? [statement] : [];
  const statements = list.filter(isRecord);
  if (statements.length === 0 || statements.length !== list.length) {
    return { valid: false, error: "has no Statement objects" };
  }
  const problems: PolicyActionProblem[] = [];
  statements.forEach((raw, index) => {
    const field = raw.NotAction !== undefined ? "NotAction" : "Action";
    const entries = strings(raw[field]);
    if (!entries) return;
    const invalid = entries.filter((e) => !DATA_PLANE_ACTIONS.some((a) => actionMatches(e, a)));
    const covered = DATA_PLANE_ACTIONS.filter((a) => entries.some((e) => actionMatches(e, a)));
    const appliesToNothing =
      field === "Action" ? covered.length === 0 : covered.length === DATA_PLANE_ACTIONS.length;
    if (invalid.length === 0 && !appliesToNothing) return;
    problems.push({
      statement: index,
      ...(typeof raw.Sid === "string" ? { sid: raw.Sid } : {}),
      effect: typeof raw.Effect === "string" ? raw.Effect : "Allow",
      field,
      invalid,
      appliesToNothing,
    });
  });
  return { valid: true, problems };
}

/** The data-plane action someone who wrote `action` most likely meant. */
export function suggestDataPlaneAction(action: string): string {
  return /connect$/i.test(action) ? "vpc-lattice-svcs:Connect" : "vpc-lattice-svcs:Invoke";
}
