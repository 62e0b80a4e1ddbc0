import { shortName, temporaryName } from "@athanor/core/text";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../diff/diff-schemas.js";
import { col, model, table } from "../testing/model-builders.js";
import { stageDiff } from "./stage-diff.js";
import { syncName } from "./sync-trigger.js";

const bytes = (text: string) => Buffer.byteLength(text);
// a lone surrogate is what a cut inside a pair leaves; encoding turns it into U+FFFD
const wellFormed = (text: string) => Buffer.from(text).toString() === text;

describe("generated names fit PostgreSQL's 63 bytes and stay apart", () => {
  it("a sync trigger over multi-byte names is cut by bytes, not characters", () => {
    const name = syncName({
      table: { name: "ユーザーアカウント情報" },
      source: "メールアドレス",
      target: "電子メールアドレス",
      twoWay: true,
    });
    expect(bytes(name)).toBeLessThanOrEqual(58);
    expect(name).toMatch(/^zz_ユーザーアカウント情報_.*_[0-9a-f]{8}$/);
    expect(wellFormed(name)).toBe(true);
  });

  it.each([
    ["ascii", "a".repeat(80)],
    ["two-byte", "é".repeat(40)],
    ["three-byte", "電".repeat(30)],
    ["surrogate pairs", "😀".repeat(20)],
    ["mixed", `x${"😀".repeat(20)}`],
  ])("shortName of a long %s name", (_kind, name) => {
    const short = shortName(name);
    expect(bytes(short)).toBeLessThanOrEqual(63);
    expect(wellFormed(short)).toBe(true);
    expect(shortName(`${name}2`)).not.toBe(short);
  });

  it("two long index names sharing their first 63 bytes get different temporary names, within 63 bytes", () => {
    const start = "users_email_address_lower_case_for_the_login_lookup_by_tenant";
    const a = temporaryName(`${start}_a`);
    const b = temporaryName(`${start}_b`);
    expect(a).not.toBe(b);
    for (const name of [a, b]) {
      expect(bytes(name)).toBeLessThanOrEqual(63);
      expect(name.endsWith("_athanor_new")).toBe(true);
    }
    expect(temporaryName("users_email_idx")).toBe("users_email_idx_athanor_new");
    expect(bytes(temporaryName("電".repeat(30)))).toBeLessThanOrEqual(63);
    // another suffix (the enum rebuild's `__athanor_old`) is counted in bytes too
    const old = temporaryName("☺".repeat(20), "__athanor_old");
    expect(bytes(old)).toBeLessThanOrEqual(63);
    expect(old.endsWith("__athanor_old")).toBe(true);
  });
});

describe("a staged type change of a long-named column", () => {
  it.each([
    ["ascii", "c".repeat(61)],
    ["multi-byte", "列".repeat(20)],
  ])("adds its %s replacement under a name within 63 bytes", (_kind, column) => {
    const live = model([table("users", [col("id", "bigint", { nullable: false }), col(column, "text")])]);
    const desired = model([
      table("users", [col("id", "bigint", { nullable: false }), col(column, "integer")]),
    ]);
    const diff = diffSchemas(desired, live, { hooks: postgresDifferHooks });
    const staged = stageDiff({ diff, desired, live, hooks: postgresDifferHooks, serverVersion: 150004 });
    const added = staged.revisions.flatMap((r) =>
      r.kind === "staged"
        ? r.groups.flatMap((g) =>
            g.up.flatMap((s) =>
              s.kind === "operation" && s.operation.kind === "addColumn" ? [s.operation.column.name] : [],
            ),
          )
        : [],
    );
    expect(added).toHaveLength(1);
    expect(added[0]).not.toBe(column);
    expect(bytes(added[0] ?? "")).toBeLessThanOrEqual(63);
  });
});
