import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { stageDiff } from "../stage/stage-diff.js";
import { col, model, table } from "../testing/model-builders.js";
import { diffSchemas } from "./diff-schemas.js";

// SQLite's decisions as the differ sees them, without importing the dialect (autogenerate names
// no database): every name folds, constraint names are labels, nothing is staged.
const sqliteLike = {
  ...postgresDifferHooks,
  name: "foldlite",
  foldsNameCase: { tables: true, columns: true },
  constraintNamesAreLabels: true,
  staging: undefined,
  unstaged: {
    inPlaceRules: {
      renameColumn: "x/rename-column",
      renameTable: "x/rename-table",
      dropColumn: "x/drop-column",
      dropTable: "x/drop-table",
      addRequiredColumn: "x/add-required-column",
    },
    reason: "in place",
  },
};
const id = col("id", "integer", { nullable: false });
const kinds = (ops: readonly { kind: string }[]) => ops.map((o) => o.kind);

describe("names that differ only in case, where the server folds case", () => {
  it("a table and its column respelled are renames, never asked and never a drop and a create", () => {
    const asked: string[] = [];
    const live = model([table("Users", [id, col("Email", "text", { nullable: false })])]);
    const desired = model([table("users", [id, col("email", "text", { nullable: false })])]);
    const diff = diffSchemas(desired, live, {
      hooks: sqliteLike,
      resolveRename: (c) => {
        asked.push(c.hint);
        return false;
      },
    });
    expect(asked).toEqual([]);
    expect(diff.renameCandidates).toEqual([]);
    expect(diff.operations).toMatchObject([
      { kind: "renameTable", table: { name: "Users" }, to: "users" },
      { kind: "renameColumn", table: { name: "users" }, from: "Email", to: "email" },
    ]);
    // the constraint label Users_pkey follows the desired users_pkey: no rebuild for a label
    expect(kinds(diff.operations)).not.toContain("dropConstraint");
    // nothing to silence: running code's old spelling still finds the table and the column
    expect(stageDiff({ diff, desired, live, hooks: sqliteLike }).ignores).toEqual([]);
  });

  it("a table renamed with a hint takes the desired constraint labels where names are labels", () => {
    const live = model([table("people", [id])]);
    const desired = model([table("humans", [id])]);
    const renames = [{ kind: "table", from: "people", to: "humans" }] as const;
    const labels = diffSchemas(desired, live, { hooks: sqliteLike, renames: [...renames] });
    expect(kinds(labels.operations)).toEqual(["renameTable"]);
    // where names are objects (PostgreSQL) the key is renamed too
    const objects = diffSchemas(desired, live, { hooks: postgresDifferHooks, renames: [...renames] });
    expect(kinds(objects.operations)).toEqual(["renameTable", "renameConstraint"]);
  });

  it("MySQL folds column names only: a column respelled is renamed in place, unstaged; a table is asked", () => {
    const live = model([table("Users", [id, col("Mail", "varchar(100)")])]);
    const desired = model([table("Users", [id, col("mail", "varchar(100)")])]);
    const diff = diffSchemas(desired, live, { hooks: mysqlDifferHooks, defaultSchema: "public" });
    expect(diff.renameCandidates).toEqual([]);
    expect(kinds(diff.operations)).toEqual(["renameColumn"]);
    const staged = stageDiff({ diff, desired, live, hooks: mysqlDifferHooks, defaultSchema: "public" });
    // no expand/contract: a second column `mail` cannot be added beside `Mail`
    expect(staged.revisions).toEqual([]);
    expect(staged.ignores).toEqual([]);

    const tables = diffSchemas(model([table("users", [id])]), model([table("Users", [id])]), {
      hooks: mysqlDifferHooks,
      defaultSchema: "public",
    });
    expect(tables.renameCandidates.map((c) => c.hint)).toEqual(["Users:users"]);
  });

  it("PostgreSQL compares quoted names exactly: a column respelled is a question, as any rename", () => {
    const diff = diffSchemas(
      model([table("users", [id, col("mail", "text")])]),
      model([table("users", [id, col("Mail", "text")])]),
      { hooks: postgresDifferHooks },
    );
    expect(diff.renameCandidates.map((c) => c.hint)).toEqual(["users.Mail:mail"]);
  });

  it("only ASCII letters fold: names that differ in another letter's case stay apart", () => {
    const diff = diffSchemas(
      model([table("t", [id, col("émile", "text")])]),
      model([table("t", [id, col("Émile", "text")])]),
      { hooks: sqliteLike },
    );
    expect(kinds(diff.operations)).not.toContain("renameColumn");
    expect(diff.renameCandidates.map((c) => c.hint)).toEqual(["t.Émile:émile"]);
  });
});
