import type { RequestContext } from "../core/context";
import { ApiError } from "../core/errors";
import type { Identity, Role } from "../core/model";
import { listIndexes, listParam, type XmlObject } from "../core/query-protocol";
import type { World } from "../core/world";

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const CHAINED_MAX_SECONDS = 3600;

function randomString(world: World, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(world.random() * alphabet.length)];
  return out;
}

/** Collects constraint failures and reports them as STS does: "N validation error(s) detected: …". */
class Violations {
  private readonly messages: string[] = [];

  add(field: string, value: string | undefined, constraint: string): void {
    const shown = value === undefined ? "null" : `'${value}'`;
    this.messages.push(
      `Value ${shown} at '${field}' failed to satisfy constraint: Member must ${constraint}`,
    );
  }

  length(field: string, value: string | undefined, min: number, max: number, required = false): void {
    if (value === undefined) {
      if (required) this.add(field, value, "not be null");
      return;
    }
    if (value.length < min) this.add(field, value, `have length greater than or equal to ${min}`);
    else if (value.length > max) this.add(field, value, `have length less than or equal to ${max}`);
  }

  pattern(field: string, value: string | undefined, pattern: RegExp, shown: string): void {
    if (value !== undefined && !pattern.test(value)) {
      this.add(field, value, `satisfy regular expression pattern: ${shown}`);
    }
  }

  throwIfAny(): void {
    const n = this.messages.length;
    if (n === 0) return;
    throw validationError(`${n} validation error${n === 1 ? "" : "s"} detected: ${this.messages.join("; ")}`);
  }
}

function validationError(message: string): ApiError {
  return new ApiError(400, "ValidationError", message);
}

/** The role an assumed-role caller (`arn:aws:sts::{acct}:assumed-role/{name}/{session}`) came from. */
function sourceRoleArn(world: World, caller: Identity): string | undefined {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn);
  if (!m) return undefined;
  const [, accountId, name] = m;
  for (const role of world.roles.values()) {
    if (role.accountId === accountId && role.name === name) return role.arn;
  }
  return `arn:aws:iam::${accountId}:role/${name}`;
}

function trusts(role: Role, caller: Identity, callerRoleArn: string | undefined): boolean {
  return role.trustedPrincipals.some(
    (p) =>
      p === "*" ||
      p === caller.accountId ||
      p === `arn:aws:iam::${caller.accountId}:root` ||
      p === caller.arn ||
      (callerRoleArn !== undefined && p === callerRoleArn),
  );
}

function parseDuration(raw: string | undefined, violations: Violations): number {
  if (raw === undefined) return 3600;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n)) {
    violations.add("durationSeconds", raw, "be an integer");
    return 3600;
  }
  if (n < 900) violations.add("durationSeconds", raw, "have value greater than or equal to 900");
  else if (n > 43200) violations.add("durationSeconds", raw, "have value less than or equal to 43200");
  return n;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** AssumeRole: trust and ExternalId checks, then a new session identity that acts as the role's account. */
export function assumeRole(ctx: RequestContext, params: Map<string, string>): XmlObject {
  const world = ctx.world;
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  const externalId = params.get("ExternalId");
  const policy = params.get("Policy");
  const sourceIdentity = params.get("SourceIdentity");

  const violations = new Violations();
  violations.length("roleArn", roleArn, 20, 2048, true);
  violations.length("roleSessionName", sessionName, 2, 64, true);
  violations.pattern("roleSessionName", sessionName, SESSION_NAME, "[\\w+=,.@-]*");
  const durationSeconds = parseDuration(params.get("DurationSeconds"), violations);
  violations.length("externalId", externalId, 2, 1224);
  violations.pattern("externalId", externalId, EXTERNAL_ID, "[\\w+=,.@:\\/-]*");
  violations.length("sourceIdentity", sourceIdentity, 2, 64);
  violations.pattern("sourceIdentity", sourceIdentity, SESSION_NAME, "[\\w+=,.@-]*");
  const policyArns = listParam(params, "PolicyArns.member");
  if (policyArns.length > 10) violations.add("policyArns", undefined, "have length less than or equal to 10");
  if (listIndexes(params, "Tags.member").length > 50) {
    violations.add("tags", undefined, "have length less than or equal to 50");
  }
  violations.length("policy", policy, 1, 2048);
  violations.throwIfAny();
  if (!roleArn || !sessionName) throw validationError("RoleArn and RoleSessionName are required");

  if (policy !== undefined) {
    try {
      JSON.parse(policy);
    } catch {
      throw new ApiError(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format.");
    }
  }

  const caller = ctx.caller;
  const denied = new ApiError(
    403,
    "AccessDenied",
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  const role = world.roles.get(roleArn);
  if (!role) throw denied;
  const callerRoleArn = sourceRoleArn(world, caller);
  if (!trusts(role, caller, callerRoleArn)) throw denied;
  if (role.externalId !== undefined && role.externalId !== externalId) throw denied;
  if (callerRoleArn !== undefined && durationSeconds > CHAINED_MAX_SECONDS) {
    throw validationError(
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
  }

  const expiration = isoSeconds(Date.now() + durationSeconds * 1000);
  const assumedArn = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`;
  const assumedRoleId = `${role.roleId}:${sessionName}`;
  const identity: Identity = {
    accessKeyId: `ASIA${randomString(world, UPPER_ALNUM, 16)}`,
    secretAccessKey: randomString(world, BASE64, 40),
    sessionToken: `FwoGZXIvYXdzE${randomString(world, BASE64, 180)}`,
    accountId: role.accountId,
    arn: assumedArn,
    userId: assumedRoleId,
    expiration,
  };
  world.identities.set(identity.accessKeyId, identity);

  return {
    Credentials: {
      AccessKeyId: identity.accessKeyId,
      SecretAccessKey: identity.secretAccessKey,
      SessionToken: identity.sessionToken,
      Expiration: expiration,
    },
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: assumedArn },
    PackedPolicySize: policy !== undefined || policyArns.length > 0 ? 6 : undefined,
    SourceIdentity: sourceIdentity,
  };
}
