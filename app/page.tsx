import { connection } from "next/server";
import { z } from "zod";
import { env } from "@/lib/env";

const demoScenarioSchema = z.object({
  scenario: z.string(),
  organization: z.object({ id: z.string() }).nullable().optional(),
  regions: z.array(z.string()),
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      roles: z.array(z.object({ name: z.string() })).default([]),
    }),
  ),
});

type DemoScenario = z.infer<typeof demoScenarioSchema>;

type EmulatorStatus = { reachable: true; demo: DemoScenario } | { reachable: false; reason: string };

async function readEmulatorStatus(baseUrl: string): Promise<EmulatorStatus> {
  try {
    const response = await fetch(new URL("/_emulator/scenario", baseUrl), {
      cache: "no-store",
      signal: AbortSignal.timeout(3_000),
    });
    if (!response.ok) return { reachable: false, reason: `it answered HTTP ${response.status}` };
    const parsed = demoScenarioSchema.safeParse(await response.json());
    if (!parsed.success) return { reachable: false, reason: "its answer is not an emulator scenario" };
    return { reachable: true, demo: parsed.data };
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return { reachable: false, reason: cause };
  }
}

export default async function HomePage() {
  await connection();
  const status = await readEmulatorStatus(env.EMULATOR_URL);

  return (
    <main className="mx-auto flex min-h-screen max-w-4xl flex-col gap-10 px-6 py-16">
      <header className="flex flex-col gap-3">
        <h1 className="text-4xl font-semibold tracking-tight">Trellis</h1>
        <p className="max-w-2xl text-lg text-neutral-700">
          A self-hosted web console and live topology map for Amazon VPC Lattice: service networks, services,
          listeners, rules, target groups and resource configurations across every account of an organisation,
          with history of what changed and safe, audited edits.
        </p>
      </header>

      <section aria-labelledby="emulator-heading" className="flex flex-col gap-4">
        <div className="flex items-center justify-between gap-4">
          <h2 id="emulator-heading" className="text-xl font-semibold">
            Demo emulator
          </h2>
          <StatusBadge reachable={status.reachable} />
        </div>
        {status.reachable ? (
          <DemoSummary demo={status.demo} url={env.EMULATOR_URL} />
        ) : (
          <Unreachable url={env.EMULATOR_URL} reason={status.reason} />
        )}
      </section>
    </main>
  );
}

function StatusBadge({ reachable }: { reachable: boolean }) {
  return (
    <span
      data-testid="emulator-status"
      className={
        reachable
          ? "rounded-full bg-emerald-100 px-3 py-1 text-sm font-medium text-emerald-900"
          : "rounded-full bg-red-100 px-3 py-1 text-sm font-medium text-red-900"
      }
    >
      {reachable ? "Running" : "Unreachable"}
    </span>
  );
}

function DemoSummary({ demo, url }: { demo: DemoScenario; url: string }) {
  return (
    <>
      <dl className="grid grid-cols-1 gap-4 rounded-lg border border-neutral-200 bg-white p-5 sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Scenario" value={demo.scenario} testId="emulator-scenario" />
        <Fact label="Organisation" value={demo.organization?.id ?? "none"} mono />
        <Fact label="Endpoint" value={url} mono />
        <Fact label="Regions" value={demo.regions.length > 0 ? demo.regions.join(", ") : "none yet"} />
      </dl>

      <h3 className="text-lg font-semibold">Demo accounts</h3>
      {demo.accounts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-neutral-300 bg-white p-5 text-neutral-600">
          The loaded scenario has no accounts yet.
        </p>
      ) : (
        <ul
          aria-label="Demo accounts"
          className="divide-y divide-neutral-200 rounded-lg border border-neutral-200 bg-white"
        >
          {demo.accounts.map((account) => (
            <li
              key={account.id}
              data-id={account.id}
              className="flex flex-wrap items-baseline gap-x-4 gap-y-1 p-4"
            >
              <span className="font-medium">{account.name}</span>
              <span className="font-mono text-sm text-neutral-600">{account.id}</span>
              <span className="ml-auto text-sm text-neutral-600">
                {account.roles.length === 0 ? "no roles" : account.roles.map((role) => role.name).join(", ")}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Fact({
  label,
  value,
  mono,
  testId,
}: {
  label: string;
  value: string;
  mono?: boolean;
  testId?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <dt className="text-sm text-neutral-600">{label}</dt>
      <dd data-testid={testId} className={mono ? "font-mono text-sm break-all" : "font-medium"}>
        {value}
      </dd>
    </div>
  );
}

function Unreachable({ url, reason }: { url: string; reason: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-5 text-neutral-800">
      <p className="font-medium">
        The emulator at {url} is not reachable ({reason}).
      </p>
      <p className="mt-2 text-neutral-700">
        Start the console with <code className="font-mono">npm start</code>, which runs the emulator with the
        demo organisation, or start it alone with{" "}
        <code className="font-mono">npm run emulator -- --scenario demo --port 4566</code>.
      </p>
    </div>
  );
}
