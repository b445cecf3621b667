/**
 * Tables whose entries are computed on first read. Module-level constants are evaluated when the
 * program starts; inside the MIPS VM every start-up instruction of QuickJS costs hundreds of
 * steps, and the program pays for each run whether or not it ever reads the entry (network
 * upgrade bytecode, for one, is read only in an activation block).
 */

/** An object with `makers`' keys whose values are made on first read and then kept. */
export function lazyRecord<T extends Record<string, unknown>>(makers: { [K in keyof T]: () => T[K] }): Readonly<T> {
  const out = {} as T;
  for (const key of Object.keys(makers) as (keyof T & string)[]) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = makers[key]();
        Object.defineProperty(out, key, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  }
  return out;
}
