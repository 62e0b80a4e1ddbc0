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
// names keys, uniques and the foreign key take, renamed into each other and onto index names
const constraintName = fc.constantFrom("u0", "i0", "t0_pkey", "t1_pkey", "fk0");
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
    .record({ t: table, from: indexName, to: constraintName })
    .filter(({ from, to }) => from !== to)
    .map(({ t, from, to }) => operations.renameIndex(t, from, to)),
  fc
    .record({ name: indexName, t: table, c: column })
    .map(({ name, t, c }) => operations.addUnique(name, t, [c])),
  fc.record({ name: indexName, t: table }).map(({ name, t }) => operations.dropConstraint(name, t)),
  fc
    .record({ t: table, c: column, target: table, ref: column })
    .map(({ t, c, target, ref }) =>
      operations.addForeignKey("fk0", t, { columns: [c], references: { table: target, columns: [ref] } }),
    ),
  fc
    .record({ t: table, from: constraintName, to: constraintName })
    .filter(({ from, to }) => from !== to)
    .map(({ t, from, to }) => operations.renameConstraint(t, from, to)),
  // the key every created table may have, so that some renames find what they rename
  fc
    .record({ t: table, to: constraintName })
    .filter(({ t, to }) => to !== `${t}_pkey`)
    .map(({ t, to }) => operations.renameConstraint(t, `${t}_pkey`, to)),
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
  // of those, sequences with a constraint renamed
  let renamed = 0;
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
        if (built.some((op) => op.kind === "renameConstraint" || op.kind === "renameIndex")) renamed++;
        const live = await introspectPostgres(conn, {});
        expect(sameSchemaModel(outcome.model, live), JSON.stringify(built)).toBe(true);
      },
    ),
    { numRuns: 150 },
  );
  console.log(
    `${modelled} of 150 sequences of 2+ operations the server built were modelled exactly (${renamed} renaming a constraint or an index)`,
  );
  expect(modelled).toBeGreaterThan(0);
}, 600_000);

test("constraint renames: keys, uniques and foreign keys modelled as the server reads them; a taken index name refused by both", async () => {
  const conn = db.connection;
  const conventions = await postgresDialectModule.replayConventions?.(undefined);
  if (conventions === undefined) throw new Error("@athanor/postgres offers no replay conventions");
  await emptyPostgresDatabase(conn);
  const ops = [
    operations.createTable("t0", {
      columns: [
        { name: "c0", type: "integer", nullable: false },
        { name: "c1", type: "text" },
      ],
      primaryKey: { name: "t0_pkey", columns: ["c0"] },
    }),
    operations.createTable("t1", { columns: [{ name: "c0", type: "integer" }] }),
    operations.addForeignKey("fk0", "t1", { columns: ["c0"], references: { table: "t0", columns: ["c0"] } }),
    operations.addUnique("u0", "t0", ["c1"]),
    operations.createIndex("i0", "t1", ["c0"]),
    operations.renameConstraint("t0", "t0_pkey", "t0_key"),
    operations.renameConstraint("t0", "u0", "u1"),
    operations.renameConstraint("t1", "fk0", "fk1"),
    operations.renameIndex("t1", "i0", "i1"),
  ];
  for (const op of ops) await conn.executeScript([...renderPostgres(op)]);
  const outcome = applyOperations(ops, conventions);
  expect(outcome.refused).toBeUndefined();
  const live = await introspectPostgres(conn, {});
  expect(outcome.model && sameSchemaModel(outcome.model, live)).toBe(true);
  expect(live.tables.find((t) => t.name === "t0")?.primaryKey?.name).toBe("t0_key");

  expect(live.tables.find((t) => t.name === "t1")?.indexes.map((i) => i.name)).toEqual(["i1"]);

  const clash = operations.renameConstraint("t0", "u1", "i1");
  await expect(conn.executeScript([...renderPostgres(clash)])).rejects.toThrow(/already exists/);
  expect(applyOperations([...ops, clash], conventions).refused).toMatch(/i1/);
  const indexClash = operations.renameIndex("t1", "i1", "u1");
  await expect(conn.executeScript([...renderPostgres(indexClash)])).rejects.toThrow(/already exists/);
  expect(applyOperations([...ops, indexClash], conventions).refused).toMatch(/u1/);
});
