import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../diff/diff-schemas.js";
import { col, columnIndex, model, table } from "../testing/model-builders.js";
import { expectGolden, renderChain } from "../testing/staged-chain.js";
import { stageDiff } from "./stage-diff.js";
import type { StagedDiff } from "./stage-types.js";

const HOOKS = { postgresql: postgresDifferHooks, mysql: mysqlDifferHooks } as const;
type Family = keyof typeof HOOKS;

const id = col("id", "bigint", { nullable: false });
const mailIndex = (column: string) => columnIndex("users_mail_idx", column);

const live = model([
  table("users", [id, col("mail", "text", { nullable: false }), col("age", "text"), col("legacy", "text")], {
    indexes: [mailIndex("mail")],
  }),
  table("old_stuff", [id]),
]);
const desired = model([
  table(
    "users",
    [
      id,
      col("email", "text", { nullable: false }),
      col("age", "integer", { nullable: false, default: "0" }),
      col("tz", "text", { nullable: false }),
      col("bio", "text"),
    ],
    { indexes: [mailIndex("email")] },
  ),
]);

function stage(family: Family, serverVersion?: number): StagedDiff {
  const hooks = HOOKS[family];
  const diff = diffSchemas(desired, live, {
    hooks,
    renames: [{ kind: "column", table: "users", from: "mail", to: "email" }],
  });
  return stageDiff({ diff, desired, live, hooks, serverVersion });
}

const renderAll = (staged: StagedDiff, family: Family) => renderChain(staged, HOOKS[family], "users v2");
const golden = (name: string, text: string) =>
  expectGolden(new URL(`./__golden__/${name}`, import.meta.url), text);

