/**
 * A schema built the first time it is used. A module of schemas for a front door (the
 * booking and rebooking inputs) serves many commands and routes, each of which uses one or
 * two; building them all when the module is imported is start-up time for every command
 * that imports it. Each use goes through a Proxy, so this is not for schemas on a per-event
 * hot path.
 */
export function lazySchema<S extends object>(build: () => S): S {
  let schema: S | undefined;
  const real = () => (schema ??= build());
  return new Proxy({} as S, {
    get: (_target, key) => Reflect.get(real(), key),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      // The target is an empty object: a proxy may only report configurable properties it lacks.
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
