/**
 * npm run bench:policy — the access review (POST /api/policies/diff's service) on the demo and on a generated
 * estate (20 accounts × 100 services by default), each with two 10,000-character policies; then the review's
 * cost as a policy names more principals, and whether other work goes on while a review runs. Prints p50/p95
 * against the goals (demo < 1 s, generated estate < 3 s) and the ratios; asserts nothing.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "@trellis/aws-emulator";
import { crawlScopes, organizationOf } from "@/lib/domain/config/config";
import { POLICY_SIZE_LIMIT } from "@/lib/domain/policy/grammar";
import { reviewInputFromTopology } from "@/lib/domain/policy/review/review-input";
import { buildTopology, type Topology } from "@/lib/domain/topology/topology";
import { demoEnvironment, type CrawlEnvironment } from "@/lib/server/config/load-config";
import { crawlAccountRegion } from "@/lib/server/crawl/crawl-account-region";
import { CallLimits } from "@/lib/server/crawl/limits";
import type { ServicesContext } from "@/lib/server/services/context";
import { diffPolicy } from "@/lib/server/services/policies/diff-policy";
import { cleanups, shutdown } from "./support";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "20" },
    services: { type: "string", default: "100" },
    runs: { type: "string", default: "20" },
  },
});
const runs = Number(values.runs);

function stats(list: number[]) {
  const sorted = [...list].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function crawlTopology(env: CrawlEnvironment): Promise<Topology> {
  const limits = new CallLimits(32, 16);
  const snapshots = await Promise.all(crawlScopes(env.config).map((s) => crawlAccountRegion(env, s, limits)));
  return buildTopology(
    snapshots.flatMap((s) => s.resources),
    snapshots.flatMap((s) => s.relations),
  );
}

function depsFor(topology: Topology, env: CrawlEnvironment): ServicesContext {
  return {
    db: undefined as never,
    changes: undefined as never,
    rollouts: undefined as never,
    crawlEnv: env,
    topology: async () => topology,
    nodes: async () => new Map(topology.nodes.map((node) => [node.id, node])),
    organization: organizationOf(env.config),
    lattice: () => undefined,
    recrawl: async () => undefined,
    scheduleStep: async () => undefined,
  };
}

/**
 * A realistic policy of up to 10,000 characters drawn from the estate: statements naming its roles and
 * accounts, paths under the service, methods, source VPCs and the organisation; `variant` changes a few.
 */
function bigPolicy(topology: Topology, serviceArn: string, variant: number): Record<string, unknown> {
  const accounts = topology.nodes.filter((n) => n.kind === "account").map((n) => n.accountId);
  const vpcs = topology.nodes
    .filter((n) => n.kind === "vpc")
    .map((n) => String(n.data.vpcId ?? n.id.split("/").at(-1)));
  const methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
  const statements: Record<string, unknown>[] = [];
  const doc = () => ({ Version: "2012-10-17", Statement: statements });
  for (let i = 0; ; i++) {
    const account = accounts[i % accounts.length] ?? "111122223333";
    const statement = {
      Sid: `S${i}`,
      Effect: i % 7 === 3 ? "Deny" : "Allow",
      Principal: { AWS: [`arn:aws:iam::${account}:role/app-${i}`, `arn:aws:iam::${account}:root`] },
      Action: "vpc-lattice-svcs:Invoke",
      Resource: `${serviceArn}/api/v${i % 4}/items-${i}/*`,
      Condition: {
        StringEquals: {
          "vpc-lattice-svcs:RequestMethod": [
            methods[(i + variant) % methods.length],
            methods[(i + 2) % methods.length],
          ],
          "vpc-lattice-svcs:SourceVpc": vpcs.slice(
            i % Math.max(1, vpcs.length - 2),
            (i % Math.max(1, vpcs.length - 2)) + 2,
          ),
        },
        ...(i % 5 === variant % 5
          ? { StringLike: { "vpc-lattice-svcs:RequestPath": `/api/v${i % 4}/*` } }
          : {}),
      },
    };
    statements.push(statement);
    if (JSON.stringify(doc()).length > POLICY_SIZE_LIMIT) {
      statements.pop();
      return doc();
    }
  }
}

function principalsPolicy(count: number): Record<string, unknown> {
  const accounts = Array.from({ length: count }, (_, i) => String(100_000_000_000 + i * 7919));
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: accounts }, Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
    ],
  };
}

async function timeDiffs(deps: ServicesContext, body: Record<string, unknown>, count: number) {
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof diffPolicy>> | undefined;
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    last = await diffPolicy(deps, body);
    times.push(performance.now() - start);
  }
  if (last?.status !== "ok") throw new Error(`the review failed: ${JSON.stringify(last).slice(0, 300)}`);
  return { ...stats(times), diff: last.diff };
}

