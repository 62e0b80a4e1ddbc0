import { AthanorError } from "../errors.js";
import { readLintSettings } from "./read-lint-settings.js";
import { PHASES, type Phase, type RevisionHeader, type RevisionLintSettings } from "./revision.js";
import { SourceScanner } from "./source-scanner.js";

/** The header fields and the kind of literal each one must be. */
const HEADER_FIELDS = {
  id: "string",
  parents: "strings",
  message: "string",
  createdAt: "string",
  branchLabels: "strings",
  dependsOn: "strings",
  phase: "string",
  transactional: "boolean",
  lint: "lint",
} as const;

type HeaderField = keyof typeof HEADER_FIELDS;
type Literal = string | boolean | readonly string[] | RevisionLintSettings;

/** Properties a revision may declare besides the header; they hold code and are skipped. */
const CODE_FIELDS = new Set(["upgrade", "downgrade"]);

const KIND_NAMES = {
  string: "a string literal",
  strings: "an array of string literals",
  boolean: "true or false",
  lint: 'an object literal like { ignore: [{ rule: "pg/index-not-concurrent", reason: "…" }] }',
};

const CALLEE = "defineRevision";

/**
 * Reads the header of a revision module — the literal fields of its `defineRevision({...})`
 * object — from the source text, without executing it. This is what keeps `athanor heads` fast on
 * thousands of revisions: the `upgrade`/`downgrade` bodies are skipped as balanced text.
 *
 * Header fields must be literals: strings (quoted, or templates without `${}`), arrays of
 * strings, and `true`/`false`. Anything else, unknown properties (a typo like `parent:` would
 * silently create a base), spreads, a missing `id`/`upgrade`/`downgrade`, or zero or several
 * `defineRevision` calls throw `ATHANOR_REVISION_FILE_INVALID` naming the file, line and field.
 *
 * @example
 * ```ts
 * const header = parseRevisionHeader(
 *   `export default defineRevision({ id: "a1b2c3d4e5f6", parents: [], message: "init",
 *      upgrade(op) {}, downgrade(op) {} });`,
 *   "a1b2c3d4e5f6_init.ts",
 * );
 * header.parents; // []
 * ```
 */
export function parseRevisionHeader(source: string, file = "<source>"): RevisionHeader {
  const scanner = new SourceScanner(source, file);
  const callAt = findCall(scanner);
  if (callAt === -1) {
    throw new AthanorError(
      "ATHANOR_REVISION_FILE_INVALID",
      `${file}: no defineRevision({...}) call found. A revision module must \`export default defineRevision({ id, parents, message, upgrade(op) {}, downgrade(op) {} })\`.`,
      { file },
    );
  }
  const fields = readObject(scanner);
  const second = findCall(scanner);
  if (second !== -1) {
    throw scanner.error(
      "a revision file declares exactly one revision, but defineRevision is called again here",
      {},
      second,
    );
  }
  return toHeader(fields, scanner, callAt);
}

