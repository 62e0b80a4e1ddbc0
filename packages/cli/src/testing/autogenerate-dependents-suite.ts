import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dependentsProject } from "./dependents-project.js";
import type { StageBackend } from "./stage-suite.js";

/** Which columns `users` keeps (`id` always) and whether `orders` is still a model. */
interface Shape {
  readonly users: readonly ("mail" | "legacy" | "nick" | "notes")[];
  readonly orders: boolean;
  /** The users table's name (default `users`). */
  readonly usersTable?: string;
}

function schema(on: "postgresql" | "mysql", s: Shape): string {
  const [core, int] = on === "mysql" ? ["mysql", "int"] : ["pg", "integer"];
  const columns = s.users.map((c) => `${c}: varchar("${c}", { length: 100 })`);
  const orders = s.orders
    ? `export const orders = ${core}Table("orders", { id: ${int}("id").primaryKey(), note: varchar("note", { length: 100 }) });\n`
    : "";
  return `import { ${int}, ${core}Table, varchar } from "drizzle-orm/${core}-core";
export const users = ${core}Table("${s.usersTable ?? "users"}", { id: ${int}("id").primaryKey(), ${columns.join(", ")} });
${orders}`;
}

/** One server's hand-written objects outside the models, and how its check names them (`{db}`: the database). */
interface HandWritten {
  /** A view reading users.mail. */
  readonly mailView: readonly string[];
  /** A trigger (and its function, on PostgreSQL) naming users.mail. */
  readonly mailTrigger: readonly string[];
  readonly mailNames: readonly string[];
  readonly mailFix: readonly string[];
  /** Over users.legacy, which is renamed to notes: a view (follows the rename on PostgreSQL) and a function. */
  readonly legacy: readonly string[];
  readonly legacyNames: readonly string[];
  readonly legacyFix: readonly string[];
  /** A view over orders, which a staged revision drops. */
  readonly orders: readonly string[];
  readonly ordersNames: readonly string[];
  readonly ordersFix: readonly string[];
  /** A view over users.notes, which a contract drops after the chain renames users to members. */
  readonly notes: readonly string[];
  /** What the contract's check then refuses for: the view if it follows the rename. */
  readonly notesNames: readonly string[];
}

const PG: HandWritten = {
  mailView: ["CREATE VIEW users_mail AS SELECT id, mail FROM users"],
  mailTrigger: [
    "CREATE FUNCTION users_lower_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.mail := lower(NEW.mail); RETURN NEW; END $$",
    "CREATE TRIGGER users_lower_mail BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION users_lower_mail()",
  ],
  mailNames: ["trigger users_lower_mail on users (function users_lower_mail())", "view users_mail"],
  mailFix: [
    "DROP VIEW users_mail",
    "DROP TRIGGER users_lower_mail ON users",
    "DROP FUNCTION users_lower_mail()",
  ],
  legacy: [
    "CREATE VIEW users_legacy AS SELECT id, legacy FROM users",
    "CREATE FUNCTION legacy_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(legacy) FROM users'",
  ],
  legacyNames: ["function legacy_count()"],
  legacyFix: ["DROP VIEW users_legacy", "DROP FUNCTION legacy_count()"],
  orders: ["CREATE VIEW order_notes AS SELECT note FROM orders"],
  ordersNames: ["view order_notes"],
  ordersFix: ["DROP VIEW order_notes"],
  notes: ["CREATE VIEW users_notes AS SELECT id, notes FROM users"],
  // the view follows the rename (pg_depend): the contract's check finds it
  notesNames: ["view users_notes"],
};

const MARIADB: HandWritten = {
  mailView: ["CREATE VIEW users_mail AS SELECT id, mail FROM users"],
  mailTrigger: [
    "CREATE TRIGGER users_lower_mail BEFORE INSERT ON users FOR EACH ROW SET NEW.mail = lower(NEW.mail)",
  ],
  mailNames: ["trigger {db}.users_lower_mail", "view {db}.users_mail"],
  mailFix: ["DROP VIEW users_mail", "DROP TRIGGER users_lower_mail"],
  // MariaDB keeps the view's text: a rename breaks it as a drop does
  legacy: [
    "CREATE VIEW users_legacy AS SELECT id, legacy FROM users",
    "CREATE FUNCTION legacy_count() RETURNS bigint READS SQL DATA RETURN (SELECT count(legacy) FROM users)",
  ],
  legacyNames: ["function {db}.legacy_count", "view {db}.users_legacy"],
  legacyFix: ["DROP VIEW users_legacy", "DROP FUNCTION legacy_count"],
  orders: ["CREATE VIEW order_notes AS SELECT note FROM orders"],
  ordersNames: ["view {db}.order_notes"],
  ordersFix: ["DROP VIEW order_notes"],
  notes: ["CREATE VIEW users_notes AS SELECT id, notes FROM users"],
  // the view keeps naming `users`: it breaks at the rename, and the contract's check (on members) passes
  notesNames: [],
};

// the user keeps the hand-written views out of the comparison (else autogenerate drops them)
const HAND_WRITTEN_VIEWS = ["users_mail", "users_legacy", "order_notes", "users_notes"].flatMap((v) => [
  "--exclude-table",
  v,
]);

/**
 * `revision --autogenerate` against a database whose hand-written objects (outside the models)
 * name what the new revision drops or renames: the output warns, naming each object, what it
 * names and the file (goldens, `{db}` for MariaDB's database), `--json` carries the same, the
 * revision is still written and lints clean, and `upgrade` then refuses with exactly those
 * objects. Nothing depending: no warning at all. A staged chain: the contract's file is named.
 */
