import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import type { Connection, SchemaModel } from "@athanor/core";
import {
  introspectSqlite,
  readStoredTableTexts,
  renderSqlite,
  sqliteDifferHooks,
  sqliteMemoryDialect,
  sqliteScratchArea,
} from "@athanor/sqlite";

/**
 * In-memory SQLite databases for the reuse proofs (canonicalize-reuse.ts): `pair(model, statements)`
 * canonicalises `model` without and with reuse against a live database holding `statements`, and
 * counts the CREATE TABLEs the scratch build got with reuse. A build SQLite refuses is its
 * error's code and message (reuse must not turn it into a model). `close()` in `afterAll`.
 *
 * @example
 * ```ts
 * const { plain, reused, builtTables } = await reuse.pair(model, statements);
 * ```
 */
export function sqliteReusePairs() {
  const opened: { close(): Promise<void> }[] = [];
  async function memory(): Promise<Connection> {
    const o = sqliteMemoryDialect();
    opened.push(o);
    return o.dialect.connect();
  }
  return {
    async pair(m: SchemaModel, statements: readonly string[]) {
      const live = await memory();
      await live.executeScript(statements);
      const scratch = await memory();
      const sent: string[] = [];
      const recording: Connection = Object.assign(Object.create(scratch), {
        executeScript: (s: readonly string[]) => {
          sent.push(...s);
          return scratch.executeScript(s);
        },
        query: scratch.query.bind(scratch),
      });
      const options = {
        hooks: sqliteDifferHooks,
        area: sqliteScratchArea,
        scratch: recording,
        render: renderSqlite,
        introspect: (c: Connection) => introspectSqlite(c),
      };
      const plain = await outcome(canonicalizeSchemaModel(m, options));
      sent.length = 0;
      const reuse = { live: await introspectSqlite(live), stored: await readStoredTableTexts(live) };
      const reused = await outcome(canonicalizeSchemaModel(m, { ...options, reuse }));
      return { plain, reused, builtTables: sent.filter((s) => /^CREATE TABLE/.test(s)).length };
    },
    async close() {
      for (const o of opened) await o.close();
    },
  };
}

async function outcome<T>(run: Promise<T>): Promise<T | { readonly refused: string }> {
  try {
    return await run;
  } catch (e) {
    return { refused: `${(e as { code?: string }).code}: ${(e as Error).message}` };
  }
}
