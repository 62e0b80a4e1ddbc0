import type { Connection, IntrospectScope, SchemaModel } from "@athanor/core";
import type { DialectModule, DialectTarget } from "@athanor/core/dialect";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FEATURES_SQL } from "../../../postgres/src/testing/features-sql.js";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { schemaProject } from "../testing/schema-project.js";
import { dialectModule } from "./dialect-registry.js";
import { type IntrospectionWorker, startIntrospectionWorker } from "./introspection-worker.js";

const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MY = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

// Every feature the PostgreSQL model describes (introspector.test.ts's), plus a view, a
// materialized view, row-level security and a policy.
const PG_FEATURES = `${FEATURES_SQL}
create table "app space"."it's" (v int unique);
create view public.recent_posts with (security_barrier = true) as select id, title from public.posts where deleted_at is null;
create materialized view public.post_counts as select author_id, count(*) as n from public.posts group by author_id;
alter table public.posts enable row level security;
create policy posts_own on public.posts as restrictive for update to public using (author_id > 0) with check (author_id > 0);
`;

// The same for MariaDB.
const MY_FEATURES = `
create table users (
  id bigint unsigned not null auto_increment primary key,
  email varchar(190) not null collate utf8mb4_bin comment 'Primary e-mail',
  status enum('new','active') not null default 'new',
  score decimal(12,2) default 0,
  created_at timestamp not null default current_timestamp on update current_timestamp,
  name varchar(100),
  upper_name varchar(100) as (upper(name)) virtual,
  meta json,
  body text,
  unique key users_email_key (email),
  key users_name_prefix (name(10)),
  fulltext key users_body_ft (body),
  constraint users_score_check check (score >= 0)
) comment 'People';
create table posts (
  id int not null auto_increment,
  author_id bigint unsigned,
  title varchar(200) not null,
  primary key (id),
  key posts_title_author_idx (title desc, author_id),
  constraint posts_author_fk foreign key (author_id) references users (id) on delete cascade on update set null
);
create view recent_posts as select id, title from posts;
create table athanor_version (version_num varchar(64) primary key);
`;

interface Side {
  readonly db: TestDatabase;
  readonly module: DialectModule;
  readonly target: DialectTarget;
  readonly conn: Connection;
}

