import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import type { ServerDialect } from "./scratch-server.js";

/** One revision's body: statements for `op.execute`, up and down. */
export interface ChainStep {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

/** A project folder and its revision ids in apply order. */
export interface ChainProject {
  readonly dir: string;
  readonly ids: readonly string[];
  readonly head: string;
}

/**
 * Writes a project with one linear chain of revisions (`r001`, `r002`, ...) whose bodies run the
 * given SQL, through the real `init` and `revision` commands.
 *
 * @example
 * ```ts
 * const p = await chainProject("postgresql", [{ up: ["CREATE TABLE a (id int)"], down: ["DROP TABLE a"] }]);
 * ```
 */
export async function chainProject(
  dialect: ServerDialect,
  steps: readonly ChainStep[],
): Promise<ChainProject> {
  const dir = tempDir("athanor-rel-");
  await ok(dir, ["init", "--dialect", dialect]);
  const ids: string[] = [];
  for (const [i, step] of steps.entries()) {
    const id = `r${String(i + 1).padStart(3, "0")}`;
    await ok(dir, ["revision", "-m", `step ${i + 1}`, "--rev-id", id]);
    setBody(dir, id, statements(step.up), statements(step.down));
    ids.push(id);
  }
  return { dir, ids, head: ids.at(-1) ?? "base" };
}

function statements(sql: readonly string[]): string {
  return sql.length === 0 ? "void op" : sql.map((s) => `op.execute(${JSON.stringify(s)})`).join(";\n    ");
}

/**
 * The ids applied when the version table holds `rows` on a linear chain: everything up to the
 * one head (none for an empty table).
 *
 * @example
 * ```ts
 * appliedOnChain(["r001", "r002", "r003"], ["r002"]); // ["r001", "r002"]
 * ```
 */
export function appliedOnChain(ids: readonly string[], rows: readonly string[] | null): string[] {
  if (rows === null || rows.length === 0) return [];
  if (rows.length !== 1)
    throw new Error(`a linear chain has one head, the version table holds ${rows.join(", ")}`);
  const at = ids.indexOf(rows[0] as string);
  if (at < 0) throw new Error(`the version table names ${rows[0]}, which is not in the chain`);
  return ids.slice(0, at + 1);
}
