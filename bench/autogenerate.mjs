#!/usr/bin/env node
// Autogenerate / check benchmark (issue 5): N Drizzle tables x 15 columns, each with a primary
// key, a unique constraint, two indexes, a check and a foreign key to the previous table.
// Creates them in a throw-away database on the server, then times what
// `revision --autogenerate` / `check` do: read the models, canonicalise them through a scratch
// database, introspect the live one, diff. Prints times and the queries each side issued.
// PostgreSQL runs both canonicalisation strategies in the same run ("full": every table, key
// and index created; "probe": the default, only what the server must print), so before/after
// figures come from one machine state.
//
//   node bench/autogenerate.mjs [--tables 200,1000] [--dialects postgresql,mariadb] [--strategies full,probe]
//   ATHANOR_TEST_PG_URL=postgres://user@host:5432/db ATHANOR_TEST_MYSQL_URL=mysql://root@host:3306/db node bench/autogenerate.mjs
//
// Needs `pnpm run build` first (it imports the built packages).
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    tables: { type: "string", default: "200,1000" },
    dialects: { type: "string", default: "postgresql,mariadb" },
    strategies: { type: "string", default: "full,probe" },
    // "distinct": every table gets its own varchar length and check bound, so no two tables share
    // a probe skeleton (the probe strategy's worst case); "same": tables differ only by name.
    shapes: { type: "string", default: "same" },
  },
});
const sizes = values.tables.split(",").map(Number);
const dialects = values.dialects.split(",");
const strategies = values.strategies.split(",");
const SERVER = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MYSQL_SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

const pkg = (name) => new URL(`../packages/${name}/dist/index.js`, import.meta.url).href;
const {
  introspectPostgres,
  renderPostgres,
  connectPostgres,
  quoteIdent,
  postgresDifferHooks,
  postgresScratchArea,
} = await import(pkg("postgres"));
const { collectDrizzleSchema, drizzleToSchemaModel, canonicalizeSchemaModel, diffSchemas } = await import(
  pkg("drizzle")
);
// drizzle-orm is a dev dependency of @athanor/drizzle; resolve it from there.
const require = createRequire(new URL("../packages/drizzle/package.json", import.meta.url));
const { sql } = await import(require.resolve("drizzle-orm"));
const pg = await import(require.resolve("drizzle-orm/pg-core"));
const my = await import(require.resolve("drizzle-orm/mysql-core"));
const mysqlPackage = await import(pkg("mysql"));

const distinct = values.shapes === "distinct";

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
        name: pg.varchar("name", { length: distinct ? 200 + i : 200 }).notNull(),
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
        pg.check(`t${i}_quantity_check`, distinct ? sql`${t.quantity} >= ${i}` : sql`${t.quantity} >= 0`),
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

const ms = (v) => `${v.toFixed(0)} ms`;

/** Times one check (read models, canonicalise, introspect, diff) and prints one line. */
async function timeCheck(
  label,
  n,
  setupOps,
  { readModel, canonicalize, introspect, diff },
  liveConn,
  scratchConn,
) {
  const liveCount = counting(liveConn);
  const scratchCount = counting(scratchConn);
  const [model, readMs] = await time(async () => readModel());
  let desired;
  let canonMs;
  try {
    [desired, canonMs] = await time(() => canonicalize(model, scratchCount.conn));
  } catch (error) {
    console.log(`${label} ${n} tables: canonicalise failed: ${error.message.split(". ")[0]}`);
    process.exitCode = 1;
    return;
  }
  const [liveModel, introMs] = await time(() => introspect(liveCount.conn, desired));
  const [result, diffMs] = await time(async () => diff(desired, liveModel));
  const total = readMs + canonMs + introMs + diffMs;
  console.log(
    `${label} ${n} tables x 15 columns${distinct ? ", distinct shapes" : ""} (${setupOps} setup operations): check ${ms(total)} = read models ${ms(readMs)} + canonicalise ${ms(canonMs)} + introspect ${ms(introMs)} + diff ${ms(diffMs)}; ` +
      `live queries ${liveCount.counter.queries}, scratch: ${scratchCount.counter.queries} queries + ${scratchCount.counter.scripts} scripts ` +
      `(${scratchCount.counter.statements} statements); differences ${result.operations.length}`,
  );
  if (result.operations.length !== 0) process.exitCode = 1;
}

