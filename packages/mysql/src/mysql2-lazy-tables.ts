// mysql2 evaluates two tables that a session meeting no server error, in utf8, never reads:
// its 184 KB error-name table (`lib/constants/errors.js`, required by its packet parser when
// mysql2 is imported) and iconv-lite's whole codec list (its handshake decodes the server
// version as `cesu8`, which Node has no codec for, and iconv-lite's first lookup loads every
// encoding module). Installed before mysql2 is first required, each is a stand-in that loads the
// real table on first use: ~0.08 G instructions, 7 % of a no-op `upgrade` on MariaDB
// (docs/performance.md, "No-op upgrade, fourteenth session"). Two modules mysql2 requires for
// what a plain-TCP session never does are deferred the same way: Node's `tls` (only a TLS
// connection uses it) and `long` (only 64-bit numbers in the binary protocol; it compiles a
// WebAssembly module when loaded), ~0.018 G together (twenty-third session). Where a file is not
// where these versions keep it, or mysql2 is already loaded, nothing is installed and mysql2
// loads as usual.

import { existsSync } from "node:fs";
import Module, { createRequire, isBuiltin } from "node:module";
import { dirname, join } from "node:path";

type Table = Record<PropertyKey, unknown>;

/**
 * A proxy answering every read from `load()`'s object, which is loaded on the first one; a write
 * goes to the loaded object too. Over a function `base` (a class's stand-in), `new` constructs
 * the loaded class.
 */
function lazyTable(load: () => Table, base: Table = Object.create(null)): Table {
  const has = (key: PropertyKey) => Object.hasOwn(base, key) && typeof base !== "function";
  const proxy: Table = new Proxy(base, {
    get: (_, key) => (has(key) ? base[key] : load()[key]),
    set: (_, key, value) => Reflect.set(load(), key, value),
    construct: (_, args, newTarget) => {
      const real = load() as unknown as new (...args: unknown[]) => object;
      return Reflect.construct(real, args, newTarget === (proxy as unknown) ? real : newTarget);
    },
    has: (_, key) => has(key) || key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor(_, key) {
      if (has(key)) return Reflect.getOwnPropertyDescriptor(base, key);
      const found = Reflect.getOwnPropertyDescriptor(load(), key);
      // a proxy may report a property as non-configurable only where its target has it so
      const fixed = Reflect.getOwnPropertyDescriptor(base, key)?.configurable === false;
      return found === undefined ? undefined : { ...found, configurable: !fixed || found.configurable };
    },
  });
  return proxy;
}

/**
 * `require.cache` gets a module whose exports load `path` (a file, or a builtin's bare name) on
 * first use; the real one then replaces it. `constructible` for a module exporting a class.
 */
function deferModule(require: NodeJS.Require, path: string, constructible = false): void {
  if (require.cache[path] !== undefined || (!isBuiltin(path) && !existsSync(path))) return;
  let real: Table | undefined;
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  // a strict function: its only non-configurable own key is `prototype`, which a class also has
  const base = constructible ? (function standIn() {} as unknown as Table) : undefined;
  stand.exports = lazyTable(() => {
    if (real === undefined) {
      if (require.cache[path] === stand) delete require.cache[path];
      real = require(path) as Table;
    }
    return real;
  }, base);
  require.cache[path] = stand;
}

interface IconvLite {
  encodings: Table | null;
  getCodec?: unknown;
}

/** iconv-lite's codec list starts with its internal codecs (cesu8 among them); the rest load on the first other name. */
function deferIconvEncodings(require: NodeJS.Require): void {
  const root = dirname(require.resolve("iconv-lite/package.json"));
  const internal = join(root, "encodings", "internal.js");
  const all = join(root, "encodings", "index.js");
  if (!existsSync(internal) || !existsSync(all)) return;
  const iconv = require("iconv-lite") as IconvLite;
  if (iconv.encodings !== null || typeof iconv.getCodec !== "function") return;
  const first: Table = Object.assign(Object.create(null), require(internal));
  iconv.encodings = lazyTable(() => {
    // as iconv-lite's own first lookup: every module's names in one object, kept from then on
    const merged: Table = Object.assign(Object.create(null), require(all));
    iconv.encodings = merged;
    return merged;
  }, first);
}

let installed = false;

/**
 * Installs the stand-ins once per process, before `import("mysql2/promise")`. Never throws: a
 * layout it does not know leaves mysql2 to load everything itself.
 *
 * @example
 * ```ts
 * deferMysql2Tables();
 * const { default: mysql } = await import("mysql2/promise");
 * ```
 */
export function deferMysql2Tables(): void {
  if (installed) return;
  installed = true;
  try {
    const mysql2 = createRequire(import.meta.url).resolve("mysql2/package.json");
    const require = createRequire(mysql2);
    // already imported (by the application, or a test): its tables are loaded, nothing to save
    if (require.cache[require.resolve("mysql2")] !== undefined) return;
    deferModule(require, join(dirname(mysql2), "lib", "constants", "errors.js"));
    deferModule(require, "tls");
    deferIconvEncodings(require);
    deferModule(require, require.resolve("long"), true);
  } catch {
    // mysql2 or iconv-lite not where this expects them: importing mysql2 reports a missing install
  }
}
