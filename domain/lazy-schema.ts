/**
 * A schema (or any object) built on its first use instead of at module load.
 *
 * Why: the Temporal worker evaluates the workflow bundle's modules again for every workflow it
 * starts or replays (its reusable V8 context keeps workflows' module state apart), and building
 * every action's zod schema at load was most of that cost: about two thirds of a new workflow's
 * start, and of the memory each cached workflow holds (README, Benchmarks). A workflow touches
 * a few of those schemas; each is built on the first property read, once per module instance.
 * Building a schema issues no Temporal command, so this is replay-neutral.
 *
 * The exported value is the proxy: zod, the OpenAPI generator and the code only ever see and
 * compare that one object, and every read, write and prototype question is answered by the
 * built schema. It cannot be frozen (nothing here freezes schemas). Not for a schema with an id
 * (`.meta({ id })`): the OpenAPI generator keeps such ids by the object they were given to.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // The proxy's own (empty) target holds none of these properties, so a proxy may not call them non-configurable.
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    setPrototypeOf: () => false,
    preventExtensions: () => false,
  });
}
