import type { Express } from 'express';

/** A route the express app serves: method and path in OpenAPI's form (`/api/cases/{caseId}`). */
export type ServedRoute = { method: string; path: string };

type Layer = {
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: { handle: (...a: unknown[]) => unknown }[] };
  handle: { stack?: Layer[] } & ((...a: unknown[]) => unknown);
  rawPath?: string | string[];
};

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const join = (a: string, b: string) => (`${a}/${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'));

/**
 * Walks express's router (express 5, router 2.x) and lists every route with a handler, through
 * mounted routers. `skip` leaves out route layers that are no handler of their own (guards).
 */
export function servedRoutes(app: Express, skip: (layer: Layer) => boolean = () => false): ServedRoute[] {
  const out: ServedRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (skip(layer)) continue;
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths)
          for (const m of Object.keys(layer.route.methods).filter((k) => layer.route!.methods[k] && k !== '_all'))
            out.push({ method: m, path: openApiPath(join(prefix, p)) });
      } else if (layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
        walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
