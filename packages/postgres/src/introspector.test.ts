import type { ColumnModel, IndexModel, SchemaModel, TableModel } from "@athanor/core";
import { diffSchemaModels, findTable } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspectPostgres } from "./introspector.js";
import { FEATURES_SQL } from "./testing/features-sql.js";
import {
  freshPgliteDatabase,
  freshPostgresDatabase,
  type ScratchDatabase,
} from "./testing/test-databases.js";

const col = (name: string, type: string, over: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: true,
  default: null,
  identity: null,
  generated: null,
  comment: null,
  collation: null,
  onUpdate: null,
  ...over,
});
const key = (column: string, over: object = {}) => ({
  kind: "column" as const,
  column,
  order: "asc" as const,
  nulls: "last" as const,
  opclass: null,
  ...over,
});
const index = (name: string, over: Partial<IndexModel>): IndexModel => ({
  name,
  unique: false,
  method: "btree",
  keys: [],
  include: [],
  where: null,
  nullsNotDistinct: false,
  with: [],
  valid: true,
  ...over,
});

const EXPECTED_USERS: TableModel = {
  schema: "public",
  name: "users",
  columns: [
    col("id", "bigint", {
      nullable: false,
      identity: {
        generation: "always",
        sequence: {
          dataType: "bigint",
          start: "100",
          increment: "2",
          min: "1",
          max: "9223372036854775807",
          cache: "1",
          cycle: false,
        },
      },
    }),
    col("email", "character varying(255)", { nullable: false, comment: "Primary e-mail" }),
    col("name", "text", { collation: "C" }),
    col("created_at", "timestamp(3) with time zone", { nullable: false, default: "now()" }),
    col("score", "numeric(12,2)", { default: "0" }),
    col("tags", "text[]", { default: "'{}'::text[]" }),
    col("feeling", '"app space".mood', { default: `'ok'::"app space".mood` }),
    col("full_name", "text", { generated: { expression: "upper(name)", storage: "stored" } }),
  ],
  primaryKey: { name: "users_pkey", columns: ["id"] },
  uniques: [
    {
      name: "users_email_key",
      columns: ["email"],
      nullsNotDistinct: true,
      deferrable: false,
      initiallyDeferred: false,
    },
  ],
  foreignKeys: [],
  checks: [{ name: "users_score_check", expression: "(score >= (0)::numeric)", validated: true }],
  indexes: [],
  comment: "People",
};

const EXPECTED_POSTS: TableModel = {
  schema: "public",
  name: "posts",
  columns: [
    col("id", "integer", { nullable: false, default: "nextval('posts_id_seq'::regclass)" }),
    col("author_id", "bigint"),
    col("title", "text", { nullable: false }),
    col("body", "text"),
    col("deleted_at", "timestamp with time zone"),
  ],
  primaryKey: { name: "posts_pkey", columns: ["id"] },
  uniques: [],
  foreignKeys: [
    {
      name: "posts_author_fk",
      columns: ["author_id"],
      referencedSchema: "public",
      referencedTable: "users",
      referencedColumns: ["id"],
      onUpdate: "set null",
      onDelete: "cascade",
      match: "simple",
      deferrable: true,
      initiallyDeferred: true,
      validated: true,
    },
  ],
  checks: [{ name: "posts_title_check", expression: "(length(title) > 0)", validated: false }],
  indexes: [
    index("posts_author_title_idx", {
      unique: true,
      keys: [key("author_id"), key("title")],
      nullsNotDistinct: true,
    }),
    index("posts_body_gin", {
      method: "gin",
      keys: [
        {
          kind: "expression",
          expression: "to_tsvector('english'::regconfig, body)",
          order: "asc",
          nulls: "last",
          opclass: null,
        },
      ],
      with: ["fastupdate=off"],
    }),
    index("posts_title_idx", {
      keys: [
        { kind: "expression", expression: "lower(title)", order: "desc", nulls: "last", opclass: null },
        key("title", { opclass: "text_pattern_ops" }),
      ],
      include: ["body"],
      where: "deleted_at IS NULL",
    }),
  ],
  comment: null,
};