async function estate(
  name: string,
  scenario: NonNullable<Parameters<typeof startEmulator>[0]>["scenario"],
  goalMs: number,
) {
  const emulator = await startEmulator({ scenario, port: 0 });
  cleanups.push(() => emulator.close());
  const env = await demoEnvironment(emulator.url);
  const started = performance.now();
  const topology = await crawlTopology(env);
  console.log(`\n${name}: ${topology.nodes.length} resources crawled in ${ms(performance.now() - started)}`);
  const deps = depsFor(topology, env);
  const networks = topology.nodes.filter((n) => n.kind === "service-network" && !n.external);
  const serviceCount = (arn: string) =>
    topology.edges.filter((e) => e.kind === "sn-service" && e.source === arn).length;
  const network = networks.sort((a, b) => serviceCount(b.id) - serviceCount(a.id))[0];
  const service = topology.edges.find((e) => e.kind === "sn-service" && e.source === network?.id)?.target;
  if (!service || !network) throw new Error("no service in a service network");
  for (const scope of [
    { label: "a service", arn: service, target: service },
    { label: `its service network (${serviceCount(network.id)} services)`, arn: network.id, target: service },
  ]) {
    const prep = performance.now();
    reviewInputFromTopology(
      topology,
      { kind: scope.arn === service ? "service" : "service-network", arn: scope.arn },
      { before: { authType: "NONE" }, after: { authType: "NONE" } },
      deps.organization,
    );
    const prepMs = performance.now() - prep;
    const before = bigPolicy(topology, scope.target, 0);
    const after = bigPolicy(topology, scope.target, 1);
    const body = {
      scope: { arn: scope.arn },
      before,
      authTypeBefore: "AWS_IAM",
      after,
      authTypeAfter: "AWS_IAM",
    };
    await diffPolicy(deps, body);
    const result = await timeDiffs(deps, body, runs);
    console.log(
      `  diff of two policies of ${JSON.stringify(before).length} and ${JSON.stringify(after).length} characters on ${scope.label}: ` +
        `p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, max ${ms(result.max)} (goal < ${ms(goalMs)}: ${result.p95 < goalMs ? "met" : "NOT met"}, p95/goal ${(result.p95 / goalMs).toFixed(2)}); ` +
        `${result.diff.gains.length} gain and ${result.diff.losses.length} loss rows over ${result.diff.classes.toLocaleString("en-US")} classes, verdict ${result.diff.verdict}; ` +
        `the request thread's share (reading the crawl): ${ms(prepMs)}`,
    );
  }
  return { deps, service };
}

async function principals(deps: ServicesContext, service: string) {
  console.log(
    "\nCost as the policy names more principals (one account id each), on the demo's order service:",
  );
  let base: number | undefined;
  for (const count of [100, 400, 1_600, 4_000]) {
    const after = principalsPolicy(count);
    const size = JSON.stringify(after).length;
    const body = {
      scope: { arn: service },
      before: null,
      authTypeBefore: "AWS_IAM",
      after,
      authTypeAfter: "AWS_IAM",
    };
    const start = performance.now();
    const result = await diffPolicy(deps, body);
    const took = performance.now() - start;
    base ??= took;
    const answer =
      result.status === "ok"
        ? `reviewed, ${result.diff.verdict}`
        : `refused (${result.status}) before any work`;
    console.log(
      `  ${count.toLocaleString("en-US")} principals, ${size.toLocaleString("en-US")} characters: ${ms(took)} (${(took / base).toFixed(1)}× the 100-principal review), ${answer}`,
    );
  }
  let fit = 0;
  while (JSON.stringify(principalsPolicy(fit + 1)).length <= POLICY_SIZE_LIMIT) fit++;
  const body = {
    scope: { arn: service },
    before: null,
    authTypeBefore: "AWS_IAM",
    after: principalsPolicy(fit),
    authTypeAfter: "AWS_IAM",
  };
  const lags: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(now - last - 5);
    last = now;
  }, 5);
  const start = performance.now();
  await diffPolicy(deps, body);
  const took = performance.now() - start;
  clearInterval(timer);
  const lag = stats(lags);
  console.log(
    `  the widest policy that fits (${fit} principals): ${ms(took)}; the request thread meanwhile answered a 5 ms timer ${lags.length} times, ` +
      `lag p95 ${ms(lag.p95)}, max ${ms(lag.max)} (the review runs on a worker thread)`,
  );
}

async function main() {
  const demo = await estate("Demo", { name: "demo" }, 1_000);
  const order = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
  await principals(demo.deps, order);
  await estate(
    `Generated estate ${values.accounts} × ${values.services}`,
    { name: "generate", accounts: Number(values.accounts), services: Number(values.services) },
    3_000,
  );
  await shutdown(0);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await shutdown(1);
});
