/**
 * The drizzle-orm entry points named by the value `import` statements a module *starts* with
 * (comments and blank lines between them allowed), read without a lexer: a hint of what a schema
 * module will load, so drizzle-orm's modules can load while oxc still transpiles it. Scanning
 * stops at the first statement that is not such an import; `import type` is left out. Anything
 * the hint misses is loaded by the import itself, as it would have been; a value import whose
 * bindings turn out to be types only loads an entry point the module would not have (the only
 * cost of a wrong hint).
 *
 * @example
 * ```ts
 * leadingDrizzleImports('import { sql } from "drizzle-orm";\nimport type { X } from "drizzle-orm/pg-core";'); // ["drizzle-orm"]
 * ```
 */
export function leadingDrizzleImports(code: string): string[] {
  const out: string[] = [];
  LEADING_IMPORT.lastIndex = 0;
  for (let found = LEADING_IMPORT.exec(code); found !== null; found = LEADING_IMPORT.exec(code)) {
    const [, typeOnly, specifier] = found;
    if (
      typeOnly === undefined &&
      specifier !== undefined &&
      DRIZZLE_ORM.test(specifier) &&
      !out.includes(specifier)
    )
      out.push(specifier);
  }
  return out;
}

const DRIZZLE_ORM = /^drizzle-orm(\/|$)/;
// sticky: each match starts where the last ended, so only a file's leading imports are read
const LEADING_IMPORT =
  /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*import\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?["']([^"'\n]+)["']\s*;?/y;