export function defineAutogenerateDependentsSuite(
  makeBackend: (project: string) => Promise<StageBackend>,
  on: "postgresql" | "mysql",
  golden: (name: string) => string,
): void {
  describe("autogenerate warns about what the upgrade's dependents check will refuse", () => {
    const p = dependentsProject(on);
    const { cli, must, run, refusal, named } = p;
    const objects = on === "mysql" ? MARIADB : PG;
    const models = (s: Shape) => writeFileSync(join(p.project, "schema.ts"), schema(on, s));
    // MariaDB's database name is random: the goldens hold `{db}`
    const stable = (text: string) => (p.db === "" ? text : text.replaceAll(p.db, "{db}"));
    const autogenerate = async (id: string, message: string, ...extra: string[]) => {
      const made = await cli(
        "revision",
        "--autogenerate",
        "-m",
        message,
        "--rev-id",
        id,
        ...HAND_WRITTEN_VIEWS,
        ...extra,
      );
      expect(made.code, made.stderr).toBe(0);
      return made;
    };
    const refused = async () => (await refusal("upgrade")).meta.dependents;

    beforeAll(async () => {
      await p.open(makeBackend, "athanor-autogenerate-dependents-");
      models({ users: ["mail", "legacy", "nick"], orders: true });
      await must("revision", "--autogenerate", "-m", "v1", "--rev-id", "a00000000001");
      await must("upgrade");
    }, 180_000);
    afterAll(() => p.dispose());

    test("nothing depends on the dropped column: the output has no warning", async () => {
      models({ users: ["mail", "legacy"], orders: true });
      const made = await autogenerate("b00000000001", "drop nick", "--no-stage");
      // the data-loss warning of any drop, and nothing about dependents
      expect(made.stdout).not.toMatch(/outside the models|requireNoDependents|NOTE/);
      await expect(stable(made.stdout)).toMatchFileSnapshot(golden("nothing-depends.txt"));
      await must("upgrade");
    }, 180_000);

    test("a view and a trigger reading the dropped column are named, in text and JSON; upgrade then refuses them", async () => {
      await run([...objects.mailView, ...objects.mailTrigger]);
      models({ users: ["legacy"], orders: true });
      const made = await autogenerate("c00000000001", "drop mail", "--no-stage");
      await expect(stable(made.stdout)).toMatchFileSnapshot(golden("drop-mail.txt"));
      // the same revision again, as JSON (the file is written again, the same)
      const file = join(p.project, "migrations", "versions", "c00000000001_drop_mail.ts");
      const text = readFileSync(file, "utf8");
      rmSync(file);
      const json = await autogenerate("c00000000001", "drop mail", "--no-stage", "--json");
      expect(readFileSync(file, "utf8")).toBe(text);
      const dependents = JSON.parse(json.stdout).dependents as Record<string, unknown>[];
      expect(dependents.map((d) => `${d.kind} ${d.name}`).sort()).toEqual(named(objects.mailNames));
      for (const d of dependents)
        expect(d).toMatchObject({
          table: "users",
          column: "mail",
          change: "dropped",
          revision: "c00000000001",
          file: "migrations/versions/c00000000001_drop_mail.ts",
        });
      // a review aid: the revision is athanor's usual one, and its own lint passes it
      await must("lint");
      // the warning was true
      expect(await refused()).toEqual(named(objects.mailNames));
      await run(objects.mailFix);
      await must("upgrade");
    }, 180_000);

    test("a renamed column: what keeps its old name is named (a PostgreSQL view follows the rename)", async () => {
      await run(objects.legacy);
      models({ users: ["notes"], orders: true });
      const made = await autogenerate(
        "d00000000001",
        "rename legacy",
        "--no-stage",
        "--rename",
        "users.legacy:notes",
      );
      await expect(stable(made.stdout)).toMatchFileSnapshot(golden("rename-legacy.txt"));
      expect(await refused()).toEqual(named(objects.legacyNames));
      await run(objects.legacyFix);
      await must("upgrade");
    }, 180_000);

    test("a staged chain: the contract revision whose guard refuses is named", async () => {
      await run(objects.orders);
      models({ users: ["notes"], orders: false });
      const made = await autogenerate("e00000000001", "drop orders");
      await expect(stable(made.stdout)).toMatchFileSnapshot(golden("staged-drop-orders.txt"));
      const file = join(p.project, "migrations", "versions", "e00000000001_drop_orders_contract_drop.ts");
      rmSync(file);
      const json = JSON.parse((await autogenerate("e00000000001", "drop orders", "--json")).stdout);
      expect(json.dependents).toEqual(
        named(objects.ordersNames).map((n) => ({
          kind: n.slice(0, n.indexOf(" ")),
          name: n.slice(n.indexOf(" ") + 1),
          table: "orders",
          column: null,
          change: "table dropped",
          revision: "e00000000001",
          file: "migrations/versions/e00000000001_drop_orders_contract_drop.ts",
        })),
      );
      expect(await refused()).toEqual(named(objects.ordersNames));
      await run(objects.ordersFix);
      await must("upgrade");
    }, 180_000);

    test("a contract after a table rename: asked of the table as it is named now, and said to depend on the rename", async () => {
      await run(objects.notes);
      models({ users: [], orders: false, usersTable: "members" });
      const made = await autogenerate("f00000000001", "members", "--rename", "users:members");
      await expect(stable(made.stdout)).toMatchFileSnapshot(golden("rename-table-then-drop.txt"));
      expect(made.stdout).toContain(
        "names users.notes, which migrations/versions/f00000000001_2_members_contract_drop.ts drops (as members)",
      );
      if (objects.notesNames.length > 0) expect(await refused()).toEqual(named(objects.notesNames));
      else {
        // the warning said so: not refused, and the view broke at the rename
        await must("upgrade");
        await expect(p.backend.query("SELECT * FROM users_notes")).rejects.toThrow();
      }
    }, 180_000);
  });
}
