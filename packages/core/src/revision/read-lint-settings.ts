import type { LintIgnore, RevisionLintSettings } from "./revision.js";
import type { SourceScanner } from "./source-scanner.js";

/**
 * Reads the literal `lint` header field at the cursor:
 * `{ ignore: [{ rule: "pg/…", reason: "…" }, …] }`. Returns `undefined` when the value is not
 * written as literals (the caller then reports "not a literal"); throws for unknown keys or an
 * entry without a `rule`, naming the line. A missing `reason` is accepted here: lint reports it,
 * so the file still loads for every other command.
 *
 * @example
 * ```ts
 * const s = new SourceScanner(`{ ignore: [{ rule: "pg/rename-column", reason: "unused" }] }`, "x.ts");
 * readLintSettings(s); // { ignore: [{ rule: "pg/rename-column", reason: "unused" }] }
 * ```
 */
export function readLintSettings(s: SourceScanner): RevisionLintSettings | undefined {
  let ignore: readonly LintIgnore[] = [];
  const ok = readObjectOf(s, ["ignore"], (key) => {
    if (key !== "ignore") return false;
    const entries = readIgnoreList(s);
    if (entries === undefined) return false;
    ignore = entries;
    return true;
  });
  return ok ? { ignore } : undefined;
}

function readIgnoreList(s: SourceScanner): readonly LintIgnore[] | undefined {
  if (s.peek() !== "[") return undefined;
  s.pos++;
  const entries: LintIgnore[] = [];
  while (true) {
    s.skipTrivia();
    if (s.peek() === "]") break;
    const entry = readIgnore(s);
    if (entry === undefined) return undefined;
    entries.push(entry);
    s.skipTrivia();
    if (s.peek() === ",") s.pos++;
    else if (s.peek() !== "]") return undefined;
  }
  s.pos++;
  return entries;
}

function readIgnore(s: SourceScanner): LintIgnore | undefined {
  const at = s.pos;
  const values: { rule?: string; reason?: string } = {};
  const ok = readObjectOf(s, ["rule", "reason"], (key) => {
    const c = s.peek();
    if (c !== '"' && c !== "'" && c !== "`") return false;
    const value = c === "`" ? s.readTemplate() : s.readQuoted();
    if (value === undefined) return false;
    values[key as "rule" | "reason"] = value;
    return true;
  });
  if (!ok) return undefined;
  if (values.rule === undefined) {
    throw s.error(
      'each lint ignore names the rule it silences: { rule: "pg/…", reason: "…" }',
      { field: "lint" },
      at,
    );
  }
  return values.reason === undefined ? { rule: values.rule } : { rule: values.rule, reason: values.reason };
}

/**
 * Reads `{ key: value, … }` with keys from `allowed`; `readValue` reads one value at the cursor
 * and returns false when it is not a literal.
 */
function readObjectOf(
  s: SourceScanner,
  allowed: readonly string[],
  readValue: (key: string) => boolean,
): boolean {
  if (s.peek() !== "{") return false;
  s.pos++;
  const seen = new Set<string>();
  while (true) {
    s.skipTrivia();
    if (s.peek() === "}") break;
    const at = s.pos;
    const c = s.peek();
    const key = c === '"' || c === "'" ? s.readQuoted() : s.readIdentifier();
    if (key === "") return false;
    if (!allowed.includes(key)) {
      throw s.error(
        `unknown property "${key}" in the lint settings; allowed: ${allowed.join(", ")}`,
        { field: "lint" },
        at,
      );
    }
    if (seen.has(key)) throw s.error(`the lint property "${key}" is declared twice`, { field: "lint" }, at);
    seen.add(key);
    s.skipTrivia();
    if (s.peek() !== ":") return false;
    s.pos++;
    s.skipTrivia();
    if (!readValue(key)) return false;
    s.skipTrivia();
    if (s.peek() === ",") s.pos++;
    else if (s.peek() !== "}") return false;
  }
  s.pos++;
  return true;
}
