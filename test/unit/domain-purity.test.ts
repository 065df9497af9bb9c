import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// domain/ is bundled into Temporal workflow code: it must be deterministic and free of I/O.
const root = join(__dirname, '..', '..', 'domain');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The code without comments, so a comment may name what the code must not do. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const files = sources(root);

describe('domain/ purity', () => {
  test('finds the domain files', () => {
    expect(files.map((f) => relative(root, f))).toEqual(expect.arrayContaining(['dates.ts', 'melding.ts', 'routes.ts', 'index.ts']));
  });

  test.each(files.map((f) => [relative(root, f), f]))('%s imports only zod and domain/', (_name, path) => {
    const imports = [...code(path).matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]/g)].map(
      (m) => m[1] ?? m[2] ?? m[3]!,
    );
    const outside = imports.filter((spec) => {
      if (spec === 'zod') return false;
      if (!spec.startsWith('.')) return true;
      return relative(root, join(path, '..', spec)).startsWith('..');
    });
    expect(outside).toEqual([]);
  });

  test.each(files.map((f) => [relative(root, f), f]))('%s has no clock, randomness or process access', (_name, path) => {
    const forbidden = [/Date\.now\s*\(/, /new Date\(\s*\)/, /Math\.random\s*\(/, /\bprocess\./, /\bsetTimeout\s*\(/, /\bsetInterval\s*\(/];
    expect(forbidden.filter((re) => re.test(code(path))).map(String)).toEqual([]);
  });
});
