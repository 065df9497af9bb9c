/**
 * Validates the deployment files without a Docker engine or a cluster:
 * - docker-compose.yml with the Compose specification's reference loader (scripts/deploy-check,
 *   compose-go: interpolation, the specification's JSON schema and its semantic checks), given
 *   placeholder values for the variables an operator must set;
 * - every Kubernetes manifest in deploy/kubernetes twice: decoded strictly with the Kubernetes
 *   API's own Go types (unknown or duplicate fields, wrong types: scripts/deploy-check), and
 *   against the API's OpenAPI schemas (kubernetes-models' validators: required fields, enums).
 * Also run by `npm test` (test/unit/deployment-files.test.ts).
 *
 *   npm run check:deploy [-- --root <checkout>]
 *
 * Prints one line per problem and `deployment files: N documents, M problems`; exits 1 on any.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Namespace, ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy, Ingress } from 'kubernetes-models/networking.k8s.io/v1';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What an operator must set before `docker compose up` (the file refuses to start without them). */
export const COMPOSE_REQUIRED_ENV = [
  'POSTGRES_PASSWORD=placeholder',
  'PAYLOAD_KEYS=k1:placeholder',
  'SMTP_HOST=smtp.example',
  'SMTP_FROM=leerplicht@gemeente.example',
  'PUBLIC_BASE_URL=https://verzuim.gemeente.example',
  'OIDC_ISSUER=https://login.gemeente.example',
];

type Model = { validate(): void };
const MODELS: Record<string, new (data: never) => Model> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
};

export function checkDeploymentFiles(root: string): { documents: number; problems: string[] } {
  const problems: string[] = [];
  let documents = 0;

  documents++;
  const compose = loadCompose(root);
  if (!compose.ok) problems.push(...compose.error.split('\n').filter(Boolean).map((line) => `docker-compose.yml: ${line}`));

  // Kubernetes: every document of every manifest, validated by the schema of its apiVersion/kind.
  const dir = path.join(root, 'deploy', 'kubernetes');
  const manifests = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml').sort();
  const strict = spawnSync('bash', [path.join(here, 'deploy-check.sh'), 'kubernetes', ...manifests.map((f) => path.join(dir, f))], { encoding: 'utf8' });
  if (strict.status !== 0) problems.push(...(strict.stderr.trim() || `deploy-check exited ${strict.status}`).split('\n').filter(Boolean).map((l) => l.replace(`${dir}/`, '')));
  for (const file of manifests) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      documents++;
      if (doc.errors.length) {
        problems.push(`${file}: ${doc.errors[0]!.message}`);
        continue;
      }
      const data = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      const key = `${data.apiVersion}/${data.kind}`;
      const model = MODELS[key];
      if (!model) {
        problems.push(`${file}: no schema known here for ${key}`);
        continue;
      }
      try {
        new model(data as never).validate();
      } catch (err) {
        problems.push(`${file} ${data.kind}/${data.metadata?.name ?? '?'}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
  return { documents, problems };
}

/** docker-compose.yml as `docker compose` resolves it, or the loader's error. */
export function loadCompose(root: string, env: string[] = COMPOSE_REQUIRED_ENV): { ok: true; project: unknown } | { ok: false; error: string } {
  const run = spawnSync('bash', [path.join(here, 'deploy-check.sh'), 'compose', '-f', path.join(root, 'docker-compose.yml'), ...env], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (run.status !== 0) return { ok: false, error: run.stderr.trim() || `deploy-check exited ${run.status}` };
  return { ok: true, project: JSON.parse(run.stdout) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? path.resolve(process.argv[at + 1] ?? '.') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { documents, problems } = checkDeploymentFiles(root);
  for (const p of problems) console.log(p);
  console.log(`deployment files: ${documents} documents, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}