/** What the call finder must look at: comments, strings and the callee's name. */
const CALL_SPECIAL = /\/\/|\/\*|["'`]|defineRevision/g;

/** Finds the next `defineRevision(` outside comments and strings; leaves the cursor at its `{`. */
function findCall(s: SourceScanner): number {
  const { text } = s;
  while (true) {
    CALL_SPECIAL.lastIndex = s.pos;
    const match = CALL_SPECIAL.exec(text);
    if (match === null) return -1;
    const at = match.index;
    s.pos = at;
    const token = match[0];
    if (token === "//" || token === "/*") s.skipTrivia();
    else if (token === "`") s.readTemplate();
    else if (token !== CALLEE) s.skipQuoted();
    else {
      s.pos = at + CALLEE.length;
      if (isIdentChar(text.charAt(at - 1)) || isIdentChar(text.charAt(s.pos))) continue;
      s.skipTrivia();
      if (s.peek() !== "(") continue; // e.g. `import { defineRevision } from ...`
      s.pos++;
      s.skipTrivia();
      if (s.peek() !== "{") {
        throw s.error("defineRevision must be called with an object literal `defineRevision({ ... })`");
      }
      return at;
    }
  }
}

interface Field {
  readonly value: Literal;
  readonly at: number;
}

function readObject(s: SourceScanner): Map<string, Field> {
  const fields = new Map<string, Field>();
  s.expect("{");
  while (true) {
    s.skipTrivia();
    if (s.peek() === "}") break;
    const at = s.pos;
    if (s.text.startsWith("...", s.pos)) {
      throw s.error("spread properties are not allowed in a revision header; write every field literally");
    }
    const key = readKey(s);
    if (fields.has(key)) throw s.error(`the property "${key}" is declared twice`, { field: key }, at);
    s.skipTrivia();
    const next = s.peek();
    if (next === ":") {
      s.pos++;
      s.skipTrivia();
      fields.set(key, { value: isHeaderField(key) ? readLiteral(s, key) : skipCode(s), at });
    } else if (next === "(" || next === "<") {
      if (isHeaderField(key)) throw notLiteral(s, key, at);
      skipMethod(s);
      fields.set(key, { value: true, at });
    } else if (next === "," || next === "}") {
      if (isHeaderField(key)) throw notLiteral(s, key, at);
      fields.set(key, { value: true, at });
    } else {
      throw s.error(`expected ":" after the property "${key}" but found ${s.describeHere()}`);
    }
    if (!isHeaderField(key) && !CODE_FIELDS.has(key)) {
      const allowed = [...Object.keys(HEADER_FIELDS), ...CODE_FIELDS].join(", ");
      throw s.error(
        `unknown property "${key}" in the revision header; allowed: ${allowed}`,
        { field: key },
        at,
      );
    }
    s.skipTrivia();
    if (s.peek() === ",") s.pos++;
    else if (s.peek() !== "}") throw s.error(`expected "," or "}" after the property "${key}"`);
  }
  s.pos++;
  return fields;
}

/** A property name, after `async`/`get`/`set`/`*` method modifiers. */
function readKey(s: SourceScanner): string {
  const c = s.peek();
  if (c === '"' || c === "'") return s.readQuoted();
  if (c === "[") throw s.error("computed property names are not allowed in a revision header");
  if (c === "*") {
    s.pos++;
    s.skipTrivia();
    return readKey(s);
  }
  const word = s.readIdentifier();
  if (word === "") throw s.error(`expected a property name but found ${s.describeHere()}`);
  if (word === "async" || word === "get" || word === "set") {
    s.skipTrivia();
    const after = s.peek();
    if (after !== ":" && after !== "(" && after !== "," && after !== "}") return readKey(s);
  }
  return word;
}

function readLiteral(s: SourceScanner, key: HeaderField): Literal {
  const at = s.pos;
  const kind = HEADER_FIELDS[key];
  let value: Literal | undefined;
  const c = s.peek();
  if (kind === "lint") value = readLintSettings(s);
  else if (c === '"' || c === "'" || c === "`") value = readString(s);
  else if (c === "[") value = readStringArray(s);
  else {
    const word = s.readIdentifier();
    if (word === "true" || word === "false") value = word === "true";
  }
  s.skipTrivia();
  const complete = s.peek() === "," || s.peek() === "}";
  const matches =
    (kind === "string" && typeof value === "string") ||
    (kind === "boolean" && typeof value === "boolean") ||
    (kind === "strings" && Array.isArray(value)) ||
    (kind === "lint" && typeof value === "object" && !Array.isArray(value));
  if (value === undefined || !complete) throw notLiteral(s, key, at);
  if (!matches) {
    throw s.error(`the header field "${key}" must be ${KIND_NAMES[kind]}`, { field: key }, at);
  }
  return value;
}

/** A quoted or template string; `undefined` for a template that interpolates. */
function readString(s: SourceScanner): string | undefined {
  return s.peek() === "`" ? s.readTemplate() : s.readQuoted();
}

function readStringArray(s: SourceScanner): readonly string[] | undefined {
  s.pos++;
  const items: string[] = [];
  while (true) {
    s.skipTrivia();
    const c = s.peek();
    if (c === "]") break;
    if (c !== '"' && c !== "'" && c !== "`") return undefined;
    const item = readString(s);
    if (item === undefined) return undefined;
    items.push(item);
    s.skipTrivia();
    if (s.peek() === ",") s.pos++;
    else if (s.peek() !== "]") return undefined;
  }
  s.pos++;
  return items;
}

function skipCode(s: SourceScanner): true {
  s.skipValue();
  return true;
}

/** Skips `(params): ReturnType { body }` of a method property. */
function skipMethod(s: SourceScanner): void {
  if (s.peek() === "<") s.skipUntil("(");
  s.skipGroup();
  s.skipUntil("{");
  s.skipGroup();
}

function notLiteral(s: SourceScanner, key: HeaderField, at: number): AthanorError {
  return s.error(
    `the header field "${key}" is not a literal. Header fields (${Object.keys(HEADER_FIELDS).join(", ")}) must be literals — ${KIND_NAMES[HEADER_FIELDS[key]]} — so athanor can read them without running the file; inline the value instead of computing it`,
    { field: key },
    at,
  );
}

function toHeader(fields: ReadonlyMap<string, Field>, s: SourceScanner, callAt: number): RevisionHeader {
  for (const required of ["id", "upgrade", "downgrade"]) {
    if (!fields.has(required)) {
      throw s.error(`the revision declares no "${required}"`, { field: required }, callAt);
    }
  }
  const get = <T extends Literal>(key: HeaderField): T | undefined => fields.get(key)?.value as T | undefined;
  const phase = get<string>("phase");
  if (phase !== undefined && !(PHASES as readonly string[]).includes(phase)) {
    throw s.error(
      `the phase "${phase}" is not one of ${PHASES.join(", ")}`,
      { field: "phase" },
      fields.get("phase")?.at,
    );
  }
  return {
    id: get<string>("id") ?? "",
    parents: get<readonly string[]>("parents") ?? [],
    message: get<string>("message") ?? "",
    createdAt: get<string>("createdAt"),
    branchLabels: get<readonly string[]>("branchLabels") ?? [],
    dependsOn: get<readonly string[]>("dependsOn") ?? [],
    phase: phase as Phase | undefined,
    transactional: get<boolean>("transactional") ?? true,
    ...(fields.has("lint") ? { lint: get<RevisionLintSettings>("lint") } : {}),
  };
}

const HEADER_FIELD_SET: ReadonlySet<string> = new Set(Object.keys(HEADER_FIELDS));

function isHeaderField(key: string): key is HeaderField {
  return HEADER_FIELD_SET.has(key);
}

function isIdentChar(c: string): boolean {
  return c !== "" && /[\w$]/.test(c);
}