describe("stageDiff", () => {
  it("splits a PostgreSQL 15 diff into ordinary → expand → migrate ×2 → contract ×4", () => {
    const staged = stage("postgresql", 150004);
    expect(staged.revisions.map((r) => [r.kind, r.phase])).toEqual([
      ["plain", undefined],
      ["staged", "expand"],
      ["staged", "migrate"],
      ["staged", "migrate"],
      ["staged", "contract"],
      ["staged", "contract"],
      ["staged", "contract"],
      ["staged", "contract"],
    ]);
    expect(staged.changes.map((c) => [c.recipe, c.target])).toEqual([
      ["renameColumn", "users.email"],
      ["typeChange", "users.age"],
      ["requiredColumn", "users.tz"],
      ["drop", "users.legacy"],
      ["drop", "old_stuff"],
    ]);
    const plain = staged.revisions[0];
    expect(plain?.kind === "plain" && plain.operations.map((o) => o.kind)).toEqual(["addColumn"]);
    golden("staged-postgres.ts.txt", renderAll(staged, "postgresql"));
  });

  it("uses PostgreSQL 18's NOT NULL NOT VALID when the server has it", () => {
    const text = renderAll(stage("postgresql", 180000), "postgresql");
    expect(text).toContain('op.addNotNull("users_tz_not_null", "users", "tz", { notValid: true });');
    expect(text).toContain('op.validateConstraint("users_tz_not_null", "users");');
    expect(text).not.toContain("op.addCheck(");
  });

  it("writes no SQL of its own: every staged step is an operation the dialect renders", () => {
    for (const text of [
      renderAll(stage("postgresql", 150004), "postgresql"),
      renderAll(stage("postgresql", 180000), "postgresql"),
      renderAll(stage("mysql"), "mysql"),
    ]) {
      expect(text).not.toContain("op.execute(");
      expect(text).toContain("op.createSyncTrigger(");
      expect(text).toContain("op.dropSyncTrigger(");
    }
  });

  it("writes MySQL triggers and a plain MODIFY in contract", () => {
    const staged = stage("mysql");
    expect(staged.revisions.map((r) => r.phase)).toEqual([
      undefined,
      "expand",
      "migrate",
      "contract",
      "contract",
      "contract",
    ]);
    golden("staged-mysql.ts.txt", renderAll(staged, "mysql"));
  });

  it("where the dialect places columns, puts each moved or dropped column back where it was, around its moved neighbours", () => {
    const diff = diffSchemas(desired, live, {
      hooks: mysqlDifferHooks,
      renames: [{ kind: "column", table: "users", from: "mail", to: "email" }],
    });
    const staged = stageDiff({ diff, desired, live, hooks: mysqlDifferHooks, placesColumns: true });
    const adds = (side: "up" | "down") =>
      staged.revisions.flatMap((r) =>
        r.kind === "staged"
          ? r.groups.flatMap((g) =>
              g[side].flatMap((s) =>
                s.kind === "operation" && s.operation.kind === "addColumn"
                  ? [[s.operation.column.name, s.operation.position]]
                  : [],
              ),
            )
          : [],
      );
    // live: id, mail, age, legacy. Expand puts each new column next to the one it replaces.
    expect(adds("up")).toEqual([
      ["email", { after: "mail" }],
      ["age_new", { after: "age" }],
      ["tz", undefined],
    ]);
    // contract is undone group by group in reverse: age comes back while mail's move still
    // stands (its column is called email then), mail after id; legacy after age, the contract
    // revision being applied when the drop revision is undone
    expect(adds("down")).toEqual([
      ["mail", { after: "id" }],
      ["age", { after: "email" }],
      ["legacy", { after: "age" }],
    ]);
    // PostgreSQL (no placesColumns): every column goes last
    expect(stage("postgresql", 150004).revisions.some((r) => JSON.stringify(r).includes('"position"'))).toBe(
      false,
    );
  });

  it("never mixes a backfill with schema changes in one revision's upgrade", () => {
    for (const staged of [stage("postgresql", 150004), stage("postgresql", 180000), stage("mysql")]) {
      for (const revision of staged.revisions) {
        if (revision.kind !== "staged") continue;
        // the dependents check changes nothing: it may open a backfill revision
        const changes = revision.groups.flatMap((g) =>
          g.up.filter((s) => s.kind !== "operation" || s.operation.kind !== "requireNoDependents"),
        );
        const kinds = new Set(changes.map((step) => step.kind));
        expect(kinds.has("backfill") && kinds.has("operation"), revision.title).toBe(false);
      }
    }
  });

  it("--no-stage silences, each with its reason, the findings the recipe would have avoided", () => {
    const diff = diffSchemas(desired, live, {
      hooks: postgresDifferHooks,
      renames: [{ kind: "column", table: "users", from: "mail", to: "email" }],
    });
    const plain = stageDiff({ diff, desired, live, hooks: postgresDifferHooks, stage: false });
    // the index on the renamed column is rebuilt CONCURRENTLY after the plain revision, which carries the silences
    const first = plain.revisions[0];
    expect(first?.kind === "plain" && first.ignores).toEqual(plain.ignores);
    expect(plain.ignores.map((i) => i.rule)).toEqual([
      "pg/rename-column",
      "pg/type-change-rewrite",
      "pg/add-required-column",
      "pg/drop-column",
      "pg/drop-table",
    ]);
    for (const i of plain.ignores) expect(i.reason).toMatch(/^written in place because --no-stage asked/);
    // staged, the recipe takes them all: nothing is left to silence
    expect(stage("postgresql", 150004).ignores).toEqual([]);
  });

  it("stages nothing when every change is safe for running code", () => {
    const diff = diffSchemas(
      model([table("users", [id, col("bio", "text")])]),
      model([table("users", [id])]),
      {
        hooks: postgresDifferHooks,
      },
    );
    const staged = stageDiff({
      diff,
      desired: model([table("users", [id, col("bio", "text")])]),
      live: model([table("users", [id])]),
      hooks: postgresDifferHooks,
    });
    expect(staged).toEqual({ revisions: [], changes: [], ignores: [], notes: [] });
  });

  it("leaves a key column's type change in one step, with a note saying why", () => {
    const before = model([table("users", [col("id", "integer", { nullable: false })])]);
    const after = model([table("users", [col("id", "text", { nullable: false }), col("n", "text")])]);
    const diff = diffSchemas(after, before, { hooks: postgresDifferHooks });
    const staged = stageDiff({ diff, desired: after, live: before, hooks: postgresDifferHooks });
    expect(staged.revisions).toEqual([]);
    const dropped = model([table("users", [col("id", "text", { nullable: false })])]);
    const withDrop = stageDiff({
      diff: diffSchemas(dropped, after, { hooks: postgresDifferHooks }),
      desired: dropped,
      live: after,
      hooks: postgresDifferHooks,
    });
    expect(withDrop.changes.map((c) => c.recipe)).toEqual(["drop"]);
    expect(withDrop.revisions.map((r) => r.phase)).toEqual(["contract"]);
  });

  it("leaves a rename or retype of a column a generated column computes from in place, with a note naming it", () => {
    const users = (mail: string, type = "text") =>
      model([
        table("users", [
          id,
          col(mail, type),
          col("mail_lower", "text", { generated: { expression: `lower(${mail})`, storage: "stored" } }),
        ]),
      ]);
    const renamed = users("email");
    const diff = diffSchemas(renamed, users("mail"), {
      hooks: postgresDifferHooks,
      renames: [{ kind: "column", table: "users", from: "mail", to: "email" }],
    });
    // RENAME COLUMN rewrites lower(mail) itself: nothing dropped or re-added around it
    expect(diff.operations.map((o) => o.kind)).toEqual(["renameColumn"]);
    const staged = stageDiff({ diff, desired: renamed, live: users("mail"), hooks: postgresDifferHooks });
    expect(staged.revisions).toEqual([]);
    expect(staged.notes).toEqual([
      "users.mail: not staged (generated column mail_lower computes from it); the change runs in one step here — review it.",
    ]);
    expect(staged.ignores.map((i) => i.rule)).toEqual(["pg/rename-column"]);

    const retyped = users("mail", "varchar(20)");
    const retype = stageDiff({
      diff: diffSchemas(retyped, users("mail"), { hooks: postgresDifferHooks }),
      desired: retyped,
      live: users("mail"),
      hooks: postgresDifferHooks,
    });
    expect(retype.changes).toEqual([]);
    expect(retype.notes).toEqual([
      "users.mail: not staged (generated column mail_lower computes from it); the change runs in one step here — review it.",
    ]);
  });

  it("keeps the integer → bigint widening in place when told the change does not rewrite", () => {
    const before = model([table("t", [id, col("n", "integer")])]);
    const after = model([table("t", [id, col("n", "bigint")])]);
    const diff = diffSchemas(after, before, { hooks: postgresDifferHooks });
    expect(stageDiff({ diff, desired: after, live: before, hooks: postgresDifferHooks }).revisions).toEqual(
      [],
    );
    const strict = stageDiff({
      diff,
      desired: after,
      live: before,
      hooks: postgresDifferHooks,
      rewritesTable: () => true,
    });
    expect(strict.changes.map((c) => c.recipe)).toEqual(["typeChange"]);
  });

  it("names every swapped column in the contract's one lint ignore when two type changes are staged", () => {
    const before = model([
      table("invoices", [id, col("amount", "decimal(12,2)")]),
      table("orgs", [id, col("plan", "varchar(10)")]),
    ]);
    const after = model([
      table("invoices", [id, col("amount", "decimal(14,2)")]),
      table("orgs", [id, col("plan", "varchar(20)")]),
    ]);
    const diff = diffSchemas(after, before, { hooks: mysqlDifferHooks });
    const staged = stageDiff({
      diff,
      desired: after,
      live: before,
      hooks: mysqlDifferHooks,
      rewritesTable: () => true,
    });
    expect(staged.changes.map((c) => c.target)).toEqual(["invoices.amount", "orgs.plan"]);
    const contract = staged.revisions.find((r) => r.kind === "staged" && r.phase === "contract");
    const ignores = contract?.kind === "staged" ? (contract.ignores ?? []) : [];
    expect(ignores.map((i) => i.rule)).toEqual(["my/rename-column"]);
    expect(ignores[0]?.reason).toContain("own column amount_new (no code reads it) into the place of amount");
    expect(ignores[0]?.reason).toContain("own column plan_new (no code reads it) into the place of plan");
  });
});