async function side(url: string, features: string): Promise<Side> {
  const db = await createTestDatabase({ url, prefix: "introspect_worker" });
  const conn = await db.connect();
  const name = url.startsWith("mysql") ? "mysql" : "postgresql";
  const module = await dialectModule(name, { url: db.url });
  const target = module.target({ url: db.url, file: "athanor.config.ts", root: process.cwd() });
  await conn.executeScript(
    features
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return { db, module, target, conn };
}

async function withWorker<T>(
  s: Pick<Side, "module" | "conn">,
  target: DialectTarget,
  body: (worker: IntrospectionWorker) => Promise<T>,
): Promise<T> {
  const worker = await startIntrospectionWorker(s.module, target, async () => s.conn);
  if (worker === undefined) throw new Error("no worker for a server target (is dist/ built?)");
  try {
    return await body(worker);
  } finally {
    await worker.close();
  }
}

const SCOPES = {
  postgresql: [
    { versionTable: "athanor_version" },
    { schemas: ["public", "app space"], exclude: ["posts"], versionTable: "athanor_version" },
  ],
  // a schema is the session's database
  mariadb: [{ versionTable: "athanor_version" }, { exclude: ["posts"], versionTable: "athanor_version" }],
};

describe("the live database read on a worker thread", () => {
  let pg: Side;
  let my: Side;
  beforeAll(async () => {
    await buildCli();
    [pg, my] = await Promise.all([side(PG, PG_FEATURES), side(MY, MY_FEATURES)]);
  }, 240_000);
  afterAll(async () => {
    for (const s of [pg, my]) {
      await s?.conn.close();
      await s?.db.dispose();
    }
  });

  test.each(["postgresql", "mariadb"] as const)(
    "%s: gives what the main thread's introspection gives, on every feature",
    async (which) => {
      const s = which === "postgresql" ? pg : my;
      await withWorker(s, s.target, async (worker) => {
        for (const scope of SCOPES[which]) {
          const inThread: SchemaModel = await s.module.introspect(s.conn, scope);
          expect(inThread.tables.length).toBeGreaterThan(0);
          // toStrictEqual: undefined properties, prototypes and -0 count
          expect(await worker.introspect(scope)).toStrictEqual(inThread);
        }
      });
    },
    60_000,
  );

  test("a prefetched read answers the next introspect of an equal scope, and no other", async () => {
    const [a, b] = SCOPES.postgresql as [IntrospectScope, IntrospectScope];
    const names = (model: SchemaModel) => model.tables.map((t) => `${t.schema}.${t.name}`);
    await withWorker(pg, pg.target, async (worker) => {
      await worker.prefetch(a);
      await pg.conn.executeScript(["create table public.prefetch_one (id int)"]);
      // the answer read before the table existed: taken from the prefetch
      expect(names(await worker.introspect(a))).not.toContain("public.prefetch_one");
      expect(names(await worker.introspect(a))).toContain("public.prefetch_one");
      await worker.prefetch(a);
      await pg.conn.executeScript(["create table public.prefetch_two (id int)"]);
      // another scope is asked anew, and the prefetched answer is dropped
      expect(names(await worker.introspect(b))).toContain("public.prefetch_two");
      expect(names(await worker.introspect(a))).toContain("public.prefetch_two");
    });
    await pg.conn.executeScript(["drop table public.prefetch_one, public.prefetch_two"]);
  }, 60_000);

  test("a worker whose own session does not open reads on the main session instead", async () => {
    // the worker's URL names a database that does not exist; the main session is the real one
    const url = new URL(pg.db.url as string);
    url.pathname = "/athanor_no_such_database_for_the_worker";
    const target = { ...pg.target, url: url.toString() };
    await withWorker(pg, target, async (worker) => {
      expect(await worker.introspect(SCOPES.postgresql[0] ?? {})).toStrictEqual(
        await pg.module.introspect(pg.conn, SCOPES.postgresql[0]),
      );
    });
  }, 60_000);

  test("a failure of the worker's introspection is the main thread's error: same code, message and meta", async () => {
    // Each side's session is killed by the server before its read (the database is not dropped:
    // a fresh one is read on both sides).
    const killed = await side(PG, "create table t (id int)");
    try {
      const kill = async () =>
        killed.conn.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
      const other = await killed.db.connect();
      await kill();
      const inThread = await killed.module.introspect(other, {}).then(
        () => undefined,
        (error: unknown) => error,
      );
      await other.close().catch(() => undefined);
      expect(inThread).toMatchObject({ code: expect.stringMatching(/^ATHANOR_/) });
      const fromWorker = await withWorker(killed, killed.target, async (worker) => {
        await worker.introspect({}); // the worker's session is open
        await kill();
        return worker.introspect({}).then(
          () => undefined,
          (error: unknown) => error,
        );
      });
      const { code, message, meta } = inThread as { code: string; message: string; meta: unknown };
      expect(fromWorker).toMatchObject({ name: "AthanorError", code, message, meta });
    } finally {
      await killed.conn.close();
      await killed.db.dispose();
    }
  }, 60_000);

  test("`check` on an unreachable server fails with the connection error and ends: no worker is left running", async () => {
    const project = await schemaProject("postgresql", {});
    project.schema(
      `import { integer, pgTable } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", { id: integer("id").primaryKey() });\n`,
    );
    const started = Date.now();
    // nothing listens on port 1; a worker left waiting would keep the process alive until the spawn's timeout
    const run = await spawnCli(project.dir, ["check"], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/app",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error[ATHANOR_CONNECTION_FAILED]");
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 130_000);
});
