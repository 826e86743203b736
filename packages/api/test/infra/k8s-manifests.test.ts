import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConfigSchema } from '../../src/config.js';

const K8S = fileURLToPath(new URL('../../../../infra/k8s/', import.meta.url));

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
  [key: string]: unknown;
}
// biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
type Any = any;

function manifests(): { file: string; doc: Manifest }[] {
  return readdirSync(K8S)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(`${K8S}${file}`, 'utf8')).map((d) => {
        if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
        return { file, doc: d.toJS() as Manifest };
      }),
    );
}

/** kubernetes-models ships Kubernetes' own OpenAPI schemas, compiled, one class per kind. */
const MODELS: Record<string, new (data: Any) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'batch/v1 Job': Job,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

function validateAgainstSchema(doc: Manifest): void {
  const Model = MODELS[`${doc.apiVersion} ${doc.kind}`];
  if (!Model) throw new Error(`no schema here for ${doc.apiVersion} ${doc.kind}: add it to MODELS`);
  new Model(doc).validate();
}

const podSpecs = (all: { doc: Manifest }[]) =>
  all.flatMap(({ doc }) =>
    doc.kind === 'Deployment' || doc.kind === 'Job'
      ? [{ name: `${doc.kind} ${doc.metadata.name}`, pod: (doc.spec as Any).template.spec }]
      : [],
  );

describe('Kubernetes manifests (infra/k8s)', () => {
  const all = manifests();

  it('are valid against the Kubernetes API schemas', () => {
    expect(all.map(({ doc }) => doc.kind).sort()).toEqual([
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'PodDisruptionBudget',
      'PodDisruptionBudget',
      'Service',
    ]);
    for (const { file, doc } of all) {
      expect(() => validateAgainstSchema(doc), `${file}: ${doc.kind}`).not.toThrow();
    }
    // The schemas do catch mistakes: a wrongly typed field is refused.
    const broken = structuredClone(all.find(({ doc }) => doc.kind === 'Deployment')!.doc) as Any;
    broken.spec.template.spec.securityContext.runAsNonRoot = 'yes';
    expect(() => validateAgainstSchema(broken)).toThrow(/runAsNonRoot must be boolean/);
  });

  it('meet the Pod Security "restricted" profile, with a writable /tmp only', () => {
    for (const { name, pod } of podSpecs(all)) {
      expect(pod.securityContext, name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext.runAsUser, name).toBeGreaterThan(0);
      const volumes = new Map<string, Any>(pod.volumes.map((v: Any) => [v.name, v]));
      for (const container of pod.containers) {
        expect(container.securityContext, name).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.securityContext.capabilities.add, name).toBeUndefined();
        const tmp = container.volumeMounts.find((m: Any) => m.mountPath === '/tmp');
        expect(volumes.get(tmp?.name)?.emptyDir, `${name}: /tmp is an emptyDir`).toBeDefined();
      }
    }
  });

  it("give the API's drain the time it needs: preStop + SHUTDOWN_GRACE_MS fit in the grace period", () => {
    const api = all.find(
      ({ doc }) => doc.kind === 'Deployment' && doc.metadata.name === 'oneteamgov-hub',
    )!;
    const pod = (api.doc.spec as Any).template.spec;
    const container = pod.containers[0];
    const preStop = container.lifecycle.preStop.exec.command as string[];
    expect(preStop[0]).toBe('sleep');
    const env = new Map<string, string>(container.env.map((e: Any) => [e.name, e.value]));
    const graceMs = ConfigSchema.shape.SHUTDOWN_GRACE_MS.parse(env.get('SHUTDOWN_GRACE_MS'));
    // A few seconds after the drain to stop the workers, close the database and exit.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      Number(preStop[1]) + graceMs / 1000 + 5,
    );
    expect(api.doc.spec.strategy).toMatchObject({ rollingUpdate: { maxUnavailable: 0 } });
  });

  it('have a disruption budget for each Deployment, an autoscaler for the API and migrations as a Job', () => {
    const selectors = all
      .filter(({ doc }) => doc.kind === 'PodDisruptionBudget')
      .map(({ doc }) => JSON.stringify((doc.spec as Any).selector.matchLabels));
    for (const { doc } of all.filter(({ doc }) => doc.kind === 'Deployment')) {
      expect(selectors).toContain(JSON.stringify((doc.spec as Any).selector.matchLabels));
    }
    const hpa = all.find(({ doc }) => doc.kind === 'HorizontalPodAutoscaler')!.doc.spec as Any;
    expect(hpa.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'oneteamgov-hub',
    });
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    const job = all.find(({ doc }) => doc.kind === 'Job')!.doc.spec as Any;
    expect(job.template.spec.containers[0].command).toEqual(['node', 'dist/main.js', 'migrate']);
  });

  it('probe the worker, which has no HTTP port, through its heartbeat file', () => {
    const worker = all.find(
      ({ doc }) => doc.metadata.name === 'oneteamgov-hub-worker' && doc.kind === 'Deployment',
    )!;
    const container = (worker.doc.spec as Any).template.spec.containers[0];
    const file = container.command[container.command.indexOf('--heartbeat') + 1];
    expect(file).toMatch(/^\/tmp\//);
    expect(container.livenessProbe.exec.command).toEqual([
      'node',
      'dist/main.js',
      'healthcheck',
      '--worker',
      '--heartbeat',
      file,
    ]);
  });

  it('list every manifest in kustomization.yaml, except the Job that runs before a rollout', () => {
    const kustomization = parseAllDocuments(
      readFileSync(`${K8S}kustomization.yaml`, 'utf8'),
    )[0]!.toJS();
    const files = [...new Set(all.map(({ file }) => file))].filter((f) => f !== 'migrate-job.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });
});
