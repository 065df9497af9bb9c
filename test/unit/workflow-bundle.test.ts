import fs from 'node:fs';
import path from 'node:path';
import { bundlePaths, buildWorkflowBundle, checkWorkflowBundle, workflowBundle } from '../../worker/workflow-bundle';

/**
 * The prebuilt workflow bundle is checked against its sources: a stale one is rebuilt or refused,
 * never run. On a small project of its own (inside the checkout, so that node_modules resolve).
 */
describe('the prebuilt workflow bundle', () => {
  const root = path.resolve(__dirname, '..', '..', '.data', `bundle-test-${process.pid}`);
  const at = bundlePaths(root);
  const domainFile = path.join(root, 'domain', 'answer.ts');
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'workflows'), { recursive: true });
    fs.mkdirSync(path.join(root, 'domain'), { recursive: true });
    fs.writeFileSync(domainFile, 'export const answer = 41;\n');
    fs.writeFileSync(at.workflowsPath, "import { answer } from '../domain/answer';\nexport async function probe(): Promise<number> { return answer; }\n");
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

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
});
