// Autogenerate corpus cases for views, materialized views, row-level security and policies
// (PostgreSQL) and views (MySQL/MariaDB). Same shape and driver as the table corpus. Test-only.
import { eq, gt, inArray, sql } from "drizzle-orm";
import { int, mysqlTable, mysqlView, varchar as myVarchar } from "drizzle-orm/mysql-core";
import {
  integer,
  pgMaterializedView,
  pgPolicy,
  pgRole,
  pgSchema,
  pgTable,
  pgView,
  text,
  varchar,
} from "drizzle-orm/pg-core";
import type { CorpusCase } from "./run-corpus-case.js";

const accounts = (emailLength = 100, extra = {}) =>
  pgTable("accounts", {
    id: integer("id").primaryKey(),
    email: varchar("email", { length: emailLength }).notNull(),
    active: integer("active").notNull(),
    ...extra,
  });
const base = accounts();
const activeView = (table = base) =>
  pgView("active_accounts").as((qb) =>
    qb.select({ id: table.id, email: table.email }).from(table).where(eq(table.active, 1)),
  );
const reporting = pgSchema("reporting");
// `current_user` and `public` always exist; an `.existing()` role is referenced by name only.
const everyone = pgRole("pg_read_all_data").existing();

const notes = (policies: "none" | "one" | "changed" | "two", rls = false) => {
  const table = pgTable(
    "notes",
    { id: integer("id").primaryKey(), owner: text("owner").notNull(), body: text("body") },
    (t) =>
      policies === "none"
        ? []
        : [
            pgPolicy("owner_reads", {
              for: "select",
              to: "current_user",
              using:
                policies === "changed"
                  ? sql`${t.owner} = current_user and ${t.id} > 0`
                  : sql`${t.owner} = current_user`,
            }),
            ...(policies === "two"
              ? [
                  pgPolicy("no_empty_insert", {
                    as: "restrictive",
                    for: "insert",
                    to: [everyone, "current_user"],
                    withCheck: sql`${t.body} is not null`,
                  }),
                ]
              : []),
          ],
  );
  return rls ? table.enableRLS() : table;
};

/** PostgreSQL (and PGlite) cases. */
export const PG_VIEW_CASES: readonly CorpusCase[] = [
  {
    name: "create a view",
    before: () => ({ accounts: base }),
    after: () => ({ accounts: base, v: activeView() }),
  },
  {
    name: "drop a view",
    before: () => ({ accounts: base, v: activeView() }),
    after: () => ({ accounts: base }),
  },
  {
    name: "change a view's query",
    before: () => ({ accounts: base, v: activeView() }),
    after: () => ({
      accounts: base,
      v: pgView("active_accounts").as((qb) =>
        qb.select({ id: base.id }).from(base).where(gt(base.active, 0)),
      ),
    }),
  },
  {
    name: "view options (security_barrier, check_option)",
    before: () => ({ accounts: base, v: activeView() }),
    after: () => ({
      accounts: base,
      v: pgView("active_accounts")
        .with({ securityBarrier: true, checkOption: "local" })
        .as((qb) => qb.select({ id: base.id, email: base.email }).from(base).where(eq(base.active, 1))),
    }),
  },
  {
    name: "a view over a view, and a view in another schema",
    before: () => ({ accounts: base }),
    after: () => {
      const first = activeView();
      return {
        accounts: base,
        reporting,
        first,
        second: reporting
          .view("active_emails", { email: varchar("email", { length: 100 }) })
          .as(sql`select email from ${first}`),
      };
    },
  },
  {
    name: "create a materialized view with storage parameters",
    before: () => ({ accounts: base }),
    after: () => ({
      accounts: base,
      totals: pgMaterializedView("account_totals")
        .with({ fillfactor: 70 })
        .as((qb) =>
          qb
            .select({ active: base.active, n: sql<number>`count(*)`.as("n") })
            .from(base)
            .groupBy(base.active),
        ),
    }),
  },
  {
    name: "widen a column a view reads (the view is dropped and created around it)",
    before: () => ({ accounts: base, v: activeView() }),
    after: () => {
      const wider = accounts(200);
      return { accounts: wider, v: activeView(wider) };
    },
  },
  {
    name: "drop a column of a table a view reads",
    before: () => {
      const t = accounts(100, { note: text("note") });
      return { accounts: t, v: activeView(t) };
    },
    after: () => ({ accounts: base, v: activeView() }),
  },
  {
    name: "rename a table a view reads",
    before: () => ({ accounts: base, v: activeView() }),
    after: () => {
      const renamed = pgTable("members", {
        id: integer("id").primaryKey(),
        email: varchar("email", { length: 100 }).notNull(),
        active: integer("active").notNull(),
      });
      return { members: renamed, v: activeView(renamed as unknown as typeof base) };
    },
    renames: ["accounts:members"],
  },
  {
    name: "a view and a policy with a varchar IN list (settled: the server's printing is no fixed point)",
    before: () => ({ accounts: base }),
    after: () => ({
      accounts: base,
      v: pgView("listed_accounts").as((qb) =>
        qb
          .select({ id: base.id })
          .from(base)
          .where(inArray(base.email, ["a@x", "b@x"])),
      ),
      p: pgPolicy("listed_only", { for: "select", using: sql`${base.email} in ('a@x', 'b@x')` }).link(base),
    }),
  },
  {
    name: "enable row-level security (.enableRLS())",
    before: () => ({ notes: notes("none") }),
    after: () => ({ notes: notes("none", true) }),
  },
  {
    name: "add a policy (enables row-level security)",
    before: () => ({ notes: notes("none") }),
    after: () => ({ notes: notes("one") }),
  },
  {
    name: "add a restrictive policy for two roles",
    before: () => ({ notes: notes("one") }),
    after: () => ({ notes: notes("two"), everyone }),
  },
  {
    name: "change a policy's expression",
    before: () => ({ notes: notes("one") }),
    after: () => ({ notes: notes("changed") }),
  },
  {
    name: "drop a table with policies",
    before: () => ({ notes: notes("two"), everyone }),
    after: () => ({}),
  },
  {
    name: "a policy linked to a table with .link()",
    before: () => ({ accounts: base }),
    after: () => ({
      accounts: base,
      p: pgPolicy("read_active", { for: "select", using: sql`${base.active} = 1` }).link(base),
    }),
  },
];

