import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../platform/config';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * No Docker engine runs on the development machines: this checks what can be checked without
 * one. The file parses, the services are there, images are pinned, the api/worker/migrate
 * environment names only real settings, and the search attributes match the code.
 */
const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: string[];
};
type Compose = { services: Record<string, Service> };

// `merge: true`: the api and worker share their environment through a YAML merge key (<<).
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

function environmentKeys(s: Service): string[] {
  const env = s.environment ?? {};
  return Array.isArray(env) ? env.map((entry) => entry.split('=')[0] ?? entry) : Object.keys(env);
}

const commandText = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));

/** `name:tag` with an explicit tag that is not `latest` (registry ports and digests allowed). */
function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.split('/').pop() ?? image;
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag !== '' && tag !== 'latest' && !tag.includes('$');
}

describe('docker-compose.yml', () => {
  it('parses into a services map', () => {
    expect(compose).toBeTruthy();
    expect(typeof services).toBe('object');
  });

  it('has the production topology', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui', 'migrate', 'worker', 'api']) {
      expect(Object.keys(services)).toContain(name);
    }
  });

  it('pins every image to a tag other than latest', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.image === undefined) {
        expect({ name, build: s.build }).toEqual({ name, build: expect.anything() });
        continue;
      }
      expect({ name, image: s.image, pinned: isPinned(s.image) }).toEqual({ name, image: s.image, pinned: true });
    }
  });

  it('isPinned rejects missing and latest tags', () => {
    expect(isPinned('postgres')).toBe(false);
    expect(isPinned('postgres:latest')).toBe(false);
    expect(isPinned('localhost:5000/postgres')).toBe(false);
    expect(isPinned('postgres:16')).toBe(true);
    expect(isPinned('temporalio/admin-tools:1.29.1-tctl-1.18.4-cli-1.5.0')).toBe(true);
  });

  it('sets only configuration-schema variables on worker, api and migrate', () => {
    for (const name of ['worker', 'api', 'migrate']) {
      const unknown = environmentKeys(service(name)).filter((k) => !(CONFIG_VARIABLES as string[]).includes(k));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });

  it('gives worker and api the database and Temporal addresses', () => {
    for (const name of ['worker', 'api']) {
      const keys = environmentKeys(service(name));
      expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS']));
    }
    expect(environmentKeys(service('migrate'))).toContain('DATABASE_URL');
  });

  it('runs worker, api and migrate from the Dockerfile with the package scripts', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const expected: Record<string, string> = { worker: 'worker', api: 'api', migrate: 'db:migrate' };
    for (const [name, script] of Object.entries(expected)) {
      const s = service(name);
      expect(s.build).toBe('.');
      expect(commandText(s)).toBe(`npm run ${script}`);
      expect(Object.keys(scripts)).toContain(script);
    }
  });

  it('starts worker and api after the migrations and the search attributes', () => {
    for (const name of ['worker', 'api']) {
      const dependsOn = service(name).depends_on as Record<string, { condition?: string }>;
      expect(dependsOn.migrate?.condition).toBe('service_completed_successfully');
      expect(dependsOn['temporal-admin-tools']?.condition).toBe('service_completed_successfully');
    }
  });

  it('health-checks the api on /health', () => {
    const test = service('api').healthcheck?.test;
    expect(Array.isArray(test) ? test.join(' ') : test).toContain('http://127.0.0.1:3000/health');
  });

  it('registers exactly the search attributes the workflow defines, with their types', () => {
    const command = commandText(service('temporal-admin-tools'));
    expect(command).toContain('temporal operator search-attribute create');
    const registered = [...command.matchAll(/--name\s+(\S+)\s+--type\s+(\S+)/g)].map(([, name, type]) => ({ name, type }));
    const defined = SEARCH_ATTRIBUTES.map((key) => ({ name: key.name, type: CLI_TYPE_NAMES[key.type] }));
    expect(registered).toEqual(defined);
    // Every --name was matched with its --type.
    expect(command.match(/--name\s/g)).toHaveLength(registered.length);
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.existsSync(path.join(root, 'Dockerfile')) ? read('Dockerfile') : '';
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('exists', () => {
    expect(dockerfile).not.toBe('');
  });

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

  it('copies only sources that exist', () => {
    for (const line of instructions.filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))) {
      const words = line.split(/\s+/).slice(1).filter((word) => !word.startsWith('--'));
      for (const source of words.slice(0, -1)) {
        expect({ line, source, exists: fs.existsSync(path.join(root, source)) }).toEqual({ line, source, exists: true });
      }
    }
  });

  it('defaults to the api on port 3000', () => {
    expect(instructions).toContain('EXPOSE 3000');
    expect(instructions).toContain('CMD ["npm", "run", "api"]');
  });
});