async function benchPostgres(n) {
  const live = await scratchDatabase("live");
  const scratch = await scratchDatabase("scratch");
  try {
    const exports = drizzleTables(n);
    const readModel = () => drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "postgresql" });
    const canonicalizeWith = (strategy) => (model, conn) =>
      canonicalizeSchemaModel(model, {
        hooks: postgresDifferHooks,
        area: postgresScratchArea,
        scratch: conn,
        render: renderPostgres,
        introspect: (c, { schemas }) => introspectPostgres(c, { schemas }),
        strategy,
      });
    // Set-up: create the schema in the live database from the same models.
    const setupModel = await canonicalizeWith("probe")(readModel(), scratch.conn);
    const setup = diffSchemas(setupModel, await introspectPostgres(live.conn, { schemas: ["public"] }), {
      hooks: postgresDifferHooks,
    });
    // In batches: one script is one transaction, and thousands of new relations in one
    // transaction can exceed the server's lock table (max_locks_per_transaction).
    const statements = setup.operations.flatMap((op) => renderPostgres(op));
    for (let i = 0; i < statements.length; i += 500)
      await live.conn.executeScript(statements.slice(i, i + 500));
    for (const strategy of strategies)
      await timeCheck(
        `PostgreSQL, ${strategy}:`,
        n,
        setup.operations.length,
        {
          readModel,
          canonicalize: canonicalizeWith(strategy),
          introspect: (conn, desired) => introspectPostgres(conn, { schemas: desired.schemas }),
          diff: (desired, liveModel) => diffSchemas(desired, liveModel, { hooks: postgresDifferHooks }),
        },
        live.conn,
        scratch.conn,
      );
  } finally {
    await live.dispose();
    await scratch.dispose();
  }
}

function mysqlTables(n) {
  const tables = {};
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? undefined : tables[`t${i - 1}`];
    tables[`t${i}`] = my.mysqlTable(
      `t${i}`,
      {
        id: my.bigint("id", { mode: "number" }).autoincrement().primaryKey(),
        parentId: parent
          ? my.bigint("parent_id", { mode: "number" }).references(() => parent.id, { onDelete: "cascade" })
          : my.bigint("parent_id", { mode: "number" }),
        name: my.varchar("name", { length: 200 }).notNull(),
        email: my.varchar("email", { length: 190 }).notNull().unique(),
        status: my.varchar("status", { length: 20 }).notNull().default("new"),
        amount: my.decimal("amount", { precision: 12, scale: 2 }).default("0"),
        quantity: my.int("quantity").notNull().default(1),
        createdAt: my.timestamp("created_at").notNull().defaultNow(),
        updatedAt: my.datetime("updated_at"),
        flags: my.boolean("flags").notNull().default(false),
        tags: my.text("tags"),
        meta: my.json("meta"),
        score: my.double("score"),
        code: my.char("code", { length: 8 }),
        note: my.text("note"),
      },
      (t) => [
        my.index(`t${i}_name_idx`).on(t.name),
        my.index(`t${i}_status_created_idx`).on(t.status, t.createdAt),
        my.check(`t${i}_quantity_check`, sql`${t.quantity} >= 0`),
      ],
    );
  }
  return tables;
}

async function mysqlDatabase(prefix) {
  const name = `athanor_bench_${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = await mysqlPackage.openMysqlConnection({ url: MYSQL_SERVER });
  await admin.executeScript([`CREATE DATABASE ${mysqlPackage.quoteIdent(name)}`]);
  const url = new URL(MYSQL_SERVER);
  url.pathname = `/${name}`;
  const conn = await mysqlPackage.openMysqlConnection({ url: url.toString() });
  return {
    name,
    conn,
    async dispose() {
      await conn.close();
      await admin.executeScript([`DROP DATABASE IF EXISTS ${mysqlPackage.quoteIdent(name)}`]);
      await admin.close();
    },
  };
}

async function benchMariadb(n) {
  const live = await mysqlDatabase("live");
  try {
    const exports = mysqlTables(n);
    const render = mysqlPackage.createMysqlRenderer({ server: live.conn.server });
    const readModel = () =>
      drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "mysql", database: live.name });
    const canonicalize = (model, conn) =>
      canonicalizeSchemaModel(model, {
        hooks: mysqlPackage.mysqlDifferHooks,
        area: mysqlPackage.mysqlScratchArea,
        scratch: conn,
        render: (op) => render(op),
        introspect: (c, { schemas }) => mysqlPackage.introspectMysql(c, { database: schemas[0] }),
      });
    const setupModel = await canonicalize(readModel(), live.conn);
    const setup = diffSchemas(setupModel, await mysqlPackage.introspectMysql(live.conn), {
      hooks: mysqlPackage.mysqlDifferHooks,
    });
    await live.conn.executeScript(setup.operations.flatMap((op) => render(op)));
    // MySQL canonicalises through a scratch database on the same server, created per call.
    await timeCheck(
      "MariaDB:",
      n,
      setup.operations.length,
      {
        readModel,
        canonicalize,
        introspect: (conn) => mysqlPackage.introspectMysql(conn),
        diff: (desired, liveModel) =>
          diffSchemas(desired, liveModel, { hooks: mysqlPackage.mysqlDifferHooks }),
      },
      live.conn,
      live.conn,
    );
  } finally {
    await live.dispose();
  }
}

for (const n of sizes) {
  if (dialects.includes("postgresql")) await benchPostgres(n);
  if (dialects.includes("mariadb")) await benchMariadb(n);
}