const users = (emailLength = 100) =>
  mysqlTable("users", {
    id: int("id").primaryKey(),
    email: myVarchar("email", { length: emailLength }).notNull(),
    active: int("active").notNull(),
  });
const myBase = users();
const myView = (table = myBase) =>
  mysqlView("active_users").as((qb) =>
    qb.select({ id: table.id, email: table.email }).from(table).where(eq(table.active, 1)),
  );

/** MySQL/MariaDB cases. */
export const MYSQL_VIEW_CASES: readonly CorpusCase[] = [
  { name: "create a view", before: () => ({ users: myBase }), after: () => ({ users: myBase, v: myView() }) },
  { name: "drop a view", before: () => ({ users: myBase, v: myView() }), after: () => ({ users: myBase }) },
  {
    name: "change a view's query",
    before: () => ({ users: myBase, v: myView() }),
    after: () => ({
      users: myBase,
      v: mysqlView("active_users").as((qb) =>
        qb.select({ id: myBase.id }).from(myBase).where(gt(myBase.active, 0)),
      ),
    }),
  },
  {
    name: "view options (algorithm, sql security, check option)",
    before: () => ({ users: myBase, v: myView() }),
    after: () => ({
      users: myBase,
      v: mysqlView("active_users")
        .algorithm("merge")
        .sqlSecurity("invoker")
        .withCheckOption("cascaded")
        .as((qb) =>
          qb.select({ id: myBase.id, email: myBase.email }).from(myBase).where(eq(myBase.active, 1)),
        ),
    }),
  },
  {
    name: "a view over a view",
    before: () => ({ users: myBase }),
    after: () => {
      const first = myView();
      return {
        users: myBase,
        first,
        second: mysqlView("active_emails", { email: myVarchar("email", { length: 100 }) }).as(
          sql`select email from ${first}`,
        ),
      };
    },
  },
  {
    name: "widen a column a view reads",
    before: () => ({ users: myBase, v: myView() }),
    after: () => {
      const wider = users(200);
      return { users: wider, v: myView(wider) };
    },
  },
  {
    name: "rename a table a view reads",
    before: () => ({ users: myBase, v: myView() }),
    after: () => {
      const renamed = mysqlTable("members", {
        id: int("id").primaryKey(),
        email: myVarchar("email", { length: 100 }).notNull(),
        active: int("active").notNull(),
      });
      return { members: renamed, v: myView(renamed as unknown as typeof myBase) };
    },
    renames: ["users:members"],
  },
];
