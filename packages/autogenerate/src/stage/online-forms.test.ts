import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../diff/diff-schemas.js";
import { col, columnIndex, fk, model, table } from "../testing/model-builders.js";
import { expectGolden, renderChain } from "../testing/staged-chain.js";
import { stageDiff } from "./stage-diff.js";
import type { StagedDiff } from "./stage-types.js";

const HOOKS = { postgresql: postgresDifferHooks, mysql: mysqlDifferHooks } as const;
type Family = keyof typeof HOOKS;

const id = col("id", "integer", { nullable: false });
const index = columnIndex;
const unique = {
  name: "users_email_key",
  columns: ["email"],
  nullsNotDistinct: true,
  deferrable: false,
  initiallyDeferred: false,
};

// Every change below touches a table that already exists, except `posts`, which is new.
const live = model([
  table("users", [id, col("email", "text"), col("nick", "text")]),
  table("orders", [id, col("user_id", "integer"), col("total", "integer")], { primaryKey: null }),
]);
const desired = model([
  table("users", [id, col("email", "text"), col("nick", "text", { nullable: false })], {
    uniques: [unique],
    indexes: [index("users_nick_idx", "nick")],
  }),
  table("orders", [id, col("user_id", "integer"), col("total", "integer")], {
    foreignKeys: [fk("orders_user_fk", ["user_id"], "users")],
    checks: [{ name: "orders_total_check", expression: "(total > 0)", validated: true }],
  }),
  table("posts", [id, col("title", "text")], { indexes: [index("posts_title_idx", "title")] }),
]);

function stage(family: Family, stageRecipes: boolean): StagedDiff {
  const hooks = HOOKS[family];
  const diff = diffSchemas(desired, live, { hooks });
  return stageDiff({ diff, desired, live, hooks, serverVersion: 150004, stage: stageRecipes });
}

const renderAll = (staged: StagedDiff, family: Family) => renderChain(staged, HOOKS[family], "online");
const golden = (name: string, text: string) =>
  expectGolden(new URL(`./__golden__/${name}`, import.meta.url), text);

