"use client";

import { useId, useMemo, useState } from "react";
import { simulateAccessRequest } from "@/lib/client/policies-api";
import { vpcIdOf } from "@/lib/domain/policy/connectivity";
import type { Simulation, SimulationStep } from "@/lib/domain/policy/simulate";
import type { Topology } from "@/lib/domain/topology/topology";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
const FIELD = "h-8 rounded border border-neutral-300 bg-white px-2 text-sm";

function StepView({ step }: { step: SimulationStep }) {
  if (step.step === "connectivity") {
    return (
      <li data-testid="simulation-step" data-step="connectivity">
        {step.unknown ? (
          <Badge tone="warn">unknown</Badge>
        ) : (
          <Badge tone={step.connected ? "good" : "bad"}>
            {step.connected ? "connected" : "not connected"}
          </Badge>
        )}{" "}
        {step.unknown ? `${step.unknown}; ${step.message}` : step.message}
      </li>
    );
  }
  const tone =
    step.decision === "allow" ? "good" : step.decision === "not-enforced" ? "neutral" : ("bad" as const);
  const where =
    step.step === "network" ? `Service network ${step.networkName}` : `Service ${step.serviceName}`;
  return (
    <li data-testid="simulation-step" data-step={step.step}>
      <Badge tone={tone}>{step.decision}</Badge> <span className="font-medium">{where}</span>{" "}
      <span className="font-mono text-xs text-neutral-500">({step.authType})</span>: {step.reason}
      {step.step === "service" && step.hypothetical && (
        <span className="text-neutral-500"> — as if the VPC were connected</span>
      )}
    </li>
  );
}

/** "Can principal P, calling from VPC V, invoke METHOD PATH on service S?" over the latest crawl, with the trace. */
export function AccessSimulator({
  topology,
  defaultService,
}: {
  topology: Topology;
  defaultService?: string;
}) {
  const id = useId();
  const services = useMemo(
    () =>
      topology.nodes
        .filter((n) => n.kind === "service" && !n.external)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [topology],
  );
  const vpcs = useMemo(
    () =>
      topology.nodes
        .filter((n) => n.kind === "vpc")
        .map((n) => ({ id: vpcIdOf(n.id, n), name: n.name, region: n.region }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [topology],
  );
  const accounts = useMemo(() => topology.nodes.filter((n) => n.kind === "account"), [topology]);
  const [principal, setPrincipal] = useState("");
  const [sourceVpc, setSourceVpc] = useState(vpcs[0]?.id ?? "");
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState("/");
  const [service, setService] = useState(defaultService ?? services[0]?.id ?? "");
  const [result, setResult] = useState<Simulation>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function simulate() {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await simulateAccessRequest({ principal, sourceVpc, method, path, service }));
    } catch (e) {
      setResult(undefined);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      data-testid="access-simulator"
      aria-label="Access simulator"
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void simulate();
      }}
    >
      <div className="grid grid-cols-2 gap-2 text-sm">
        <label className="col-span-2 flex flex-col gap-0.5">
          <span className="text-neutral-600">Principal</span>
          <input
            className={`${FIELD} font-mono text-xs`}
            list={`${id}-principals`}
            value={principal}
            placeholder="arn:aws:iam::111122223333:role/name, an account ID, or anonymous"
            onChange={(e) => setPrincipal(e.target.value)}
          />
          <datalist id={`${id}-principals`}>
            <option value="anonymous" />
            {accounts.map((a) => (
              <option key={a.id} value={`arn:aws:iam::${a.accountId}:root`}>
                {a.name}
              </option>
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-neutral-600">Source VPC</span>
          <select className={FIELD} value={sourceVpc} onChange={(e) => setSourceVpc(e.target.value)}>
            {vpcs.map((v) => (
              <option key={`${v.id}|${v.region}`} value={v.id}>
                {v.name !== v.id ? `${v.name} (${v.id}, ${v.region})` : `${v.id} (${v.region})`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-neutral-600">Service</span>
          <select className={FIELD} value={service} onChange={(e) => setService(e.target.value)}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-neutral-600">Method</span>
          <select className={FIELD} value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-neutral-600">Path</span>
          <input
            className={`${FIELD} font-mono text-xs`}
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
      </div>
      <div>
        <Button type="submit" size="sm" disabled={busy || principal.trim() === ""}>
          {busy ? "Simulating…" : "Simulate"}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {result && (
        <div
          data-testid="simulation-result"
          data-decision={result.decision}
          className="flex flex-col gap-1 text-sm"
        >
          {result.warnings.map((w) => (
            <p key={w} role="alert" data-testid="simulation-warning" className="text-amber-900">
              <Badge tone="warn">check</Badge> {w}
            </p>
          ))}
          <p>
            <Badge
              tone={result.decision === "allow" ? "good" : result.decision === "unknown" ? "warn" : "bad"}
            >
              {result.decision.toUpperCase()}
            </Badge>{" "}
            {result.reason}
          </p>
          <ol className="flex list-decimal flex-col gap-1 pl-5">
            {result.trace.map((step, i) => (
              <StepView key={i} step={step} />
            ))}
          </ol>
        </div>
      )}
    </form>
  );
}
