import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dependentsProject } from "./dependents-project.js";
import { rowsOf, type StageBackend, usersColumns } from "./stage-suite.js";

/** `users` (v1: `mail`, `legacy`; v2: `mail` renamed to `email`, no `legacy`) and, before v3, `orders`. */
function schema(on: "postgresql" | "mysql", version: 1 | 2 | 3): string {
  const [core, int] = on === "mysql" ? ["mysql", "int"] : ["pg", "integer"];
  const users =
    version === 1
      ? 'mail: varchar("mail", { length: 100 }), legacy: varchar("legacy", { length: 100 })'
      : 'email: varchar("email", { length: 100 })';
  const orders =
    version === 3
      ? ""
      : `export const orders = ${core}Table("orders", { id: ${int}("id").primaryKey(), note: varchar("note", { length: 100 }) });\n`;
  return `import { ${int}, ${core}Table, varchar } from "drizzle-orm/${core}-core";
export const users = ${core}Table("users", { id: ${int}("id").primaryKey(), ${users} });
${orders}`;
}

/** The revision file autogenerate wrote with `revId`. */
function revisionText(project: string, revId: string): string {
  const dir = join(project, "migrations", "versions");
  const file = readdirSync(dir).find((f) => f.startsWith(revId));
  if (file === undefined) throw new Error(`no revision ${revId} in ${dir}`);
  return readFileSync(join(dir, file), "utf8");
}

/** The hand-written objects of one dialect, outside the models. */
interface HandWritten {
  /** Created before the rename-and-drop revision: what it breaks, and (PostgreSQL) a view it does not. */
  readonly v2: readonly string[];
  /** What the refusal names of them (`{db}` is the database). */
  readonly v2Names: readonly string[];
  /** Dropping them (the view following the rename stays on PostgreSQL). */
  readonly v2Fix: readonly string[];
  /** Over `email`, which the downgrade renames back. */
  readonly down: readonly string[];
  readonly downNames: readonly string[];
  /** After the downgrade run with --allow-broken-dependents: shows the object broken. */
  readonly downBroken: string;
  readonly downCleanup: readonly string[];
  /** Over `orders`, which v3 drops. */
  readonly orders: readonly string[];
  readonly ordersNames: readonly string[];
  /** What has to go even with --allow-broken-dependents (PostgreSQL refuses DROP TABLE under a view). */
  readonly ordersBeforeAllow: readonly string[];
  readonly ordersBroken: string;
}

const PG: HandWritten = {
  v2: [
    // follows the rename: PostgreSQL rewrites the view (no refusal for it)
    "CREATE VIEW users_mail AS SELECT id, mail FROM users",
    "CREATE VIEW users_legacy AS SELECT id, legacy FROM users",
    "CREATE FUNCTION users_lower_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.mail := lower(NEW.mail); RETURN NEW; END $$",
    "CREATE TRIGGER users_lower_mail BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION users_lower_mail()",
  ],
  v2Names: ["trigger users_lower_mail on users (function users_lower_mail())", "view users_legacy"],
  v2Fix: [
    "DROP VIEW users_legacy",
    "DROP TRIGGER users_lower_mail ON users",
    "DROP FUNCTION users_lower_mail()",
  ],
  down: [
    "CREATE FUNCTION users_trim_email() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.email := trim(NEW.email); RETURN NEW; END $$",
    "CREATE TRIGGER users_trim_email BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION users_trim_email()",
  ],
  downNames: ["trigger users_trim_email on users (function users_trim_email())"],
  downBroken: "INSERT INTO users (id, mail) VALUES (7, 'x@y')",
  downCleanup: ["DROP TRIGGER users_trim_email ON users", "DROP FUNCTION users_trim_email()"],
  orders: [
    "CREATE VIEW order_notes AS SELECT note FROM orders",
    "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders'",
  ],
  ordersNames: ["function order_count()", "view order_notes"],
  ordersBeforeAllow: ["DROP VIEW order_notes"],
  ordersBroken: "SELECT order_count()",
};

const MARIADB: HandWritten = {
  // MariaDB keeps the view's text: a rename breaks it as a drop does
  v2: [
    "CREATE VIEW users_mail AS SELECT id, mail FROM users",
    "CREATE TRIGGER users_legacy_ins BEFORE INSERT ON users FOR EACH ROW SET NEW.legacy = 'x'",
  ],
  v2Names: ["trigger {db}.users_legacy_ins", "view {db}.users_mail"],
  v2Fix: ["DROP VIEW users_mail", "DROP TRIGGER users_legacy_ins"],
  down: ["CREATE VIEW users_email AS SELECT id, email FROM users"],
  downNames: ["view {db}.users_email"],
  downBroken: "SELECT * FROM users_email",
  downCleanup: ["DROP VIEW users_email"],
  orders: [
    "CREATE VIEW order_notes AS SELECT note FROM orders",
    "CREATE FUNCTION order_count() RETURNS bigint READS SQL DATA RETURN (SELECT count(*) FROM orders)",
  ],
  ordersNames: ["function {db}.order_count", "view {db}.order_notes"],
  ordersBeforeAllow: [],
  ordersBroken: "SELECT * FROM order_notes",
};

