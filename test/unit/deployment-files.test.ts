import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { APPS, PROJECT_APPS, type AppName } from '../../platform/app-bundle';
import { CONFIG_VARIABLES } from '../../platform/config';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * The deployment files, checked without a Docker engine or a cluster: docker-compose.yml as
 * `docker compose` loads it (compose-go, the Compose specification's reference loader) and every
 * Kubernetes manifest against the Kubernetes API (strict decoding with its Go types, and its
 * OpenAPI schemas), by scripts/check-deployment.mts; then what those schemas cannot know: that the
 * files agree with the code (settings, search attributes, entry points) and with each other.
 */
const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
/** What runs an app in the image: its app bundle's launcher (platform/app-bundle.ts), built by `npm run build:bundle`. */
const launcher = (name: AppName) => path.relative(root, PROJECT_APPS.launcher(name));
const k8sDir = path.join(root, 'deploy', 'kubernetes');
// The Go checker is built once per version (a minute or two on a fresh machine).
jest.setTimeout(600_000);

const REQUIRED_ENV = [
  'POSTGRES_PASSWORD=placeholder',
  'PAYLOAD_KEYS=k1:placeholder',
  'SMTP_HOST=smtp.example',
  'SMTP_FROM=leerplicht@gemeente.example',
  'PUBLIC_BASE_URL=https://verzuim.gemeente.example',
  'OIDC_ISSUER=https://login.gemeente.example',
];

function checkDeployment(dir: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'check-deployment.mts'), '--root', dir], { cwd: root, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

type Service = {
  image?: string;
  build?: { context?: string };
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
  ports?: { target: number; published?: string }[];
  expose?: string[];
  container_name?: string;
  volumes?: { source?: string; target?: string }[];
};
type Project = { services: Record<string, Service> };

/** `name:tag` with an explicit tag that is not `latest` (registry ports and digests allowed). */
function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.split('/').pop() ?? image;
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag !== '' && tag !== 'latest' && !tag.includes('$');
}