const EXPECTED: SchemaModel = {
  schemas: ["app space", "public"],
  tables: [EXPECTED_POSTS, EXPECTED_USERS],
  enums: [
    { schema: "app space", name: "mood", values: ["sad", "ok", "happy"] },
    { schema: "public", name: "empty_enum", values: [] },
  ],
  sequences: [
    {
      schema: "public",
      name: "counter",
      dataType: "integer",
      start: "10",
      increment: "5",
      min: "5",
      max: "1000",
      cache: "3",
      cycle: true,
      ownedBy: null,
    },
    {
      schema: "public",
      name: "posts_id_seq",
      dataType: "integer",
      start: "1",
      increment: "1",
      min: "1",
      max: "2147483647",
      cache: "1",
      cycle: false,
      ownedBy: { table: "posts", column: "id" },
    },
  ],
};

const LONG = "x".repeat(63);
const HOSTILE_SQL = `
create schema "we""ird schema";
create type "we""ird schema"."Mood ✓" as enum ('it''s', 'a "b"', 'ünï');
create table "we""ird schema"."select" (
  "from" int primary key,
  "ünïcødé ✓" text default 'it''s',
  "${LONG}" int,
  "Mixed Case" "we""ird schema"."Mood ✓"
);
create index "idx ""quoted""" on "we""ird schema"."select" ("Mixed Case", lower("ünïcødé ✓"));
alter table "we""ird schema"."select" add constraint "${LONG.slice(0, 60)}_ck" check ("from" > 0);
comment on table "we""ird schema"."select" is 'it''s "quoted"';
`;

