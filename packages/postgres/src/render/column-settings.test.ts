import { operations as o } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { renderPostgres } from "../renderer.js";

const sql = (op: Parameters<typeof renderPostgres>[0]) => renderPostgres(op).join(";\n");

describe("the operations autogenerate used to write as raw SQL", () => {
  it("renameEnum keeps the type in its schema", () => {
    expect(sql(o.renameEnum({ schema: "app", name: "mood" }, 'feel"ing'))).toMatchInlineSnapshot(
      `"ALTER TYPE "app"."mood" RENAME TO "feel""ing""`,
    );
  });

  it("rebuildEnum: a guard per column, then rename aside, create, retype with defaults, drop", () => {
    const op = o.rebuildEnum("mood", ["ok", "it's fine"], {
      existingValues: ["ok", "meh", "it's fine"],
      columns: [
        { table: "users", column: "mood", default: "'ok'::mood" },
        { table: { schema: "app", name: "log" }, column: "moods", array: true },
      ],
    });
    expect(renderPostgres(op)).toMatchInlineSnapshot(`
      [
        "DO $athanor$ BEGIN IF EXISTS (SELECT 1 FROM "users" WHERE "mood"::text IN ('meh')) THEN RAISE EXCEPTION USING MESSAGE = 'enum mood loses meh, but rows of users.mood still hold it; update or delete them first. Nothing was changed.', ERRCODE = 'check_violation'; END IF; END $athanor$",
        "DO $athanor$ BEGIN IF EXISTS (SELECT 1 FROM "app"."log" WHERE "moods"::text[] && ARRAY['meh']::text[]) THEN RAISE EXCEPTION USING MESSAGE = 'enum mood loses meh, but rows of log.moods still hold it; update or delete them first. Nothing was changed.', ERRCODE = 'check_violation'; END IF; END $athanor$",
        "ALTER TYPE "mood" RENAME TO "mood__athanor_old"",
        "CREATE TYPE "mood" AS ENUM ('ok', 'it''s fine')",
        "ALTER TABLE "users" ALTER COLUMN "mood" DROP DEFAULT",
        "ALTER TABLE "users" ALTER COLUMN "mood" TYPE "mood" USING "mood"::text::"mood"",
        "ALTER TABLE "users" ALTER COLUMN "mood" SET DEFAULT 'ok'::mood",
        "ALTER TABLE "app"."log" ALTER COLUMN "moods" TYPE "mood"[] USING "moods"::text[]::"mood"[]",
        "DROP TYPE "mood__athanor_old"",
      ]
    `);
  });

  it("rebuildEnum: a value that holds the dollar-quote tag cannot end the guard's body", () => {
    const op = o.rebuildEnum("mood", ["ok"], {
      existingValues: ["ok", "x$athanor$; DROP TABLE users; --"],
      columns: [{ table: "users", column: "mood" }],
    });
    const guard = renderPostgres(op)[0] ?? "";
    expect(guard.startsWith("DO $athanor1$ ")).toBe(true);
    expect(guard.endsWith(" $athanor1$")).toBe(true);
    expect(guard.slice(13, -11)).not.toContain("$athanor1$");
  });

  it("alterIndexStorage: each parameter quoted, numbers bare, other values as literals", () => {
    expect(
      renderPostgres(
        o.alterIndexStorage(
          "ix",
          { schema: "app", name: "t" },
          { set: { fillfactor: "70", deduplicate_items: "off" }, reset: ["toast.autovacuum_enabled"] },
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "ALTER INDEX "app"."ix" SET ("deduplicate_items" = 'off', "fillfactor" = 70)",
        "ALTER INDEX "app"."ix" RESET ("toast"."autovacuum_enabled")",
      ]
    `);
  });

  it("alterColumnIdentity: add with options, change what differs, drop; nothing when nothing differs", () => {
    const from = { always: false, start: "1", increment: "1" } as const;
    expect(
      sql(
        o.alterColumnIdentity(
          "t",
          "id",
          { always: true, start: 10, maxValue: "9223372036854775807", cycle: false },
          { existing: null },
        ),
      ),
    ).toMatchInlineSnapshot(
      `"ALTER TABLE "t" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY (START WITH 10 MAXVALUE 9223372036854775807 NO CYCLE)"`,
    );
    expect(
      sql(o.alterColumnIdentity("t", "id", { ...from, always: true, increment: 5 }, { existing: from })),
    ).toMatchInlineSnapshot(`"ALTER TABLE "t" ALTER COLUMN "id" SET GENERATED ALWAYS SET INCREMENT BY 5"`);
    expect(sql(o.alterColumnIdentity("t", "id", null, { existing: from }))).toMatchInlineSnapshot(
      `"ALTER TABLE "t" ALTER COLUMN "id" DROP IDENTITY"`,
    );
    expect(renderPostgres(o.alterColumnIdentity("t", "id", from, { existing: from }))).toEqual([]);
  });

  it("alterColumnCollation restates the type; null is the default collation", () => {
    expect(sql(o.alterColumnCollation("t", "name", "text", "C", { existing: null }))).toMatchInlineSnapshot(
      `"ALTER TABLE "t" ALTER COLUMN "name" TYPE text COLLATE "C""`,
    );
    expect(sql(o.alterColumnCollation("t", "name", "text", null))).toMatchInlineSnapshot(
      `"ALTER TABLE "t" ALTER COLUMN "name" TYPE text COLLATE "default""`,
    );
  });
});
