import { type AlterColumn, operations as o, reverse } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { describeOperation } from "./describe-operation.js";

describe("describeOperation: the staged operations that used to be raw SQL", () => {
  it("names the sync trigger, its table and direction, and the NOT NULL constraint", () => {
    const sync = o.createSyncTrigger(
      "users_mail_email_sync",
      { schema: "app", name: "users" },
      {
        source: "mail",
        target: "email",
        twoWay: true,
      },
    );
    const oneWay = o.createSyncTrigger("users_age_age_new_sync", "users", {
      source: "age",
      target: "age_new",
      twoWay: false,
      toTarget: 'NEW."age"::integer',
    });
    const notNull = o.addNotNull("users_tz_not_null", "users", "tz", { notValid: true });
    expect([sync, oneWay, reverse(sync), notNull, reverse(notNull)].map(describeOperation)).toEqual([
      "+ sync trigger users_mail_email_sync on app.users: mail ↔ email",
      "+ sync trigger users_age_age_new_sync on users: age → age_new",
      "- sync trigger users_mail_email_sync on app.users",
      "+ not null users_tz_not_null on users.tz (not valid)",
      "- constraint users_tz_not_null on users",
    ]);
  });
});

/** Every key of `alterColumn` that changes something (keep in step with core's `AlterColumn`). */
type AlterColumnChange = Exclude<
  keyof AlterColumn,
  `existing${string}` | "kind" | "table" | "column" | "using" | "reverseUsing"
>;

describe("describeOperation: alterColumn names every aspect it changes", () => {
  const oneChange: Record<AlterColumnChange, [Partial<AlterColumn>, string]> = {
    type: [{ type: "bigint", existingType: "integer" }, "type integer → bigint"],
    nullable: [{ nullable: false }, "set not null"],
    default: [{ default: null }, "drop default"],
    comment: [{ comment: "why" }, "comment"],
    onUpdate: [{ onUpdate: "current_timestamp()" }, "on update current_timestamp()"],
    generated: [{ generated: { expression: "concat(`email`,'?')" } }, "generated as concat(`email`,'?')"],
    autoIncrement: [{ autoIncrement: false }, "drop auto_increment"],
  };

  for (const [key, [change, expected]] of Object.entries(oneChange)) {
    it(`${key}: the line says what changes (a MariaDB check printed "~ column accounts.gen: " for a generation change)`, () => {
      const op = { kind: "alterColumn", table: { name: "accounts" }, column: "c", ...change } as AlterColumn;
      expect(describeOperation(op)).toBe(`~ column accounts.c: ${expected}`);
    });
  }

  it("a key it has no words for is still named, so the line is never empty", () => {
    const op = {
      kind: "alterColumn",
      table: { name: "t" },
      column: "c",
      existingType: "x",
      charset: "latin1",
    };
    expect(describeOperation(op as unknown as AlterColumn)).toBe("~ column t.c: charset");
  });

  it("the other directions of the MySQL aspects", () => {
    const base = { kind: "alterColumn", table: { name: "t" }, column: "c" } as const;
    expect(
      [
        { ...base, onUpdate: null },
        { ...base, generated: null },
        { ...base, generated: { expression: "a + 1", storage: "stored" } },
        { ...base, autoIncrement: true },
      ].map((op) => describeOperation(op as AlterColumn)),
    ).toEqual([
      "~ column t.c: drop on update",
      "~ column t.c: drop generation (keeps values)",
      "~ column t.c: generated as a + 1 stored",
      "~ column t.c: add auto_increment",
    ]);
  });
});
