import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { PROBE_PATHS } from "@/lib/domain/http/probe-paths";

const root = path.resolve(import.meta.dirname, "../../..");
const dir = path.join(root, "deploy", "kubernetes");

type Doc = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
};
type Probe = { httpGet: { path: string; port: string } };
type Container = {
  name: string;
  image: string;
  args: string[];
  ports: { name: string; containerPort: number }[];
  env: { name: string; value?: string }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
};
type PodSpec = {
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: ({ name: string } & Record<string, unknown>)[];
  serviceAccountName: string;
};
type Deployment = Doc & {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};

function load(): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(dir, file), "utf8")).map((doc) => {
        expect(doc.errors, file).toEqual([]);
        return doc.toJS() as Doc;
      }),
    );
}

const docs = load();
const deployments = docs.filter((d): d is Deployment => d.kind === "Deployment");
const byName = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe("deploy/kubernetes", () => {
  it("parses, every object has apiVersion, kind and a name, and the kustomization lists every file", () => {
    for (const doc of docs) {
      expect(doc.apiVersion, JSON.stringify(doc).slice(0, 80)).toEqual(expect.any(String));
      expect(doc.kind).toEqual(expect.any(String));
      if (doc.kind !== "Kustomization") expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
    }
    const kustomization = docs.find((d) => d.kind === "Kustomization") as Doc & { resources: string[] };
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it("runs a console Deployment and a worker Deployment", () => {
    expect(deployments.map((d) => d.spec.template.spec.containers[0]!.args)).toEqual([
      ["console"],
      ["worker"],
    ]);
    const console = deployments[0]!.spec.template.spec.containers[0]!;
    expect(console.env).toContainEqual({ name: "TRELLIS_WORKER", value: "off" });
  });

  it("wires liveness to /healthz and readiness to /readyz, on named ports the container has, served by routes", () => {
    for (const deployment of deployments) {
      const container = deployment.spec.template.spec.containers[0]!;
      expect(container.livenessProbe.httpGet.path).toBe(PROBE_PATHS.health);
      expect(container.startupProbe.httpGet.path).toBe(PROBE_PATHS.health);
      expect(container.readinessProbe.httpGet.path).toBe(PROBE_PATHS.ready);
      const ports = container.ports.map((p) => p.name);
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
        expect(ports).toContain(probe.httpGet.port);
      }
      const listen = container.env.find((e) => e.name === "TRELLIS_METRICS_LISTEN")?.value;
      expect(Number(listen?.split(":").pop())).toBe(
        container.ports.find((p) => p.name === "metrics")?.containerPort,
      );
    }
    for (const route of Object.values(PROBE_PATHS)) {
      const file = path.join(root, "app", route, "route.ts");
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8")).toMatch(/export (async )?function GET/);
    }
  });

  it("runs as Argo CD does: non-root, no privilege escalation, every capability dropped, read-only root", () => {
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      const container = pod.containers[0]!;
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      const writable = container.volumeMounts.filter((m) => !m.readOnly);
      expect(writable.map((m) => m.mountPath).sort()).toEqual(["/data", "/tmp"]);
      for (const mount of writable)
        expect(pod.volumes.find((v) => v.name === mount.name)).toHaveProperty("emptyDir");
      expect(byName("ServiceAccount", pod.serviceAccountName)).toBeDefined();
    }
  });

  it("selects the pods from the Services, and the Services from the ServiceMonitor, on a metrics port", () => {
    const services = docs.filter((d) => d.kind === "Service") as (Doc & {
      spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
    })[];
    for (const deployment of deployments) {
      const labels = deployment.spec.template.metadata.labels;
      expect(matches(deployment.spec.selector.matchLabels, labels)).toBe(true);
      const service = services.find((s) => matches(s.spec.selector, labels));
      expect(service?.spec.ports.some((p) => p.name === "metrics" && p.targetPort === "metrics")).toBe(true);
    }
    const monitor = docs.find((d) => d.kind === "ServiceMonitor") as Doc & {
      spec: {
        selector: { matchLabels: Record<string, string> };
        endpoints: { port: string; path: string }[];
      };
    };
    expect(services.every((s) => matches(monitor.spec.selector.matchLabels, s.metadata.labels))).toBe(true);
    expect(monitor.spec.endpoints).toContainEqual(
      expect.objectContaining({ port: "metrics", path: PROBE_PATHS.metrics }),
    );
  });

  it("alerts on a stale crawl, AWS errors and an aborted rollout, with metrics Trellis exports", () => {
    const rule = docs.find((d) => d.kind === "PrometheusRule") as Doc & {
      spec: { groups: { rules: { alert: string; expr: string }[] }[] };
    };
    const rules = rule.spec.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual([
      "TrellisCrawlStale",
      "TrellisAwsErrors",
      "TrellisRolloutAborted",
    ]);
    const metrics = readFileSync(path.join(root, "lib", "server", "observability", "metrics.ts"), "utf8");
    for (const r of rules) {
      for (const name of r.expr.match(/trellis_[a-z_]+/g) ?? [])
        expect(metrics, `${r.alert}: ${name}`).toContain(`"${name}"`);
    }
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it("builds in one stage and runs the packaged folder in a final stage with no build tools, as non-root", () => {
    expect(stages.length).toBe(2);
    const final = stages[1]!;
    expect(final).toMatch(/^\$\{RUNTIME_IMAGE\} AS runtime/);
    expect(dockerfile).toMatch(/ARG RUNTIME_IMAGE=gcr\.io\/distroless\/cc-debian12:nonroot/);
    expect(final).not.toMatch(/^RUN /m);
    expect(final).toMatch(/^COPY --from=build .* \/opt\/trellis \/opt\/trellis$/m);
    expect(final).toMatch(/^USER 65532:65532$/m);
    expect(stages[0]).toMatch(/npm run package -- --out \/opt\/trellis/);
  });

  it("has one writable data folder, a HEALTHCHECK on /healthz, and OCI labels", () => {
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/TRELLIS_DATA_DIR=\/data/);
    expect(dockerfile).toMatch(new RegExp(`HEALTHCHECK [\\s\\S]*${PROBE_PATHS.health}`));
    for (const label of ["title", "description", "version", "revision", "created", "source"]) {
      expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
    }
    expect(dockerfile).toMatch(
      /^ENTRYPOINT \["\/opt\/trellis\/node\/bin\/node", "\/opt\/trellis\/server\/launch\.mjs"\]$/m,
    );
  });
});
