import type { Operation } from "@athanor/core";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { col, columnIndex, fk, model, table } from "../testing/model-builders.js";
import { diffSchemas } from "./diff-schemas.js";

// DifferHooks.tableAtATime: each table's changes written together (SQLite renders a run of them
// as one rebuild), dependencies between tables kept. The hooks are PostgreSQL's with the flag, so
// the test shows the differ asks the flag, not a dialect's name.
const grouped = { ...postgresDifferHooks, tableAtATime: true };

const id = col("id", "integer", { nullable: false });
const liveTeams = table("teams", [id, col("name", "text"), col("created_at", "text")]);
const liveMembers = table(
  "team_members",
  [id, col("team_id", "integer"), col("role", "text", { nullable: false })],
  {
    foreignKeys: [fk("members_team_fk", ["team_id"], "teams")],
  },
);
const wantTeams = table("teams", [id, col("name", "text", { default: "'unnamed'" }), col("slug", "text")]);
const wantMembers = table(
  "team_members",
  [id, col("team_id", "integer"), col("role", "text"), col("invited_by", "integer")],
  {
    foreignKeys: [
      fk("members_team_fk", ["team_id"], "teams"),
      { ...fk("members_invited_by_fk", ["invited_by"], "team_members"), onDelete: "set null" },
    ],
    indexes: [{ ...columnIndex("members_role_idx", "role"), unique: true }],
  },
);

const steps = (ops: readonly Operation[]) =>
  ops.map((o) => `${o.kind} ${"table" in o && typeof o.table === "object" ? o.table.name : ""}`);

