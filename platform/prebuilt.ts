/**
 * What the prebuilt bundles in dist/ share (the workflow bundle, worker/workflow-bundle.ts; the app
 * bundles, platform/app-bundle.ts): next to the bundle's files, a record of every source file the
 * bundler read, with a hash over their contents and the bundler's version, and a hash of each file
 * it wrote. A bundle whose sources changed since, or whose files are not the recorded ones, is
 * stale: rebuilt before it runs (development, tests) or refused (production), never run.
 * Node built-ins only: the app bundles' launchers check their own record with this at every start.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type PrebuiltRecord = {
  format: number;
  /** sha256 over the bundler's version and the path and content of every source. */
  sourceHash: string;
  /** The files the bundler read, relative to the project root (node_modules too, where bundled). */
  sources: string[];
  /** sha256 of every file written, by its path relative to the project root. */
  outputs: Record<string, string>;
  builtAt: string;
  buildMs: number;
};

export type Prebuilt = {
  /** 'workflow bundle', 'app bundle': for the reasons and refusals. */
  what: string;
  /** 'workflow sources', 'app sources'. */
  sourcesName: string;
  root: string;
  recordPath: string;
  /** Bump when the bundling options change: older bundles are then stale. */
  format: number;
  /** The bundler and its version, part of the source hash. */
  bundler(): string;
};

export type PrebuiltCheck = { fresh: true; record: PrebuiltRecord } | { fresh: false; reason: string };

/** Writes the bundle's files, then its record (each replaced atomically); the record last, so a record always describes files already there. */
export function writePrebuilt(p: Prebuilt, sources: string[], files: Record<string, string | Uint8Array>, startedMs: number): PrebuiltRecord {
  const sourceHash = hashSources(p, sources);
  if (!sourceHash) throw new Error(`a source file of the ${p.what} vanished while bundling: run again`);
  const outputs: Record<string, string> = {};
  for (const [file, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeAtomically(file, data);
    outputs[path.relative(p.root, file)] = sha256(data);
  }
  const record: PrebuiltRecord = { format: p.format, sourceHash, sources: [...sources].sort(), outputs, builtAt: new Date().toISOString(), buildMs: Date.now() - startedMs };
  fs.mkdirSync(path.dirname(p.recordPath), { recursive: true });
  writeAtomically(p.recordPath, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** Whether the bundle exists, its files are the recorded ones and its sources are unchanged. */
export function checkPrebuilt(p: Prebuilt): PrebuiltCheck {
  let record: PrebuiltRecord;
  try {
    record = JSON.parse(fs.readFileSync(p.recordPath, 'utf8')) as PrebuiltRecord;
  } catch {
    return { fresh: false, reason: `no ${p.what} has been built` };
  }
  if (record.format !== p.format || !record.outputs) return { fresh: false, reason: 'the bundle was built with other bundling options' };
  for (const [file, hash] of Object.entries(record.outputs)) {
    let data: Buffer;
    try {
      data = fs.readFileSync(path.join(p.root, file));
    } catch {
      return { fresh: false, reason: `${file} is missing` };
    }
    if (sha256(data) !== hash) return { fresh: false, reason: `${file} is not the bundle its record describes` };
  }
  if (hashSources(p, record.sources) !== record.sourceHash) return { fresh: false, reason: `the ${p.sourcesName} changed since the bundle was built (${record.builtAt})` };
  return { fresh: true, record };
}

/** Whether the sources a record lists (read under p.root) are still the ones it was built from. */
export function sourcesUnchanged(p: Prebuilt, record: PrebuiltRecord): boolean {
  return record.format === p.format && hashSources(p, record.sources) === record.sourceHash;
}

/** The error for a stale bundle where it may not be rebuilt. */
export function refusal(p: Prebuilt, reason: string): Error {
  return new Error(`refusing a stale ${p.what}: ${reason}; run \`npm run build:bundle\``);
}

/** null when a source is gone (then the bundle is stale). */
function hashSources(p: Prebuilt, sources: string[]): string | null {
  const h = createHash('sha256');
  h.update(`bundler ${p.bundler()}\n`);
  for (const file of [...sources].sort()) {
    let content: Buffer;
    try {
      content = fs.readFileSync(path.join(p.root, file));
    } catch {
      return null;
    }
    h.update(`${file}\n${sha256(content)}\n`);
  }
  return h.digest('hex');
}

/** The version in an installed package's package.json (found from the project root). */
export function packageVersion(name: string, root: string): string {
  const pkg = require.resolve(`${name}/package.json`, { paths: [root] });
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