function runAgainst(label: string, create: () => Promise<ScratchDatabase>): void {
  describe(`introspectPostgres on ${label}`, () => {
    let db: ScratchDatabase;
    beforeAll(async () => {
      db = await create();
    }, 120_000); // PGlite's WASM start-up is slow on a loaded machine (48–53 s for four at once at load ~25)
    afterAll(async () => {
      await db?.dispose();
    });

    it("reads every feature in ten queries (views, row-level security and policies included) and leaves out the version tables", async () => {
      await db.exec(FEATURES_SQL);
      const queries: string[] = [];
      const model = await introspectPostgres(db.connection, { onQuery: (e) => queries.push(e.sql) });
      expect(diffSchemaModels(EXPECTED, model)).toEqual([]);
      expect(model).toEqual(EXPECTED);
      expect(queries).toHaveLength(10);
    });

    it("reads the same model with fewTables (relations found through their schema's pg_depend rows), a table moved by SET SCHEMA included", async () => {
      const all = { schemas: EXPECTED.schemas };
      expect(await introspectPostgres(db.connection, { ...all, fewTables: true })).toEqual(EXPECTED);
      const some = { schemas: ["public"], exclude: ["posts"] };
      expect(await introspectPostgres(db.connection, { ...some, fewTables: true })).toEqual(
        await introspectPostgres(db.connection, some),
      );
      await db.exec(`create schema moved_from; create schema moved_to;
        create table moved_from.t (id int primary key, n serial, v text check (v <> ''));
        create index t_v on moved_from.t (lower(v)); create view moved_from.tv as select id from moved_from.t;
        alter table moved_from.t set schema moved_to;`);
      for (const schemas of [["moved_from"], ["moved_to"], ["moved_from", "moved_to"]]) {
        const wide = await introspectPostgres(db.connection, { schemas });
        expect(await introspectPostgres(db.connection, { schemas, fewTables: true })).toEqual(wide);
      }
      expect(
        (await introspectPostgres(db.connection, { schemas: ["moved_to"], fewTables: true })).tables.map(
          (t) => [t.name, t.checks.length, t.indexes.length],
        ),
      ).toEqual([["t", 1, 1]]);
      await db.exec("drop schema moved_from cascade; drop schema moved_to cascade");
    });

    it("filters by schema and by excluded table names", async () => {
      const model = await introspectPostgres(db.connection, { schemas: ["public"], exclude: ["posts"] });
      expect(model.schemas).toEqual(["public"]);
      expect(model.tables.map((t) => t.name)).toEqual(["users"]);
      expect(model.enums.map((e) => e.name)).toEqual(["empty_enum"]);
      // posts_id_seq belongs to an excluded table, so it goes with it.
      expect(model.sequences.map((s) => s.name)).toEqual(["counter"]);
      const qualified = await introspectPostgres(db.connection, {
        exclude: [{ schema: "public", name: "users" }],
      });
      expect(qualified.tables.map((t) => t.name)).toEqual(["posts"]);
      const renamedVersionTable = await introspectPostgres(db.connection, {
        schemas: ["public"],
        versionTable: "other",
      });
      expect(renamedVersionTable.tables.map((t) => t.name)).toEqual([
        "athanor_version",
        "athanor_version_history",
        "posts",
        "users",
      ]);
    });

    it("round-trips hostile identifiers: quotes, spaces, unicode, reserved words, 63-character names", async () => {
      await db.exec(HOSTILE_SQL);
      const model = await introspectPostgres(db.connection, { schemas: ['we"ird schema'] });
      expect(model.schemas).toEqual(['we"ird schema']);
      expect(model.enums).toEqual([
        { schema: 'we"ird schema', name: "Mood ✓", values: ["it's", 'a "b"', "ünï"] },
      ]);
      const table = findTable(model, 'we"ird schema', "select");
      expect(table?.columns.map((c) => [c.name, c.type, c.default])).toEqual([
        ["from", "integer", null],
        ["ünïcødé ✓", "text", "'it''s'::text"],
        [LONG, "integer", null],
        ["Mixed Case", '"we""ird schema"."Mood ✓"', null],
      ]);
      expect(table?.primaryKey).toEqual({ name: "select_pkey", columns: ["from"] });
      expect(table?.checks).toEqual([
        { name: `${LONG.slice(0, 60)}_ck`, expression: '("from" > 0)', validated: true },
      ]);
      expect(table?.indexes.map((i) => [i.name, i.keys])).toEqual([
        [
          'idx "quoted"',
          [
            key("Mixed Case"),
            {
              kind: "expression",
              expression: 'lower("ünïcødé ✓")',
              order: "asc",
              nulls: "last",
              opclass: null,
            },
          ],
        ],
      ]);
      expect(table?.comment).toBe(`it's "quoted"`);
    });

    it("scopes by schema and table names that need quoting and escaping in a literal (quote, backslash)", async () => {
      await db.exec(
        `create schema "it's \\ here"; create table "it's \\ here"."a 'b' \\c" (id int); create table "it's \\ here".kept (id int);`,
      );
      const model = await introspectPostgres(db.connection, {
        schemas: ["it's \\ here"],
        exclude: [{ schema: "it's \\ here", name: "a 'b' \\c" }],
      });
      expect(model.schemas).toEqual(["it's \\ here"]);
      expect(model.tables.map((t) => t.name)).toEqual(["kept"]);
      const both = await introspectPostgres(db.connection, { schemas: ["it's \\ here"] });
      expect(both.tables.map((t) => t.name)).toEqual(["a 'b' \\c", "kept"]);
      await db.exec(`drop schema "it's \\ here" cascade`);
    });

    it("reports the invalid index an interrupted CREATE INDEX CONCURRENTLY leaves behind", async () => {
      await db.exec(`create table public.dupes (v int); insert into public.dupes values (1), (1);`);
      await expect(
        db.exec("create unique index concurrently dupes_v_idx on public.dupes (v)"),
      ).rejects.toThrow();
      const model = await introspectPostgres(db.connection, { schemas: ["public"] });
      expect(findTable(model, "public", "dupes")?.indexes).toEqual([
        index("dupes_v_idx", { unique: true, keys: [key("v")], valid: false }),
      ]);
    });

    it("wraps a failing catalogue query in ATHANOR_INTROSPECTION_FAILED", async () => {
      const broken = { ...db.connection, query: () => Promise.reject(new Error("connection reset")) };
      await expect(introspectPostgres(broken)).rejects.toMatchObject({
        code: "ATHANOR_INTROSPECTION_FAILED",
        meta: { what: "schemas" },
      });
    });
  });
}

runAgainst("PostgreSQL 15", () => freshPostgresDatabase("introspect"));
runAgainst("PGlite", freshPgliteDatabase);
