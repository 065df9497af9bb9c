import fs from 'node:fs';
import path from 'node:path';
import { bundlePaths, buildWorkflowBundle, checkWorkflowBundle, relocateSourceMap, workflowBundle } from '../../worker/workflow-bundle';

/**
 * The prebuilt workflow bundle is checked against its sources: a stale one is rebuilt or refused,
 * never run. On a small project of its own (inside the checkout, so that node_modules resolve).
 */
describe('the prebuilt workflow bundle', () => {
  const root = path.resolve(__dirname, '..', '..', '.data', `bundle-test-${process.pid}`);
  // A second checkout of the same project beside it, and a machine cache of their own.
  const clone = `${root}-clone`;
  const cacheDir = `${root}-cache`;
  const at = bundlePaths(root, cacheDir);
  const domainFile = path.join(root, 'domain', 'answer.ts');
  const writeProject = (dir: string, answer: number) => {
    fs.mkdirSync(path.join(dir, 'workflows'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'domain'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'domain', 'answer.ts'), `export const answer = ${answer};\n`);
    fs.writeFileSync(path.join(dir, 'workflows', 'index.ts'), "import { answer } from '../domain/answer';\nexport async function probe(): Promise<number> { return answer; }\n");
  };
  beforeAll(() => writeProject(root, 41));
  afterAll(() => {
    for (const dir of [root, clone, cacheDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is missing until built, then fresh and used as it is', async () => {
    expect(checkWorkflowBundle(at)).toEqual({ fresh: false, reason: 'no workflow bundle has been built' });
    const meta = await buildWorkflowBundle(undefined, at);
    expect(meta.sources).toEqual(expect.arrayContaining(['domain/answer.ts', 'workflows/index.ts']));
    expect(meta.sources.some((s) => s.includes('node_modules/@temporalio/workflow/'))).toBe(true);
    expect(checkWorkflowBundle(at)).toMatchObject({ fresh: true });
    const before = fs.statSync(at.bundlePath).mtimeMs;
    expect(await workflowBundle({ rebuild: false, at })).toEqual({ codePath: at.bundlePath });
    expect(fs.statSync(at.bundlePath).mtimeMs).toBe(before);
  });

  it("carries the project's failure converter: failures raised in workflow code are encoded (and so encrypted) like every other", async () => {
    // Worker.create adds the data converter's failureConverterPath only when it bundles itself;
    // a prebuilt bundle without it left workflow-side failure messages in plain text in histories.
    const meta = checkWorkflowBundle(at);
    expect(meta).toMatchObject({ fresh: true });
    if (!meta.fresh) return;
    expect(meta.meta.sources.filter((s) => s.endsWith('platform/failure-converter.js'))).toHaveLength(1);
    expect(fs.readFileSync(at.bundlePath, 'utf8')).toContain('encodeCommonAttributes: true');
  });

  it('is stale when a source it was built from changed: refused, or rebuilt from the new source', async () => {
    fs.writeFileSync(domainFile, 'export const answer = 42;\n');
    const check = checkWorkflowBundle(at);
    expect(check).toMatchObject({ fresh: false, reason: expect.stringContaining('the workflow sources changed') });
    await expect(workflowBundle({ rebuild: false, at })).rejects.toThrow(/refusing a stale workflow bundle: the workflow sources changed.*npm run build:bundle/);
    const lines: string[] = [];
    expect(await workflowBundle({ rebuild: true, at, log: (l) => lines.push(l) })).toEqual({ codePath: at.bundlePath });
    expect(lines[0]).toMatch(/building the workflow bundle: the workflow sources changed/);
    expect(fs.readFileSync(at.bundlePath, 'utf8')).toContain('answer = 42');
    expect(checkWorkflowBundle(at)).toMatchObject({ fresh: true });
  });

  it('is stale when the bundle file is not the one its record describes, or a source is gone', async () => {
    const built = fs.readFileSync(at.bundlePath);
    fs.appendFileSync(at.bundlePath, '\n// edited by hand\n');
    expect(checkWorkflowBundle(at)).toEqual({ fresh: false, reason: 'dist/workflow-bundle.js is not the bundle its record describes' });
    // The bundle its record describes again (no second webpack run): fresh, until a source goes.
    fs.writeFileSync(at.bundlePath, built);
    expect(checkWorkflowBundle(at)).toMatchObject({ fresh: true });
    fs.rmSync(domainFile);
    expect(checkWorkflowBundle(at)).toMatchObject({ fresh: false, reason: expect.stringContaining('the workflow sources changed') });
    await expect(workflowBundle({ rebuild: false, at })).rejects.toThrow(/refusing a stale workflow bundle/);
  });

  it("is taken from this machine's cache by another checkout of the same sources, with that checkout's paths in its source map", async () => {
    const inClone = bundlePaths(clone, cacheDir);
    writeProject(clone, 42);
    const lines: string[] = [];
    expect(await workflowBundle({ rebuild: true, at: inClone, log: (l) => lines.push(l) })).toEqual({ codePath: inClone.bundlePath });
    expect(lines).toEqual([expect.stringMatching(`^workflow bundle taken from this machine's cache \\(built from the same sources in ${root}\\): no workflow bundle has been built$`)]);
    expect(checkWorkflowBundle(inClone)).toMatchObject({ fresh: true });
    const sources = inlineMapSources(fs.readFileSync(inClone.bundlePath, 'utf8'));
    expect(sources).toEqual(expect.arrayContaining([path.join(clone, 'domain', 'answer.ts'), path.join(clone, 'workflows', 'index.ts')]));
    expect(sources.filter((s) => s.includes(`${root}/`))).toEqual([]);

    // Sources of its own (one changed file) are bundled, not taken.
    fs.writeFileSync(path.join(clone, 'domain', 'answer.ts'), 'export const answer = 43;\n');
    lines.length = 0;
    await workflowBundle({ rebuild: true, at: inClone, log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/^building the workflow bundle: the workflow sources changed/);
    expect(fs.readFileSync(inClone.bundlePath, 'utf8')).toContain('answer = 43');
  });

  it('moves only whole folder names in a source map, and leaves a bundle without one as it is', () => {
    const map = (sources: string[]) => `code();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify({ version: 3, sources })).toString('base64')}`;
    const moved = relocateSourceMap(map(['/a/p/x.ts', 'ignored|/a/p/node_modules/y', '/a/p2/z.ts', 'webpack/bootstrap']), '/a/p', '/b/q');
    expect(inlineMapSources(moved)).toEqual(['/b/q/x.ts', 'ignored|/b/q/node_modules/y', '/a/p2/z.ts', 'webpack/bootstrap']);
    expect(moved.startsWith('code();\n')).toBe(true);
    expect(relocateSourceMap('code();\n', '/a/p', '/b/q')).toBe('code();\n');
  });
});

function inlineMapSources(code: string): string[] {
  const encoded = /sourceMappingURL=data:application\/json;charset=utf-8;base64,([A-Za-z0-9+/=]+)/.exec(code)![1]!;
  return (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { sources: string[] }).sources;
}
