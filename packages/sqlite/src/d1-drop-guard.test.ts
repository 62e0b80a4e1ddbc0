import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Connection, defineRevision, type RevisionDefinition, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { droppedTable, unguardedDrops } from "./drivers/d1-drop-guard.js";
import { sqliteTestTargets } from "./testing/targets.js";

// drizzle-kit rebuilds a table as PRAGMA foreign_keys=OFF; CREATE TABLE __new_x; INSERT ...;
// DROP TABLE x; ALTER TABLE __new_x RENAME TO x (and `athanor import drizzle` keeps that SQL).
// D1 ignores the PRAGMA, so the DROP fired every ON DELETE CASCADE of x's children: on D1 the
// revision deleted every post and reported success, while on a SQLite file (athanor's session has
// foreign keys off) the posts stayed. D1 now refuses such a DROP while rows would be reached.
const folder = mkdtempSync(join(tmpdir(), "athanor-d1-drop-guard-"));
const targets = sqliteTestTargets();
afterAll(async () => {
  for (const target of targets) await target.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const schema = (posts: boolean, action = "CASCADE"): RevisionDefinition =>
  defineRevision({
    id: "k1",
    parents: [],
    upgrade(op) {
      op.execute("CREATE TABLE users (id integer PRIMARY KEY, email text)");
      op.execute(
        `CREATE TABLE posts (id integer PRIMARY KEY, author integer REFERENCES users (id) ON DELETE ${action})`,
      );
      op.execute("INSERT INTO users VALUES (1, 'a'), (2, 'b')");
      if (posts) op.execute("INSERT INTO posts VALUES (1, 1), (2, 1), (3, NULL)");
    },
    downgrade() {},
  });
const kitRebuild = defineRevision({
  id: "k2",
  parents: ["k1"],
  upgrade(op) {
    op.execute("PRAGMA foreign_keys=OFF");
    op.execute(
      "CREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `email` text, `nick` text DEFAULT 'x')",
    );
    op.execute("INSERT INTO `__new_users`(`id`, `email`) SELECT `id`, `email` FROM `users`");
    op.execute("DROP TABLE `users`");
    op.execute("ALTER TABLE `__new_users` RENAME TO `users`");
    op.execute("PRAGMA foreign_keys=ON");
  },
  downgrade() {},
});
// drizzle-kit without breakpoints: the whole migration one script (one D1 batch)
const kitScript = defineRevision({
  id: "k2",
  parents: ["k1"],
  upgrade(op) {
    op.execute(
      "PRAGMA foreign_keys=OFF;\nCREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `email` text, `nick` text DEFAULT 'x');\nINSERT INTO `__new_users`(`id`, `email`) SELECT `id`, `email` FROM `users`;\nDROP TABLE `users`;\nALTER TABLE `__new_users` RENAME TO `users`;\nPRAGMA foreign_keys=ON;",
    );
  },
  downgrade() {},
});
const dropParent = defineRevision({
  id: "k2",
  parents: ["k1"],
  upgrade: (op) => op.dropTable("users"),
  downgrade() {},
});

async function rows(conn: Connection, sql: string): Promise<unknown[]> {
  return (await conn.query(sql)).rows;
}

describe.each(targets.map((t) => [t.driver, t] as const))(
  "a DROP TABLE of a parent on %s",
  (driver, target) => {
    const d1 = driver === "d1";
    const name = driver.replace(/\W/g, "_");

    test.each([
      ["with breakpoints", kitRebuild],
      ["as one script", kitScript],
    ])(
      "drizzle-kit's rebuild of a parent (%s) never deletes its children's rows: D1 refuses it, a file keeps them",
      async (form, rebuild) => {
        const dialect = target.dialect(join(folder, `${name}-kit-${form.replaceAll(" ", "-")}`));
        const run = await upgrade({ dialect, revisions: [schema(true), rebuild] }, "heads");
        const conn = await dialect.connect();
        try {
          expect(await rows(conn, "SELECT id, author FROM posts ORDER BY id")).toEqual([
            { id: 1, author: 1 },
            { id: 2, author: 1 },
            { id: 3, author: null },
          ]);
          if (d1) {
            expect(run.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
            expect(run.error?.message).toContain(
              'On D1, DROP TABLE "users" would run ON DELETE CASCADE on the rows of "posts"',
            );
            // the script is one statement of the revision: refused before anything of it ran
            expect(run.results.find((r) => r.revision === "k2")?.status).toBe(
              form === "as one script" ? "failed" : "partial",
            );
            expect(await rows(conn, "SELECT count(*) AS n FROM users")).toEqual([{ n: 2 }]);
          } else {
            expect(run.error, String(run.error?.message)).toBeUndefined();
            expect(await rows(conn, "SELECT nick FROM users ORDER BY id")).toEqual([
              { nick: "x" },
              { nick: "x" },
            ]);
          }
        } finally {
          await conn.close();
        }
      },
    );

    test("with no child row to reach, the same rebuild runs everywhere (a fresh database replays the history)", async () => {
      const dialect = target.dialect(join(folder, `${name}-empty`));
      const run = await upgrade({ dialect, revisions: [schema(false), kitRebuild] }, "heads");
      expect(run.error, String(run.error?.message)).toBeUndefined();
    });

    test.each(["SET NULL", "SET DEFAULT"])(
      "op.dropTable of a parent whose children say ON DELETE %s leaves their keys alone",
      async (action) => {
        const dialect = target.dialect(join(folder, `${name}-drop-${action.replace(" ", "-")}`));
        const run = await upgrade({ dialect, revisions: [schema(true, action), dropParent] }, "heads");
        const conn = await dialect.connect();
        try {
          // on a file the foreign key check refuses the orphans; D1 refuses before the DROP
          expect(run.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
          if (d1) expect(run.error?.message).toContain(`would run ON DELETE ${action}`);
          expect(await rows(conn, "SELECT author FROM posts ORDER BY id")).toEqual([
            { author: 1 },
            { author: 1 },
            { author: null },
          ]);
        } finally {
          await conn.close();
        }
      },
    );
  },
);

describe("droppedTable / unguardedDrops", () => {
  test("read the table of a lone DROP TABLE however it is quoted, and nothing else", () => {
    expect(
      [
        "DROP TABLE users",
        'drop table if exists "we""ird";',
        "DROP TABLE `a``b`",
        "DROP TABLE [x y]",
        'DROP TABLE main."t"',
        "DROP TABLE other.t",
        "DROP VIEW v",
        "DROP TABLE t; DROP TABLE u",
        "-- the old one goes\n/* rebuilt */ DROP TABLE users -- done\n",
        "-- DROP TABLE users",
      ].map(droppedTable),
    ).toEqual(["users", 'we"ird', "a`b", "x y", "t", undefined, undefined, undefined, "users", undefined]);
  });

  test("a script's drops after a DELETE are left to it (athanor's D1 rebuild empties the children first)", () => {
    expect(unguardedDrops(["CREATE TABLE n (id)", "DROP TABLE a", "DELETE FROM c", "DROP TABLE b"])).toEqual([
      "a",
    ]);
  });
});
