import { type Operation, operations } from "@athanor/core";
import { introspectPostgres, postgresDialectModule, renderPostgres } from "@athanor/postgres";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { emptyPostgresDatabase } from "../../../drizzle/src/testing/autogen-corpus/postgres-backends.js";
import { postgresTestDatabase, type TestDatabase } from "../../../drizzle/src/testing/test-databases.js";
import { applyOperations } from "./memory-replay/apply-operations.js";
import { sameSchemaModel } from "./memory-replay/same-model.js";

// Issue 21: random operation sequences on a small vocabulary of tables, columns and names (so
// they clash, depend on each other and fail), applied to PostgreSQL 15 one at a time. The
// in-memory replay must refuse every prefix the server refuses, and for the prefix the server
// built, refuse or equal its introspection exactly.
let db: TestDatabase;
beforeAll(async () => {
  db = await postgresTestDatabase("memory_replay_prop");
});
afterAll(async () => {
  await db?.dispose();
});

const table = fc.constantFrom("t0", "t1", "t2");
const column = fc.constantFrom("c0", "c1", "c2", "c3");
const typed = fc.constantFrom(
  { type: "integer", default: "0" },
  { type: "text", default: "'x'::text" },
  { type: "bigint", default: "1" },
  { type: "character varying(20)", default: undefined },
  { type: "boolean", default: "false" },
);
const columnSpec = fc
  .record({ name: column, t: typed, nullable: fc.boolean(), withDefault: fc.boolean() })
  .map((c) => ({
    name: c.name,
    type: c.t.type,
    nullable: c.nullable,
    ...(c.withDefault && c.t.default !== undefined ? { default: c.t.default } : {}),
  }));
const indexName = fc.constantFrom("i0", "i1", "t0_pkey", "u0");
const createTable: fc.Arbitrary<Operation> = fc
  .record({
    t: table,
    columns: fc.uniqueArray(columnSpec, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
    pk: fc.boolean(),
  })
  .map(({ t, columns, pk }) =>
    operations.createTable(t, {
      columns,
      ...(pk ? { primaryKey: { name: `${t}_pkey`, columns: [columns[0]?.name ?? "c0"] } } : {}),
    }),
  );
const operation: fc.Arbitrary<Operation> = fc.oneof(
  createTable,
  fc.record({ t: table, c: columnSpec }).map(({ t, c }) => operations.addColumn(t, c)),
  fc.record({ t: table, c: column }).map(({ t, c }) => operations.dropColumn(t, c)),
  fc
    .record({ t: table, from: column, to: column })
    .filter(({ from, to }) => from !== to)
    .map(({ t, from, to }) => operations.renameColumn(t, from, to)),
  fc
    .record({ t: table, c: column, nullable: fc.boolean() })
    .map(({ t, c, nullable }) => operations.alterColumn(t, c, { nullable })),
  fc
    .record({ t: table, c: column, comment: fc.option(fc.constantFrom("a", "b")) })
    .map(({ t, c, comment }) => operations.alterColumn(t, c, { comment })),
  fc
    .record({ name: indexName, t: table, c: column, unique: fc.boolean(), desc: fc.boolean() })
    .map(({ name, t, c, unique, desc }) =>
      operations.createIndex(name, t, [{ column: c, ...(desc ? { order: "desc" as const } : {}) }], {
        unique,
      }),
    ),
  fc.record({ name: indexName, t: table }).map(({ name, t }) => operations.dropIndex(name, t)),
  fc
    .record({ name: indexName, t: table, c: column })
    .map(({ name, t, c }) => operations.addUnique(name, t, [c])),
  fc.record({ name: indexName, t: table }).map(({ name, t }) => operations.dropConstraint(name, t)),
  fc
    .record({ t: table, c: column, target: table, ref: column })
    .map(({ t, c, target, ref }) =>
      operations.addForeignKey("fk0", t, { columns: [c], references: { table: target, columns: [ref] } }),
    ),
  table.map((t) => operations.dropTable(t)),
  fc
    .record({ t: table, to: table })
    .filter(({ t, to }) => t !== to)
    .map(({ t, to }) => operations.renameTable(t, to)),
  fc
    .record({ t: table, comment: fc.option(fc.constantFrom("x")) })
    .map(({ t, comment }) => operations.setTableComment(t, comment)),
);

test("random operation sequences: refused where the server refuses, else exact or refused", async () => {
  const conn = db.connection;
  const conventions = await postgresDialectModule.replayConventions?.(undefined);
  if (conventions === undefined) throw new Error("@athanor/postgres offers no replay conventions");
  // sequences of two or more operations the server built and the replay modelled
  let modelled = 0;
  await fc.assert(
    // most operations need a table: each sequence opens with two table creations
    fc.asyncProperty(
      fc.tuple(createTable, createTable, fc.array(operation, { maxLength: 10 })),
      async ([a, b, rest]) => {
        const ops = [a, b, ...rest];
        await emptyPostgresDatabase(conn);
        const built: Operation[] = [];
        for (const op of ops) {
          try {
            await conn.executeScript([...renderPostgres(op)]);
          } catch {
            // the server refused this operation: the replay must not model the prefix ending in it
            expect(applyOperations([...built, op], conventions).refused).toBeDefined();
            break;
          }
          built.push(op);
        }
        const outcome = applyOperations(built, conventions);
        if (outcome.model === undefined) return;
        if (built.length > 1) modelled++;
        const live = await introspectPostgres(conn, {});
        expect(sameSchemaModel(outcome.model, live), JSON.stringify(built)).toBe(true);
      },
    ),
    { numRuns: 150 },
  );
  console.log(`${modelled} of 150 sequences of 2+ operations the server built were modelled exactly`);
  expect(modelled).toBeGreaterThan(0);
}, 600_000);
