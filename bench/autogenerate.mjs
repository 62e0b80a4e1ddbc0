#!/usr/bin/env node
// Autogenerate / check benchmark (issue 5): N Drizzle tables x 15 columns, each with a primary
// key, a unique constraint, two indexes, a check and a foreign key to the previous table.
// Creates them in a throw-away database on the PostgreSQL server, then times what
// `revision --autogenerate` / `check` do: read the models, canonicalise them through a scratch
// database, introspect the live one, diff. Prints times and the queries each side issued.
//
//   node bench/autogenerate.mjs [--tables 200,1000]
//   ATHANOR_TEST_PG_URL=postgres://user@host:5432/db node bench/autogenerate.mjs
//
// Needs `pnpm run build` first (it imports the built packages). MariaDB: not yet (see README).
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { tables: { type: "string", default: "200,1000" } } });
const sizes = values.tables.split(",").map(Number);
const SERVER = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const pkg = (name) => new URL(`../packages/${name}/dist/index.js`, import.meta.url).href;
const { introspectPostgres, renderPostgres, connectPostgres, quoteIdent } = await import(pkg("postgres"));
const { collectDrizzleSchema, drizzleToSchemaModel, canonicalizeSchemaModel, diffSchemas } = await import(
  pkg("drizzle")
);
// drizzle-orm is a dev dependency of @athanor/drizzle; resolve it from there.
const require = createRequire(new URL("../packages/drizzle/package.json", import.meta.url));
const { sql } = await import(require.resolve("drizzle-orm"));
const pg = await import(require.resolve("drizzle-orm/pg-core"));

function drizzleTables(n) {
  const tables = {};
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? undefined : tables[`t${i - 1}`];
    tables[`t${i}`] = pg.pgTable(
      `t${i}`,
      {
        id: pg.bigint("id", { mode: "number" }).generatedByDefaultAsIdentity().primaryKey(),
        parentId: parent
          ? pg.bigint("parent_id", { mode: "number" }).references(() => parent.id, { onDelete: "cascade" })
          : pg.bigint("parent_id", { mode: "number" }),
        name: pg.varchar("name", { length: 200 }).notNull(),
        email: pg.text("email").notNull().unique(),
        status: pg.text("status").notNull().default("new"),
        amount: pg.numeric("amount", { precision: 12, scale: 2 }).default("0"),
        quantity: pg.integer("quantity").notNull().default(1),
        createdAt: pg.timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
        updatedAt: pg.timestamp("updated_at", { withTimezone: true }),
        flags: pg.boolean("flags").notNull().default(false),
        tags: pg.text("tags").array(),
        meta: pg.jsonb("meta"),
        score: pg.doublePrecision("score"),
        code: pg.char("code", { length: 8 }),
        note: pg.text("note"),
      },
      (t) => [
        pg.index(`t${i}_name_idx`).on(t.name),
        pg.index(`t${i}_lower_email_idx`).on(sql`lower(${t.email})`).where(sql`${t.note} is null`),
        pg.check(`t${i}_quantity_check`, sql`${t.quantity} >= 0`),
      ],
    );
  }
  return tables;
}

/** A connection that counts what goes over it. */
function counting(conn) {
  const counter = { queries: 0, scripts: 0, statements: 0 };
  const wrapped = {
    query: (text, params) => {
      counter.queries++;
      return conn.query(text, params);
    },
    executeScript: (statements) => {
      counter.scripts++;
      counter.statements += statements.length;
      return conn.executeScript(statements);
    },
    close: () => conn.close(),
  };
  return { conn: wrapped, counter };
}

async function scratchDatabase(prefix) {
  const name = `athanor_bench_${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = await connectPostgres({ url: SERVER });
  await admin.executeScript([`CREATE DATABASE ${quoteIdent(name)}`]);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const conn = await connectPostgres({ url: url.toString() });
  return {
    conn,
    async dispose() {
      await conn.close();
      await admin.executeScript([`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`]);
      await admin.close();
    },
  };
}

const time = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
};

for (const n of sizes) {
  const live = await scratchDatabase("live");
  const scratch = await scratchDatabase("scratch");
  try {
    const exports = drizzleTables(n);
    const canonicalize = (model, conn) =>
      canonicalizeSchemaModel(model, {
        dialect: "postgresql",
        scratch: conn,
        render: renderPostgres,
        introspect: (c, { schemas }) => introspectPostgres(c, { schemas }),
      });
    // Set-up: create the schema in the live database from the same models.
    const setupModel = await canonicalize(
      drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "postgresql" }),
      scratch.conn,
    );
    const setup = diffSchemas(setupModel, await introspectPostgres(live.conn, { schemas: ["public"] }), {
      dialect: "postgresql",
    });
    await live.conn.executeScript(setup.operations.flatMap((op) => renderPostgres(op)));

    const liveCount = counting(live.conn);
    const scratchCount = counting(scratch.conn);
    const [model, readMs] = await time(async () =>
      drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "postgresql" }),
    );
    const [desired, canonMs] = await time(() => canonicalize(model, scratchCount.conn));
    const [liveModel, introMs] = await time(() =>
      introspectPostgres(liveCount.conn, { schemas: desired.schemas }),
    );
    const [result, diffMs] = await time(async () =>
      diffSchemas(desired, liveModel, { dialect: "postgresql" }),
    );
    const total = readMs + canonMs + introMs + diffMs;
    console.log(
      `${n} tables x 15 columns (${setup.operations.length} setup operations): check ${total.toFixed(0)} ms ` +
        `= read models ${readMs.toFixed(0)} ms + canonicalise ${canonMs.toFixed(0)} ms + introspect ${introMs.toFixed(0)} ms + diff ${diffMs.toFixed(1)} ms; ` +
        `live queries ${liveCount.counter.queries}, scratch: ${scratchCount.counter.queries} queries + ${scratchCount.counter.scripts} scripts ` +
        `(${scratchCount.counter.statements} statements); differences ${result.operations.length}`,
    );
    if (result.operations.length !== 0) process.exitCode = 1;
  } finally {
    await live.dispose();
    await scratch.dispose();
  }
}