let project: Project;
beforeAll(() => {
  const out = execFileSync('bash', [path.join(root, 'scripts', 'deploy-check.sh'), 'compose', '-f', path.join(root, 'docker-compose.yml'), ...REQUIRED_ENV], { encoding: 'utf8', maxBuffer: 16 << 20 });
  project = JSON.parse(out) as Project;
});
const service = (name: string): Service => {
  const s = project.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

describe('schemas (scripts/check-deployment.mts)', () => {
  it('docker-compose.yml and every Kubernetes manifest validate', () => {
    const { status, out } = checkDeployment(root);
    expect(out).toMatch(/deployment files: \d+ documents, 0 problems/);
    expect(status).toBe(0);
  });

  it('finds a misspelt key, an unknown field and a wrong type (the check can fail)', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-check-'));
    fs.mkdirSync(path.join(copy, 'deploy'));
    fs.cpSync(k8sDir, path.join(copy, 'deploy', 'kubernetes'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'docker-compose.yml'), read('docker-compose.yml').replace('    restart: unless-stopped', '    restrat: unless-stopped'));
    const edit = (file: string, from: string, to: string) => {
      const at = path.join(copy, 'deploy', 'kubernetes', file);
      const text = fs.readFileSync(at, 'utf8');
      expect(text).toContain(from);
      fs.writeFileSync(at, text.replace(from, to));
    };
    edit('api.yaml', '          readinessProbe:\n            httpGet:', '          readinessProbe:\n            httpGett:');
    edit('worker.yaml', '  replicas: 2', '  replicas: two');
    const { status, out } = checkDeployment(copy);
    fs.rmSync(copy, { recursive: true, force: true });
    expect(status).toBe(1);
    expect(out).toContain('restrat');
    expect(out).toContain('httpGett');
    expect(out).toMatch(/replicas/);
  });

  it('a missing required setting stops docker compose with its message', () => {
    const run = spawnSync('bash', [path.join(root, 'scripts', 'deploy-check.sh'), 'compose', '-f', path.join(root, 'docker-compose.yml'), ...REQUIRED_ENV.filter((e) => !e.startsWith('PAYLOAD_KEYS='))], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('set PAYLOAD_KEYS');
  });
});

describe('docker-compose.yml', () => {
  it('runs Temporal on the supported images (server + admin-tools jobs), no deprecated auto-setup', () => {
    for (const name of ['postgresql', 'temporal-schema', 'temporal', 'temporal-namespace', 'temporal-ui', 'migrate', 'worker', 'api', 'gateway']) {
      expect(Object.keys(project.services)).toContain(name);
    }
    expect(service('temporal').image).toMatch(/^temporalio\/server:/);
    expect(service('temporal-schema').image).toMatch(/^temporalio\/admin-tools:/);
    expect(service('temporal-namespace').image).toMatch(/^temporalio\/admin-tools:/);
    for (const file of ['docker-compose.yml', 'Dockerfile', ...fs.readdirSync(k8sDir).map((f) => `deploy/kubernetes/${f}`)]) {
      expect({ file, deprecated: /temporalio\/auto-setup/.test(read(file)) }).toEqual({ file, deprecated: false });
    }
  });

  it('sets up the schemas before the server and the namespace before the api and worker', () => {
    expect(service('temporal').depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(service('temporal-namespace').depends_on?.temporal?.condition).toBe('service_healthy');
    for (const name of ['worker', 'api']) {
      const dependsOn = service(name).depends_on ?? {};
      expect(dependsOn.migrate?.condition).toBe('service_completed_successfully');
      expect(dependsOn['temporal-namespace']?.condition).toBe('service_completed_successfully');
    }
    const schemaScript = read('deploy/compose/temporal-schema.sh');
    for (const db of ['temporal', 'visibility']) expect(schemaScript).toContain(db);
    expect(schemaScript).toMatch(/setup-schema -v 0\.0/);
    expect(schemaScript).toMatch(/update-schema -d/);
  });

  it('pins server, admin-tools and UI to the server line of the development CLI', () => {
    const cli = execFileSync('bash', [path.join(root, 'scripts', 'temporal-cli.sh')], { encoding: 'utf8' }).trim();
    const version = execFileSync(cli, ['--version'], { encoding: 'utf8' });
    const server = /Server (\d+\.\d+\.\d+)/.exec(version)?.[1];
    const ui = /UI (\d+\.\d+\.\d+)/.exec(version)?.[1];
    expect(server).toBeDefined();
    expect(service('temporal').image).toBe(`temporalio/server:${server}`);
    expect(service('temporal-schema').image).toBe(`temporalio/admin-tools:${server}`);
    expect(service('temporal-namespace').image).toBe(`temporalio/admin-tools:${server}`);
    expect(service('temporal-ui').image).toBe(`temporalio/ui:${ui}`);
  });

  it('pins every image to a tag other than latest', () => {
    for (const [name, s] of Object.entries(project.services)) {
      if (s.build) continue;
      expect({ name, image: s.image, pinned: isPinned(s.image ?? '') }).toEqual({ name, image: s.image, pinned: true });
    }
    expect(isPinned('postgres')).toBe(false);
    expect(isPinned('postgres:latest')).toBe(false);
    expect(isPinned('localhost:5000/postgres')).toBe(false);
    expect(isPinned('temporalio/server:1.32.0')).toBe(true);
  });

  it('sets only configuration-schema variables on worker, api and migrate, and the addresses they need', () => {
    for (const name of ['worker', 'api', 'migrate']) {
      const keys = Object.keys(service(name).environment ?? {});
      expect({ name, unknown: keys.filter((k) => !(CONFIG_VARIABLES as string[]).includes(k)) }).toEqual({ name, unknown: [] });
      expect(keys).toContain('DATABASE_URL');
    }
    for (const name of ['worker', 'api']) expect(Object.keys(service(name).environment ?? {})).toContain('TEMPORAL_ADDRESS');
  });

  it('scales api and worker: no fixed names or host ports; the gateway is the one entry on 3000', () => {
    for (const name of ['api', 'worker']) {
      const s = service(name);
      expect({ name, container_name: s.container_name, hostPorts: (s.ports ?? []).map((p) => p.published) }).toEqual({ name, container_name: undefined, hostPorts: [] });
    }
    expect((service('gateway').ports ?? []).map((p) => [p.published, p.target])).toEqual([['3000', 3000]]);
    const gateway = read('deploy/compose/gateway.conf');
    expect(gateway).toMatch(/set \$api http:\/\/api:3000;/);
    expect(gateway).toMatch(/resolver 127\.0\.0\.11/);
  });

  it('runs node directly on the app bundles (SIGTERM reaches the process that drains), from the Dockerfile', () => {
    for (const name of ['worker', 'api'] as const) {
      const s = service(name);
      expect(s.build?.context).toBeDefined();
      expect(s.command).toEqual(['node', launcher(name)]);
      expect(fs.existsSync(path.join(root, APPS[name]))).toBe(true);
    }
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(service('migrate').command).toEqual(['npm', 'run', 'db:migrate']);
    expect(Object.keys(scripts)).toContain('db:migrate');
  });

  it('health-checks the api on /ready and mounts only scripts that exist', () => {
    expect((service('api').healthcheck?.test ?? []).join(' ')).toContain('http://127.0.0.1:3000/ready');
    for (const [name, s] of Object.entries(project.services)) {
      for (const v of s.volumes ?? []) {
        if (!v.source?.startsWith('./') && !v.source?.startsWith('/')) continue;
        const source = path.resolve(root, v.source);
        expect({ name, source: v.source, exists: fs.existsSync(source) }).toEqual({ name, source: v.source, exists: true });
      }
    }
    for (const script of ['deploy/compose/temporal-schema.sh', 'deploy/compose/temporal-namespace.sh']) {
      expect(spawnSync('sh', ['-n', path.join(root, script)]).status).toBe(0);
    }
  });

  it('registers exactly the search attributes the workflow defines, with their types', () => {
    const script = read('deploy/compose/temporal-namespace.sh');
    expect(script).toContain('temporal operator search-attribute create');
    const registered = [...script.matchAll(/--name\s+(\S+)\s+--type\s+(\S+)/g)].map(([, name, type]) => ({ name, type }));
    const defined = SEARCH_ATTRIBUTES.map((key) => ({ name: key.name, type: CLI_TYPE_NAMES[key.type] }));
    expect(registered).toEqual(defined);
    expect(script.match(/--name\s/g)).toHaveLength(registered.length);
  });
});

describe('Dockerfile', () => {
  const instructions = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('builds on pinned base images, never latest', () => {
    const stages: string[] = [];
    const froms = instructions.filter((line) => /^FROM\s/i.test(line));
    expect(froms.length).toBeGreaterThan(0);
    for (const line of froms) {
      const [, image = '', , stage] = line.split(/\s+/).filter((word) => !word.startsWith('--'));
      if (!stages.includes(image)) expect({ line, pinned: isPinned(image) }).toEqual({ line, pinned: true });
      if (stage) stages.push(stage);
    }
  });

  it('runs as a non-root user', () => {
    const users = instructions.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0', 'root:root']).not.toContain(users[users.length - 1]);
  });

  it('copies every source folder the processes import, and only sources that exist', () => {
    const copied: string[] = [];
    for (const line of instructions.filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))) {
      const words = line.split(/\s+/).slice(1).filter((word) => !word.startsWith('--'));
      for (const source of words.slice(0, -1)) {
        copied.push(source);
        expect({ line, source, exists: fs.existsSync(path.join(root, source)) }).toEqual({ line, source, exists: true });
      }
    }
    const notShipped = new Set(['test', 'node_modules', 'dist', 'deploy', 'docs', '.data', '.git', '.ci']);
    const codeFolders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !notShipped.has(d.name) && !d.name.startsWith('.'))
      .filter((d) => fs.readdirSync(path.join(root, d.name), { recursive: true }).some((f) => String(f).endsWith('.ts')))
      .map((d) => d.name);
    expect(codeFolders.filter((folder) => !copied.includes(folder))).toEqual([]);
  });

  it('bundles the workflow code and the apps at build time and defaults to the api', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(instructions).toContain('RUN npm run build:bundle');
    expect(Object.keys(scripts)).toContain('build:bundle');
    expect(instructions).toContain('EXPOSE 3000');
    expect(instructions).toContain(`CMD ["node", "${launcher('api')}"]`);
  });
});

