// A process that makes one apply and is killed mid-way by the crash-recovery tests:
// tsx --conditions=react-server lib/server/testing/apply-child.ts '<json>'
// where json is {databaseUrl, emulatorUrl, op: {kind: "change", id} | {kind: "policy", body} | {kind: "rollout-step", id}}.
import { z } from "zod";
import type { Principal } from "@/lib/domain/auth/auth";
import { demoEnvironment } from "../config/load-config";
import { openDatabase } from "../db/database";
import { applyChange } from "../services/changes/apply-change";
import { applyPolicy } from "../services/policies/apply-policy";
import { runRolloutStep } from "../services/rollouts/rollout-step";
import { testServiceDeps } from "./test-deps";

const argsSchema = z.object({
  databaseUrl: z.string(),
  emulatorUrl: z.string(),
  actor: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(["viewer", "operator", "admin"]),
    via: z.enum(["none", "oidc", "alb", "proxy", "system"]),
  }),
  op: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("change"), id: z.string(), confirm: z.array(z.string()) }),
    z.object({ kind: z.literal("policy"), body: z.unknown() }),
    z.object({ kind: z.literal("rollout-step"), id: z.string() }),
  ]),
});

const args = argsSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
const actor: Principal = args.actor;
const db = await openDatabase({ databaseUrl: args.databaseUrl, dataDir: "/nonexistent-unused", poolSize: 3 });
const deps = testServiceDeps(db, await demoEnvironment(args.emulatorUrl));
console.log("ready");
const { op } = args;
const result =
  op.kind === "change"
    ? await applyChange(deps, actor, op.id, { confirm: op.confirm })
    : op.kind === "policy"
      ? await applyPolicy(deps, actor, op.body)
      : await runRolloutStep(deps, op.id);
console.log(JSON.stringify(result ?? null));
await db.stop();
