import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fileChecksum } from "@athanor/core/runner";

/** What one loaded TypeScript module read besides its own text, for the op cache. */
export interface ModuleReads {
  /** Loader keys (`checksum\0file`) of the TypeScript modules it imported. */
  readonly imports: Set<string>;
  /** JSON files it imported, with their checksums. */
  readonly data: [path: string, checksum: string][];
  /** The first thing it reached that no checksum covers, or undefined. */
  opaque: string | undefined;
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