describe('deploy/kubernetes', () => {
  type Doc = {
    apiVersion: string;
    kind: string;
    metadata: { name: string; labels?: Record<string, string> };
    data?: Record<string, string>;
    spec?: Record<string, unknown>;
  };
  const kustomization = parse(fs.readFileSync(path.join(k8sDir, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
    images: { name: string }[];
    secretGenerator: { name: string; envs: string[] }[];
  };
  const docs: (Doc & { file: string })[] = kustomization.resources.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(k8sDir, file), 'utf8')).map((d) => ({ ...(d.toJS() as Doc), file })),
  );
  const find = (kind: string, name: string) => {
    const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
    if (!doc) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
    return doc;
  };
  type Container = {
    name: string;
    image: string;
    command?: string[];
    envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
    env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    readinessProbe?: { httpGet?: { path: string } };
    livenessProbe?: { httpGet?: { path: string } };
  };
  type PodSpec = { containers: Container[]; terminationGracePeriodSeconds?: number };
  const podSpec = (d: Doc) => (d.spec as { template: { spec: PodSpec; metadata: { labels: Record<string, string> } } }).template;
  const secretKeys = fs
    .readFileSync(path.join(k8sDir, 'secrets.env.example'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=')[0]!);

  it('lists every manifest in the kustomization, and only files that exist', () => {
    const files = fs.readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(kustomization.secretGenerator[0]).toEqual({ name: 'verzuimregie-secrets', envs: ['secrets.env'] });
    expect(read('deploy/kubernetes/.gitignore')).toContain('secrets.env');
  });

  it('runs api and worker from the image on their app bundles, with requests and memory limits', () => {
    const apps = { 'verzuimregie-api': 'api', 'verzuimregie-worker': 'worker' } as const;
    for (const [name, app] of Object.entries(apps)) {
      const [container] = podSpec(find('Deployment', name)).spec.containers;
      expect(container?.command).toEqual(['node', launcher(app)]);
      expect(kustomization.images.map((i) => i.name)).toContain(container?.image);
      expect(container?.resources?.requests?.cpu).toBeDefined();
      expect(container?.resources?.requests?.memory).toBeDefined();
      expect(container?.resources?.limits?.memory).toBeDefined();
    }
    const migrate = podSpec(find('Job', 'verzuimregie-migrate')).spec.containers[0];
    expect(migrate?.command?.join(' ')).toBe('bash scripts/prisma.sh migrate deploy');
  });

  it('probes the api: ready on /ready (dependencies), alive on /health (the process)', () => {
    const [api] = podSpec(find('Deployment', 'verzuimregie-api')).spec.containers;
    expect(api?.readinessProbe?.httpGet?.path).toBe('/ready');
    expect(api?.livenessProbe?.httpGet?.path).toBe('/health');
  });

  it('gives the worker time to drain its activities and the api time to answer in-flight requests', () => {
    expect(podSpec(find('Deployment', 'verzuimregie-worker')).spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
    expect(podSpec(find('Deployment', 'verzuimregie-api')).spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
  });

  it('selects the right pods in every Service, PodDisruptionBudget and NetworkPolicy', () => {
    const labelsOf = (name: string) => podSpec(find('Deployment', name)).metadata.labels;
    const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    const api = labelsOf('verzuimregie-api');
    expect(matches((find('Service', 'verzuimregie-api').spec as { selector: Record<string, string> }).selector, api)).toBe(true);
    for (const name of ['verzuimregie-api', 'verzuimregie-worker']) {
      const pdb = find('PodDisruptionBudget', name).spec as { selector: { matchLabels: Record<string, string> } };
      expect(matches(pdb.selector.matchLabels, labelsOf(name))).toBe(true);
    }
    const hpa = find('HorizontalPodAutoscaler', 'verzuimregie-api').spec as { scaleTargetRef: { kind: string; name: string } };
    expect(find(hpa.scaleTargetRef.kind, hpa.scaleTargetRef.name)).toBeDefined();
  });

  it('names only real settings, from the ConfigMap and the Secret the kustomization generates', () => {
    const config = find('ConfigMap', 'verzuimregie-config').data ?? {};
    const known = CONFIG_VARIABLES as string[];
    expect(Object.keys(config).filter((k) => !known.includes(k))).toEqual([]);
    expect(secretKeys.filter((k) => !known.includes(k))).toEqual([]);
    for (const key of ['DATABASE_URL', 'PAYLOAD_KEYS', 'PAYLOAD_KEY_ID']) expect(secretKeys).toContain(key);
    for (const d of docs.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
      for (const c of podSpec(d).spec.containers) {
        for (const from of c.envFrom ?? []) {
          if (from.configMapRef) expect(from.configMapRef.name).toBe('verzuimregie-config');
          if (from.secretRef) expect(from.secretRef.name).toBe('verzuimregie-secrets');
        }
        for (const e of c.env ?? []) {
          if (e.name !== 'HOME') expect(known).toContain(e.name);
          const ref = e.valueFrom?.secretKeyRef;
          if (ref) expect({ ref, known: ref.name === 'verzuimregie-secrets' && secretKeys.includes(ref.key) }).toEqual({ ref, known: true });
        }
      }
    }
  });
});
