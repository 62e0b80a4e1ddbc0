import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { runInThisContext } from "node:vm";
import { AthanorError } from "@athanor/core/errors";
import { fileChecksum, markOpCallsOnly, type RevisionDependencies } from "@athanor/core/runner";
import { leadingDrizzleImports } from "./leading-imports.js";
import { type LiteralModule, literalObject, readLiteralModule } from "./literal-module.js";
import { type ModuleReads, moduleReads, noteNativeRead, readsOpaque } from "./module-reads.js";
import { resolveSpecifier } from "./resolve-specifier.js";
import type { TranspiledModule } from "./transpile.js";

/** Exports of a loaded module, shaped like an ES module namespace. */
export type ModuleNamespace = Record<string | symbol, unknown>;

interface LoadedModule {
  readonly file: string;
  readonly checksum: string;
  readonly exports: ModuleNamespace;
  done: Promise<ModuleNamespace>;
  readonly reads: ModuleReads;
}

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
  readonly #modules = new Map<string, LoadedModule>();
  /** Node's own imports by resolved specifier: each revision imports `@athanor/core`, resolved once. */
  readonly #natives = new Map<string, Promise<unknown>>();
  /** Bodies transpiled ahead of their import ({@link prepare}) and the text each is of, by path. */
  readonly #prepared = new Map<string, { readonly text: string; readonly body: Promise<TranspiledModule> }>();

  /**
   * `builders`: the names of `op`'s builder methods. A module that only hands a literal object to
   * a function imported from an aliased package — a revision whose functions only call those
   * builders with literal arguments (`readLiteralModule`) — is evaluated from its text instead
   * of being compiled and run; `undefined` compiles every module.
   *
   * `literalEntries`: for such a module, by aliased specifier and binding, a file of the same
   * package that exports that very binding (the same function object) while loading less — core's
   * `defineRevision` from `@athanor/core/revision` instead of the root barrel, ~100 KB of lint,
   * fleet and differ code a literal revision never reaches. A compiled module still imports the
   * alias itself.
   */
  constructor(
    private readonly aliases: Readonly<Record<string, string>>,
    private readonly builders?: ReadonlySet<string>,
    private readonly literalEntries: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
  ) {}

  /**
   * Imports `file`. With `expectedChecksum` (the checksum the runner verifies and records), the
   * text read here must have exactly that checksum, else nothing of it runs and
   * `ATHANOR_REVISION_CHANGED_DURING_RUN` is thrown. `text`, with `expectedChecksum`, is the text
   * that checksum was computed from (the caller's read of the file): it is compiled as is, with
   * no second read or hash.
   */
  load(file: string, expectedChecksum?: string, text?: string): Promise<ModuleNamespace> {
    return this.#load(file, expectedChecksum, new Set(), undefined, text);
  }

  /**
   * Starts transpiling a large module (a generated schema) on oxc's thread before anything
   * imports it: a `check` reads the revision headers meanwhile instead of waiting for oxc when
   * the schema is imported, and the drizzle-orm entry points its leading imports name start
   * loading on this thread meanwhile. The import still reads the file and uses this body only
   * for the very same text; a file that cannot be read, or fails to transpile, fails there as it
   * would have. Best effort, never throws; settles (never rejects) once oxc has the text, so a
   * caller about to block this thread (a 3 MB revision header read) can wait until oxc runs.
   *
   * @example
   * ```ts
   * await loader.prepare("/repo/src/db/schema.ts"); // … later, load() of the same text takes its body
   * ```
   */
  prepare(file: string): Promise<void> {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return Promise.resolve(); // the import reports it
    }
    if (text.length < OFF_THREAD_TRANSPILE_CHARS || this.#prepared.has(file)) return Promise.resolve();
    const loading = transpiler();
    const body = loading.then(({ transpileWithImports }) => transpileWithImports(file, text));
    body.catch(() => undefined); // awaited, with its error, by the import
    this.#prepared.set(file, { text, body });
    // and drizzle-orm's modules load on this thread meanwhile, not after oxc is done
    this.#preload(file, leadingDrizzleImports(text));
    // `body`'s callback, registered first, has handed oxc the text when this settles
    return loading.then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * What the module loaded from `file` with `checksum` read so far, with every module it imported
   * (statically or since, dynamically): the files and their checksums, and the first thing it
   * reached that no checksum covers — for the op cache. Undefined when no such module was loaded.
   *
   * @example
   * ```ts
   * loader.dependencies("/repo/migrations/versions/ab12_add.ts", "sha256:4c1f...");
   * // { files: [["/repo/migrations/helpers.ts", "sha256:77aa..."]], opaque: undefined }
   * ```
   */
  dependencies(file: string, checksum: string): RevisionDependencies | undefined {
    const root = `${checksum}\0${file}`;
    if (!this.#modules.has(root)) return undefined;
    const files: [string, string][] = [];
    let opaque: string | undefined;
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      const module = this.#modules.get(key);
      if (module === undefined) {
        opaque ??= "a module it imported failed to load";
        return;
      }
      opaque ??= readsOpaque(module.reads);
      if (key !== root) files.push([module.file, module.checksum]);
      files.push(...module.reads.data);
      for (const child of module.reads.imports) visit(child);
    };
    visit(root);
    return { files, opaque };
  }

  /**
   * `chain` holds the modules this import is nested in, to tell a cycle from two loads that
   * overlap; `parent` is the module importing this one, which records it as read.
   */
  #load(
    file: string,
    expectedChecksum: string | undefined,
    chain: ReadonlySet<string>,
    parent: ModuleReads | undefined,
    given?: string,
  ): Promise<ModuleNamespace> {
    // `given` is the text `expectedChecksum` was computed from by the caller, moments ago
    const trusted = given !== undefined && expectedChecksum !== undefined;
    const text = trusted ? given : readFileSync(file, "utf8");
    const checksum = trusted ? expectedChecksum : fileChecksum(text);
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
    parent?.imports.add(key);
    const known = this.#modules.get(key);
    if (known !== undefined) {
      // imported again through a cycle: its exports so far, as ES modules do
      return chain.has(key) ? Promise.resolve(known.exports) : known.done;
    }
    // registered before the body starts, which may import its way back here synchronously
    const entry: LoadedModule = {
      file,
      checksum,
      exports: moduleNamespace(),
      done: Promise.resolve(moduleNamespace()),
      reads: moduleReads(file, text),
    };
    this.#modules.set(key, entry);
    entry.done = this.#evaluate(file, text, entry, new Set(chain).add(key));
    entry.done.catch(() => this.#modules.delete(key));
    return entry.done;
  }

  async #evaluate(
    file: string,
    text: string,
    entry: LoadedModule,
    chain: ReadonlySet<string>,
  ): Promise<ModuleNamespace> {
    const early = this.#prepared.get(file);
    this.#prepared.delete(file);
    // taken for the very text read now only (the checksum would pass other line endings)
    const prepared = early?.text === text ? early.body : undefined;
    const literal = this.builders === undefined ? undefined : readLiteralModule(text, this.builders);
    if (literal !== undefined && this.aliases[literal.specifier] !== undefined) {
      const target = resolveSpecifier(literal.specifier, file, this.aliases);
      if (target.kind === "native") return this.#evaluateLiteral(literal, target.specifier, entry);
    }
    return this.#compileAndRun(file, text, entry, chain, prepared);
  }

  /**
   * What running a {@link LiteralModule} does, without compiling it: import the aliased package
   * (as its `import` would) and export, as default, its function called with the object.
   */
  async #evaluateLiteral(
    literal: LiteralModule,
    resolved: string,
    { exports, reads }: LoadedModule,
  ): Promise<ModuleNamespace> {
    noteNativeRead(reads, literal.specifier, resolved, this.aliases);
    const narrow = this.literalEntries[literal.specifier]?.[literal.binding];
    const namespace = (await this.#native(
      narrow === undefined ? resolved : pathToFileURL(narrow).href,
    )) as Record<string, unknown>;
    const object = literalObject(literal.properties);
    // its methods only call `op`'s builders with literal arguments: the runner may run them
    // ahead of their turn (core's steps-ahead.ts)
    for (const method of Object.values(object)) if (typeof method === "function") markOpCallsOnly(method);
    const value = (namespace[literal.binding] as (object: unknown) => unknown)(object);
    Object.defineProperty(exports, "default", { enumerable: true, configurable: true, get: () => value });
    return exports;
  }

  async #compileAndRun(
    file: string,
    text: string,
    { exports, reads }: LoadedModule,
    chain: ReadonlySet<string>,
    /** The body {@link prepare} started for this very text, if it did. */
    prepared?: Promise<TranspiledModule>,
  ): Promise<ModuleNamespace> {
    // loaded on first use: a project whose modules are all literal never loads oxc's binary
    const { MODULE_SCOPE, drizzleEntryPoints, drizzleImports, transpileModule, transpileModuleAsync } =
      await transpiler();
    let body: string;
    if (prepared !== undefined) {
      // transpiled already: oxc's list of its imports spares lexing the text for them
      const { code, imports } = await prepared;
      this.#preload(file, drizzleEntryPoints(imports));
      body = code;
    } else if (text.length >= OFF_THREAD_TRANSPILE_CHARS) {
      // drizzle-orm's modules load (on this thread) while oxc compiles a schema (on its own)
      this.#preload(file, drizzleImports(text));
      body = await transpileModuleAsync(file, text);
    } else body = transpileModule(file, text);
    const run = runInThisContext(`(async function (${MODULE_SCOPE.join(", ")}) {${body}\n})`, {
      filename: file,
    }) as (...scope: unknown[]) => Promise<void>;
    const importFrom = (specifier: string): Promise<unknown> => {
      const target = resolveSpecifier(specifier, file, this.aliases);
      if (target.kind === "typescript") return this.#load(target.file, undefined, chain, reads);
      noteNativeRead(reads, specifier, target.specifier, this.aliases);
      return this.#native(target.specifier);
    };
    const commonJs = { exports: {} as unknown };
    await run(
      exports,
      importFrom,
      importFrom,
      importMeta(file, this.aliases),
      (from: ModuleNamespace) => exportAll(exports, from),
      commonJs.exports,
      aliasedRequire(file, this.aliases, () => {
        reads.opaque ??= "it calls require()";
      }),
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

  /**
   * Starts importing `specifiers` as `file`'s own imports will (same resolution, same cached
   * promise), one after the other. Best effort: a specifier that does not resolve, or a module
   * that fails, fails again when the module itself imports it.
   */
  #preload(file: string, specifiers: readonly string[]): void {
    let chain = Promise.resolve();
    for (const specifier of specifiers) {
      chain = chain.then(async () => {
        const target = resolveSpecifier(specifier, file, this.aliases);
        if (target.kind === "native") await this.#native(target.specifier);
      });
    }
    chain.catch(() => undefined);
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

let transpilerModule: Promise<typeof import("./transpile.js")> | undefined;

/**
 * From this size a module is transpiled on oxc's thread ({@link transpileModuleAsync}): a
 * revision (a few KB) stays on the calling thread, a generated schema (1 MB at 1,000 tables) not.
 */
const OFF_THREAD_TRANSPILE_CHARS = 64 * 1024;

function transpiler() {
  transpilerModule ??= import("./transpile.js");
  return transpilerModule;
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
function aliasedRequire(
  file: string,
  aliases: Readonly<Record<string, string>>,
  onRequire: () => void,
): (id: string) => unknown {
  let base: NodeJS.Require | undefined;
  const required = (id: string) => {
    onRequire();
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
