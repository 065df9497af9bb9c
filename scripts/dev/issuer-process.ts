import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export type RunningIssuer = { issuer: string; jwksUrl: string; stop: () => Promise<void> };

/** Starts the development OIDC issuer (scripts/dev/oidc-issuer.ts) as its own process. */
export function startDevIssuer(port: number, keyFile: string, opts: { detached?: boolean } = {}): Promise<RunningIssuer> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join(root, 'scripts', 'dev', 'oidc-issuer.ts'), String(port), keyFile], {
    cwd: root,
    detached: opts.detached ?? false,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const ready = /^READY (\S+)$/m.exec(out);
      if (!ready) return;
      resolve({
        issuer: ready[1]!,
        jwksUrl: `${ready[1]!}/jwks.json`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`the development OIDC issuer exited (${code})`)));
  });
}

/** Asks a running development issuer for a token. */
export async function devToken(issuer: string, claims: { sub: string; role: string; gemeenten?: string[]; schoolBrin?: string; ttlSeconds?: number }): Promise<string> {
  const res = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) });
  if (!res.ok) throw new Error(`the development issuer refused a token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
