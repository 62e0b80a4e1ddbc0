// mysql2 evaluates two tables that a session meeting no server error, in utf8, never reads:
// its 184 KB error-name table (`lib/constants/errors.js`, required by its packet parser when
// mysql2 is imported) and iconv-lite's whole codec list (its handshake decodes the server
// version as `cesu8`, which Node has no codec for, and iconv-lite's first lookup loads every
// encoding module). Installed before mysql2 is first required, each is a stand-in that loads the
// real table on first use: ~0.08 G instructions, 7 % of a no-op `upgrade` on MariaDB
// (docs/performance.md, "No-op upgrade, fourteenth session"). Where a file is not where these
// versions keep it, or mysql2 is already loaded, nothing is installed and mysql2 loads as usual.

import { existsSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";

type Table = Record<PropertyKey, unknown>;

/** A proxy answering every read from `load()`'s object, which is loaded on the first one. */
function lazyTable(load: () => Table, base: Table = Object.create(null)): Table {
  const has = (key: PropertyKey) => Object.hasOwn(base, key);
  return new Proxy(base, {
    get: (_, key) => (has(key) ? base[key] : load()[key]),
    has: (_, key) => has(key) || key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor(_, key) {
      if (has(key)) return Reflect.getOwnPropertyDescriptor(base, key);
      const found = Reflect.getOwnPropertyDescriptor(load(), key);
      // a proxy may not report a property its target lacks as non-configurable
      return found === undefined ? undefined : { ...found, configurable: true };
    },
  });
}

/** `require.cache` gets a module whose exports load `path` on first use; the real one then replaces it. */
function deferModule(require: NodeJS.Require, path: string): void {
  if (require.cache[path] !== undefined || !existsSync(path)) return;
  let real: Table | undefined;
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  stand.exports = lazyTable(() => {
    if (real === undefined) {
      if (require.cache[path] === stand) delete require.cache[path];
      real = require(path) as Table;
    }
    return real;
  });
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
    deferIconvEncodings(require);
  } catch {
    // mysql2 or iconv-lite not where this expects them: importing mysql2 reports a missing install
  }
}
