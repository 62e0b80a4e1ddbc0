import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { runInThisContext } from "node:vm";
import { AthanorError } from "@athanor/core/errors";
import { fileChecksum } from "@athanor/core/runner";
import { resolveSpecifier } from "./resolve-specifier.js";
import { MODULE_SCOPE, transpileModule } from "./transpile.js";

/** Exports of a loaded module, shaped like an ES module namespace. */
export type ModuleNamespace = Record<string | symbol, unknown>;

/**
 * Loads TypeScript modules without a cache on disk: each file is read once, checksummed, compiled
 * in memory and run as one function in this process. Modules are kept per path *and* content, so
 * an edited file runs again as it is now, while a helper imported by many revisions runs once.
 *
 * @example
 * ```ts
 * const loader = new TypeScriptLoader({ "@athanor/core": "/cli/node_modules/@athanor/core/dist/index.js" });
 * const namespace = await loader.load("/repo/migrations/versions/ab12_add.ts", "sha256:4c1f...");
 * ```
 */
export class TypeScriptLoader {
  readonly #modules = new Map<string, { exports: ModuleNamespace; done: Promise<ModuleNamespace> }>();
  /** Node's own imports by resolved specifier: each revision imports `@athanor/core`, resolved once. */
  readonly #natives = new Map<string, Promise<unknown>>();

  constructor(private readonly aliases: Readonly<Record<string, string>>) {}

  /**
   * Imports `file`. With `expectedChecksum` (the checksum the runner verifies and records), the
   * text read here must have exactly that checksum, else nothing of it runs and
   * `ATHANOR_REVISION_CHANGED_DURING_RUN` is thrown.
   */
  load(file: string, expectedChecksum?: string): Promise<ModuleNamespace> {
    return this.#load(file, expectedChecksum, new Set());
  }

  /** `chain` holds the modules this import is nested in, to tell a cycle from two loads that overlap. */
  #load(
    file: string,
    expectedChecksum: string | undefined,
    chain: ReadonlySet<string>,
  ): Promise<ModuleNamespace> {
    const text = readFileSync(file, "utf8");
    const checksum = fileChecksum(text);
    if (expectedChecksum !== undefined && checksum !== expectedChecksum) {
      return Promise.reject(
        new AthanorError(
          "ATHANOR_REVISION_CHANGED_DURING_RUN",
          `${file} changed while athanor was running: its checksum was ${expectedChecksum} when it was checked and is ${checksum} now. Nothing of it ran; run the command again.`,
          { file, expected: expectedChecksum, actual: checksum },
        ),
      );
    }
    const key = `${checksum}\0${file}`;
    const known = this.#modules.get(key);
    if (known !== undefined) {
      // imported again through a cycle: its exports so far, as ES modules do
      return chain.has(key) ? Promise.resolve(known.exports) : known.done;
    }
    // registered before the body starts, which may import its way back here synchronously
    const entry = { exports: moduleNamespace(), done: Promise.resolve(moduleNamespace()) };
    this.#modules.set(key, entry);
    entry.done = this.#evaluate(file, text, entry.exports, new Set(chain).add(key));
    entry.done.catch(() => this.#modules.delete(key));
    return entry.done;
  }

  async #evaluate(
    file: string,
    text: string,
    exports: ModuleNamespace,
    chain: ReadonlySet<string>,
  ): Promise<ModuleNamespace> {
    const body = transpileModule(file, text);
    const run = runInThisContext(`(async function (${MODULE_SCOPE.join(", ")}) {${body}\n})`, {
      filename: file,
    }) as (...scope: unknown[]) => Promise<void>;
    const importFrom = (specifier: string): Promise<unknown> => {
      const target = resolveSpecifier(specifier, file, this.aliases);
      return target.kind === "typescript"
        ? this.#load(target.file, undefined, chain)
        : this.#native(target.specifier);
    };
    const commonJs = { exports: {} as unknown };
    await run(
      exports,
      importFrom,
      importFrom,
      importMeta(file, this.aliases),
      (from: ModuleNamespace) => exportAll(exports, from),
      commonJs.exports,
      aliasedRequire(file, this.aliases),
      commonJs,
      file,
      dirname(file),
    );
    // a CommonJS-style file (`module.exports = ...`) exports through `module`, as with jiti's interop
    if (Object.keys(exports).length === 0 && !isEmptyObject(commonJs.exports)) {
      return { default: commonJs.exports };
    }
    return exports;
  }

  #native(specifier: string): Promise<unknown> {
    let loaded = this.#natives.get(specifier);
    if (loaded === undefined) {
      // a revision may import a JSON file the way TypeScript's resolveJsonModule allows
      loaded = specifier.endsWith(".json")
        ? import(specifier, { with: { type: "json" } })
        : import(specifier);
      this.#natives.set(specifier, loaded);
    }
    return loaded;
  }
}

function moduleNamespace(): ModuleNamespace {
  return Object.defineProperty(Object.create(null), Symbol.toStringTag, { value: "Module" });
}

function exportAll(target: ModuleNamespace, from: ModuleNamespace): void {
  for (const key of Object.keys(from)) {
    if (key === "default" || key in target) continue;
    Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => from[key] });
  }
}

function importMeta(file: string, aliases: Readonly<Record<string, string>>) {
  return {
    url: pathToFileURL(file).href,
    filename: file,
    dirname: dirname(file),
    resolve: (specifier: string) => {
      const target = resolveSpecifier(specifier, file, aliases);
      return target.kind === "typescript" ? pathToFileURL(target.file).href : target.specifier;
    },
  };
}

/** `require` for CommonJS-style modules, created on first use (most revisions never call it). */
function aliasedRequire(file: string, aliases: Readonly<Record<string, string>>): (id: string) => unknown {
  let base: NodeJS.Require | undefined;
  const required = (id: string) => {
    base ??= createRequire(file);
    return base(aliases[id] ?? id);
  };
  required.resolve = (id: string) => {
    base ??= createRequire(file);
    return base.resolve(aliases[id] ?? id);
  };
  return required;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && Reflect.ownKeys(value).length === 0;
}