describe("tableAtATime", () => {
  it("writes each table's changes together, a new column before the key on it, the index last", () => {
    const ops = diffSchemas(model([wantTeams, wantMembers]), model([liveTeams, liveMembers]), {
      hooks: grouped,
    }).operations;
    expect(steps(ops)).toEqual([
      "alterColumn team_members",
      "addColumn team_members",
      "addForeignKey team_members",
      "createIndex team_members",
      "alterColumn teams",
      "addColumn teams",
      "dropColumn teams",
    ]);
    // without the flag: bucket order, each kind for every table in turn
    const plain = diffSchemas(model([wantTeams, wantMembers]), model([liveTeams, liveMembers]), {
      hooks: postgresDifferHooks,
    }).operations;
    expect(steps(plain)).toEqual([
      "alterColumn team_members",
      "addColumn team_members",
      "alterColumn teams",
      "addColumn teams",
      "createIndex team_members",
      "addForeignKey team_members",
      "dropColumn teams",
    ]);
    expect(new Set(ops)).toEqual(new Set(plain));
  });

  it("puts a parent's changes before the table that adds a key to it, and after one that drops a key to it", () => {
    // members (first in the models) adds a key to teams' new unique column: teams goes first
    const members = table("team_members", [id, col("team_slug", "text")]);
    const teams = table("teams", [id, col("slug", "text")]);
    const wantKey = {
      ...fk("members_slug_fk", ["team_slug"], "teams"),
      referencedColumns: ["slug"],
    };
    const adding = diffSchemas(
      model([
        { ...members, columns: [...members.columns, col("note", "text")], foreignKeys: [wantKey] },
        { ...teams, uniques: [{ name: "teams_slug_key", columns: ["slug"], nullsNotDistinct: false }] },
      ]),
      model([members, teams]),
      { hooks: grouped },
    ).operations;
    expect(steps(adding)).toEqual([
      "addUnique teams",
      "addColumn team_members",
      "addForeignKey team_members",
    ]);
    // the way back: members' key to teams is dropped before teams loses the unique it uses, though
    // teams (first in the models) drops a key of its own first in bucket order
    const others = table("others", [id]);
    const teamsWithKey = {
      ...teams,
      columns: [...teams.columns, col("other_id", "integer")],
      foreignKeys: [fk("teams_other_fk", ["other_id"], "others")],
    };
    const dropping = diffSchemas(
      model([{ ...teamsWithKey, foreignKeys: [] }, members, others]),
      model([
        {
          ...teamsWithKey,
          uniques: [{ name: "teams_slug_key", columns: ["slug"], nullsNotDistinct: false }],
        },
        { ...members, foreignKeys: [wantKey] },
        others,
      ]),
      { hooks: grouped },
    ).operations;
    expect(dropping.map((o) => `${o.kind} ${"name" in o ? o.name : ""}`)).toEqual([
      "dropConstraint members_slug_fk",
      "dropConstraint teams_other_fk",
      "dropConstraint teams_slug_key",
    ]);
  });

  it("keeps a unique index before a key its own table adds on it (the rebuild for the key checks it)", () => {
    const t = table("nodes", [id, col("code", "text")]);
    const uniqueCode = { ...columnIndex("nodes_code_uq", "code"), unique: true };
    const want = {
      ...t,
      columns: [...t.columns, col("parent_code", "text")],
      indexes: [uniqueCode],
      foreignKeys: [{ ...fk("nodes_parent_fk", ["parent_code"], "nodes"), referencedColumns: ["code"] }],
    };
    const ops = diffSchemas(model([want]), model([t]), { hooks: grouped }).operations;
    expect(steps(ops)).toEqual(["addColumn nodes", "createIndex nodes", "addForeignKey nodes"]);
  });

  it("drops an index name on one table before another table creates it (names match without case)", () => {
    const a = table("a", [id, col("x", "integer")], { indexes: [columnIndex("shared_idx", "x")] });
    const b = table("b", [id, col("y", "integer")], {
      checks: [{ name: "b_y_positive", expression: "y > 0", validated: true }],
    });
    const ops = diffSchemas(
      model([
        { ...a, indexes: [] },
        { ...b, checks: [], indexes: [columnIndex("SHARED_IDX", "y")] },
      ]),
      model([a, b]),
      { hooks: grouped },
    ).operations;
    // b comes first by its check (dropped in an earlier bucket), but a must free the name first
    expect(ops.map((o) => `${o.kind} ${"name" in o ? o.name : ""}`)).toEqual([
      "dropIndex shared_idx",
      "dropConstraint b_y_positive",
      "createIndex SHARED_IDX",
    ]);
  });

  it("keeps the bucket order when the tables' keys depend on each other both ways", () => {
    // a adds a key to b while b adds a key to a, each on a changed table: no order serves both
    const a = table("a", [id, col("b_id", "integer")]);
    const b = table("b", [id, col("a_id", "integer")]);
    const want = model([
      { ...a, columns: [...a.columns, col("x", "text")], foreignKeys: [fk("a_b_fk", ["b_id"], "b")] },
      { ...b, columns: [...b.columns, col("y", "text")], foreignKeys: [fk("b_a_fk", ["a_id"], "a")] },
    ]);
    const ops = diffSchemas(want, model([a, b]), { hooks: grouped }).operations;
    const plain = diffSchemas(want, model([a, b]), { hooks: postgresDifferHooks }).operations;
    expect(steps(ops)).toEqual(steps(plain));
    expect(steps(ops)).toEqual(["addColumn a", "addColumn b", "addForeignKey a", "addForeignKey b"]);
  });

  it("writes a table whose key to a changed parent is replaced (ON DELETE changed) in one run, after the parent", () => {
    // drizzle-kit's unnamed key read as posts_author_id_fkey, the models' posts_author_id_users_id_fk
    // with ON DELETE CASCADE: posts drops a key to users and adds one, and users changes too
    const users = table("users", [id, col("email", "text")]);
    const posts = table("posts", [id, col("author_id", "integer"), col("score", "text")], {
      foreignKeys: [{ ...fk("posts_author_id_fkey", ["author_id"], "users"), onDelete: "no action" }],
    });
    const want = model([
      { ...users, columns: [...users.columns, col("email_lower", "text")] },
      {
        ...posts,
        columns: [id, col("author_id", "integer"), col("score", "integer")],
        foreignKeys: [fk("posts_author_id_users_id_fk", ["author_id"], "users")],
      },
    ]);
    const ops = diffSchemas(want, model([users, posts]), { hooks: grouped }).operations;
    expect(steps(ops)).toEqual([
      "addColumn users",
      "dropConstraint posts",
      "alterColumn posts",
      "addForeignKey posts",
    ]);
    // the way back replaces the key again: one run for posts there too
    const back = diffSchemas(model([users, posts]), want, { hooks: grouped }).operations;
    expect(steps(back)).toEqual([
      "dropColumn users",
      "dropConstraint posts",
      "alterColumn posts",
      "addForeignKey posts",
    ]);
  });
});
