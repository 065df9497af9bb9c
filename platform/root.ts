import fs from 'node:fs';
import path from 'node:path';

/**
 * The project root: the nearest folder above this module that holds a package.json. Code that the
 * app bundles take in (dist/app/*.js, platform/app-bundle.ts) runs from another folder than its
 * source, so a path relative to a module's own folder (`__dirname`) is wrong there; paths to the
 * project's files start from this root instead. This module is found from platform/ in the sources
 * and from dist/app/ in a bundle, and either way it is the same root.
 */
export const root = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
