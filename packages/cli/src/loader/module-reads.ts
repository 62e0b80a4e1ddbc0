import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fileChecksum } from "@athanor/core/runner";

/** What one loaded TypeScript module read besides its own text, for the op cache. */
export interface ModuleReads {
  /** Loader keys (`checksum\0file`) of the TypeScript modules it imported. */
  readonly imports: Set<string>;
  /** JSON files it imported, with their checksums. */
  readonly data: [path: string, checksum: string][];
  /** The first thing it reached that no checksum covers, or undefined (see {@link readsOpaque}). */
  opaque: string | undefined;
  /**
   * A large module's text, not yet scanned by {@link outsideReads}: scanned only when the op cache
   * asks (a `check`'s 1 MB schema never is: ~25 M instructions saved). Its reason, when it has
   * one, comes before `opaque`'s, as when it was scanned first.
   */
  unscanned?: { readonly file: string; readonly text: string } | undefined;
}

/** Texts at least this long are scanned on request ({@link ModuleReads.unscanned}); shorter ones at once. */
const SCAN_ON_REQUEST_CHARS = 64 * 1024;

/**
 * The reads of a module just loaded from `file`: its text scanned now, or (a large one) kept for
 * {@link readsOpaque} to scan.
 */
export function moduleReads(file: string, text: string): ModuleReads {
  const large = text.length >= SCAN_ON_REQUEST_CHARS;
  return {
    imports: new Set(),
    data: [],
    opaque: large ? undefined : outsideReads(file, text),
    unscanned: large ? { file, text } : undefined,
  };
}

/** The first thing the module reached that no checksum covers: its text's reason first, then its imports'. */
export function readsOpaque(reads: ModuleReads): string | undefined {
  const pending = reads.unscanned;
  if (pending !== undefined) {
    // scanned once; the text is let go
    reads.unscanned = undefined;
    const reason = outsideReads(pending.file, pending.text);
    if (reason !== undefined) reads.opaque = reason;
  }
  return reads.opaque;
}

/**
 * Names in a module's text through which code can observe more than its own text and imports:
 * the process and its environment, the clock, randomness, the locale, the network, code built
 * from strings, and the ways to reach them without naming them (`constructor`, `globalThis`).
 * Matched anywhere in the text, comments and strings included: a false match costs a cache
 * miss, never a stale answer.
 */
const OUTSIDE =
  /\b(?:process|globalThis|global|window|self|Date|performance|crypto|fetch|navigator|Intl|eval|Function|constructor|Reflect|Proxy|require|Deno|Bun|WebAssembly|setTimeout|setInterval|setImmediate)\b|Math\s*\.\s*random|import\s*\.\s*meta|toLocale|localeCompare/;

/**
 * Why a module's text may read the outside world (see {@link OUTSIDE}), or undefined.
 *
 * @example
 * ```ts
 * outsideReads("/repo/versions/ab12.ts", "op.execute(process.env.SQL)"); // "it names `process`"
 * ```
 */
export function outsideReads(file: string, text: string): string | undefined {
  const match = OUTSIDE.exec(text);
  return match === null ? undefined : `${file} names \`${match[0]}\``;
}

/**
 * Records a native import on the importing module's reads: athanor's own packages (the loader's
 * aliases) are covered by the athanor version the cache keys by, a JSON file by its checksum;
 * anything else (a package, a Node built-in) is opaque.
 */
export function noteNativeRead(
  reads: ModuleReads,
  specifier: string,
  resolved: string,
  aliases: Readonly<Record<string, string>>,
): void {
  if (aliases[specifier] !== undefined) return;
  if (resolved.startsWith("file:") && resolved.endsWith(".json")) {
    const path = fileURLToPath(resolved);
    try {
      reads.data.push([path, fileChecksum(readFileSync(path, "utf8"))]);
      return;
    } catch {}
  }
  reads.opaque ??= `it imports ${specifier}`;
}