describe("PostgreSQL's non-blocking forms", () => {
  it("moves index builds, key attachments, validations and SET NOT NULL of existing tables into a non-transactional revision", () => {
    const staged = stage("postgresql", false);
    expect(
      staged.revisions.map((r) => [r.kind, r.phase, r.kind === "staged" ? r.transactional : true]),
    ).toEqual([
      ["plain", undefined, true],
      ["staged", undefined, false],
    ]);
    const plain = staged.revisions[0];
    // the new table keeps its plain index: it is empty, nothing waits
    expect(plain?.kind === "plain" && plain.operations.map((o) => o.kind)).toEqual([
      "createTable",
      "createIndex",
    ]);
    expect(new Set(staged.changes.map((c) => c.recipe))).toEqual(new Set(["online"]));
    const text = renderAll(staged, "postgresql");
    expect(text).toContain("transactional: false");
    golden("online-postgres.ts.txt", text);
  });

  it("writes the same non-blocking revision in staged mode", () => {
    expect(renderAll(stage("postgresql", true), "postgresql")).toBe(
      renderAll(stage("postgresql", false), "postgresql"),
    );
  });

  it("swaps an index redefined under its name: built beside the old one, the old dropped, the new renamed; the downgrade swaps back", () => {
    const withIndex = (column: string) =>
      model([
        table("users", [id, col("email", "text"), col("nick", "text")], {
          indexes: [index("users_key_idx", column)],
        }),
      ]);
    const [want, have] = [withIndex("nick"), withIndex("email")];
    const diff = diffSchemas(want, have, { hooks: postgresDifferHooks });
    const staged = stageDiff({
      diff,
      desired: want,
      live: have,
      hooks: postgresDifferHooks,
      serverVersion: 150004,
      stage: false,
    });
    expect(staged.revisions.map((r) => r.kind)).toEqual(["staged"]);
    const groups = staged.revisions[0]?.kind === "staged" ? staged.revisions[0].groups : [];
    const ops = (side: "up" | "down") =>
      groups.flatMap((g) => g[side]).flatMap((s) => (s.kind === "operation" ? [s.operation] : []));
    expect(ops("up")).toMatchObject([
      {
        kind: "createIndex",
        name: "users_key_idx_athanor_new",
        concurrently: true,
        keys: [{ column: "nick" }],
      },
      { kind: "dropIndex", name: "users_key_idx", concurrently: true },
      { kind: "renameIndex", from: "users_key_idx_athanor_new", to: "users_key_idx" },
    ]);
    expect(ops("down")).toMatchObject([
      { kind: "renameIndex", from: "users_key_idx", to: "users_key_idx_athanor_new" },
      { kind: "createIndex", name: "users_key_idx", concurrently: true, keys: [{ column: "email" }] },
      { kind: "dropIndex", name: "users_key_idx_athanor_new", concurrently: true },
    ]);
  });

  it("swaps a redefined index even when a column is added to its table: no plain DROP INDEX in the ordinary revision", () => {
    const have = model([
      table("users", [id, col("email", "text")], { indexes: [index("users_key_idx", "email")] }),
    ]);
    const want = model([
      table("users", [id, col("email", "text"), col("nick", "text")], {
        indexes: [index("users_key_idx", "nick")],
      }),
    ]);
    const staged = stageDiff({
      diff: diffSchemas(want, have, { hooks: postgresDifferHooks }),
      desired: want,
      live: have,
      hooks: postgresDifferHooks,
      serverVersion: 150004,
      stage: false,
    });
    const all = staged.revisions.flatMap((r) =>
      r.kind === "staged"
        ? r.groups.flatMap((g) => g.up).flatMap((s) => (s.kind === "operation" ? [s.operation] : []))
        : r.operations,
    );
    // the column is added first (the ordinary revision), then the swap builds on it
    expect(all.map((o) => [o.kind, "concurrently" in o ? o.concurrently : undefined])).toEqual([
      ["addColumn", undefined],
      ["createIndex", true],
      ["dropIndex", true],
      ["renameIndex", undefined],
    ]);
  });

  it("names the swap's new index within PostgreSQL's 63 bytes, cutting a long name between characters", () => {
    const long = `idx_${"é".repeat(18)}😀😀_${"x".repeat(6)}`; // 55 bytes: with the suffix, 67
    const withIndex = (column: string) =>
      model([
        table("users", [id, col("email", "text"), col("nick", "text")], { indexes: [index(long, column)] }),
      ]);
    const diff = diffSchemas(withIndex("nick"), withIndex("email"), { hooks: postgresDifferHooks });
    const staged = stageDiff({
      diff,
      desired: withIndex("nick"),
      live: withIndex("email"),
      hooks: postgresDifferHooks,
      serverVersion: 150004,
      stage: false,
    });
    const rename = (staged.revisions[0]?.kind === "staged" ? staged.revisions[0].groups : [])
      .flatMap((g) => g.up)
      .flatMap((s) => (s.kind === "operation" && s.operation.kind === "renameIndex" ? [s.operation] : []))[0];
    expect(rename?.to).toBe(long);
    const temporary = rename?.from ?? "";
    expect(new TextEncoder().encode(temporary).length).toBeLessThanOrEqual(63);
    // cut to 42 bytes before the first emoji (4 bytes: a cut inside it would leave half a
    // surrogate pair), then a hash of the whole name, so another long name never gets the same
    expect(temporary).toMatch(new RegExp(`^idx_${"é".repeat(18)}_[0-9a-f]{8}_athanor_new$`));
  });

  it("leaves MySQL's diff as it is (InnoDB builds indexes online)", () => {
    expect(stage("mysql", false).revisions).toEqual([]);
  });

  it("keeps a key in its plain form when a table created in the same diff references it inline", () => {
    const before = model([table("users", [id, col("email", "text")])]);
    const after = model([
      table("users", [id, col("email", "text")], { uniques: [{ ...unique, nullsNotDistinct: false }] }),
      table("invites", [id, col("email", "text")], {
        foreignKeys: [{ ...fk("invites_email_fk", ["email"], "users"), referencedColumns: ["email"] }],
      }),
    ]);
    const diff = diffSchemas(after, before, { hooks: postgresDifferHooks });
    const staged = stageDiff({
      diff,
      desired: after,
      live: before,
      hooks: postgresDifferHooks,
      stage: false,
    });
    // the unique key stays next to the table that needs it; lint reports its plain form
    expect(staged.revisions).toEqual([]);
  });
});