/**
 * The user's path when a plain (`--no-stage`) revision, a downgrade or a dropped table would
 * break what something outside the models still names: autogenerate, `upgrade` (or `downgrade`)
 * refused with ATHANOR_BROKEN_DEPENDENTS naming exactly the objects and nothing applied, then
 * the objects fixed (or `--allow-broken-dependents`) and the same revision applied. On
 * PostgreSQL a view over a renamed column follows the rename and is not named.
 */
export function defineUnstagedDependentsSuite(
  makeBackend: () => Promise<StageBackend>,
  on: "postgresql" | "mysql",
): void {
  describe("plain revisions, downgrades and dropped tables under hand-written objects", () => {
    const p = dependentsProject(on);
    const { must, run, refusal, named } = p;
    const objects = on === "mysql" ? MARIADB : PG;
    const current = async () => (await must("current")).stdout.trim().split(/[\s,]/)[0];
    let backend: StageBackend;
    let project: string;

    beforeAll(async () => {
      await p.open(makeBackend, "athanor-unstaged-dependents-");
      ({ backend, project } = p);
      writeFileSync(join(project, "schema.ts"), schema(on, 1));
      await must("revision", "--autogenerate", "-m", "v1", "--rev-id", "a00000000001");
      await must("upgrade");
      await backend.query("INSERT INTO users (id, mail, legacy) VALUES (1, 'ann@example.com', 'l')");
      writeFileSync(join(project, "schema.ts"), schema(on, 2));
      await must(
        "revision",
        "--autogenerate",
        "--no-stage",
        "-m",
        "v2",
        "--rev-id",
        "b00000000001",
        "--rename",
        "users.mail:email",
      );
    }, 180_000);
    afterAll(() => p.dispose());

    test("a --no-stage rename and drop refuses while objects name the columns; nothing applied", async () => {
      const text = revisionText(project, "b00000000001");
      // in the differ's order of the rename and the drop
      expect(text).toMatch(
        /op\.requireNoDependents\("users", \[(\{ renamed: "mail" \}, "legacy"|"legacy", \{ renamed: "mail" \})\]\)/,
      );
      // the downgrade renames email back: checked too
      expect(text).toMatch(/downgrade[\s\S]*op\.requireNoDependents\("users", \[\{ renamed: "email" \}\]\)/);
      await run(objects.v2);
      const error = await refusal("upgrade");
      expect(error.meta.dependents).toEqual(named(objects.v2Names));
      expect(error.message).toMatch(/still name (mail, legacy|legacy, mail) of/);
      expect(await usersColumns(backend)).toEqual(["id", "legacy", "mail"]);
      expect(await current()).toBe("a00000000001");
    }, 180_000);

    test("with the objects fixed the revision applies (a PostgreSQL view follows the rename)", async () => {
      await run(objects.v2Fix);
      await must("upgrade");
      expect(await usersColumns(backend)).toEqual(["email", "id"]);
      if (on === "postgresql") {
        expect(rowsOf(await backend.query("SELECT id, mail FROM users_mail"))).toEqual([
          { id: "1", mail: "ann@example.com" },
        ]);
        // autogenerate would drop a view the models do not declare
        await backend.query("DROP VIEW users_mail");
      }
    }, 180_000);

    test("the downgrade refuses while an object names the column it renames back", async () => {
      await run(objects.down);
      const error = await refusal("downgrade", "a00000000001");
      expect(error.meta.dependents).toEqual(named(objects.downNames));
      expect(error.meta.direction).toBe("downgrade");
      expect(await usersColumns(backend)).toEqual(["email", "id"]);
      expect(await current()).toBe("b00000000001");
      await must("downgrade", "a00000000001", "--allow-broken-dependents");
      expect(await usersColumns(backend)).toEqual(["id", "legacy", "mail"]);
      await expect(backend.query(objects.downBroken)).rejects.toThrow();
      await run(objects.downCleanup);
      await must("upgrade");
    }, 180_000);

    test("a dropped table refuses while a view or routine names it; nothing applied", async () => {
      writeFileSync(join(project, "schema.ts"), schema(on, 3));
      await must("revision", "--autogenerate", "--no-stage", "-m", "v3", "--rev-id", "c00000000001");
      expect(revisionText(project, "c00000000001")).toContain('op.requireNoDependents("orders", "table")');
      await run(objects.orders);
      const error = await refusal("upgrade");
      expect(error.meta.dependents).toEqual(named(objects.ordersNames));
      expect(error.message).toContain("the table");
      expect(await current()).toBe("b00000000001");
      expect(rowsOf(await backend.query("SELECT count(*) AS n FROM orders"))).toHaveLength(1);
      await run(objects.ordersBeforeAllow);
      await must("upgrade", "--allow-broken-dependents");
      expect(await current()).toBe("c00000000001");
      await expect(backend.query(objects.ordersBroken)).rejects.toThrow();
    }, 180_000);
  });
}
