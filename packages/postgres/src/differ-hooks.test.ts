import { describe, expect, it } from "vitest";
import { postgresDifferHooks as hooks } from "./differ-hooks.js";

const staging =
  hooks.staging ??
  (() => {
    throw new Error("postgresDifferHooks has no staging hooks");
  })();

const pair = {
  schema: "audit",
  inDefaultSchema: false,
  table: 'ev"ents',
  source: "mail",
  target: "email",
  name: "events_mail_email_sync",
  toTarget: (row: string) => `${row}."mail"`,
  toSource: (row: string) => `${row}."email"`,
  twoWay: false,
};

describe("postgresDifferHooks", () => {
  it("keeps a column in step with one plpgsql function and one trigger, each undone by its drop", () => {
    const [fn, trigger] = staging.syncTriggers(pair);
    expect(fn?.sql).toMatch(/^CREATE FUNCTION "audit"\."events_mail_email_sync"\(\) RETURNS trigger/);
    expect(fn?.down).toBe('DROP FUNCTION "audit"."events_mail_email_sync"()');
    expect(trigger?.sql).toBe(
      'CREATE TRIGGER "events_mail_email_sync" BEFORE INSERT OR UPDATE ON "audit"."ev""ents" FOR EACH ROW EXECUTE FUNCTION "audit"."events_mail_email_sync"()',
    );
    expect(trigger?.down).toBe('DROP TRIGGER "events_mail_email_sync" ON "audit"."ev""ents"');
  });

  it("adds NOT NULL NOT VALID natively from PostgreSQL 18 only", () => {
    const table = { schema: undefined, name: "users" };
    expect(staging.notValidNotNull?.(170000, table, "users_tz_not_null", "tz")).toBeUndefined();
    expect(staging.notValidNotNull?.(undefined, table, "users_tz_not_null", "tz")).toBeUndefined();
    expect(staging.notValidNotNull?.(180000, table, "users_tz_not_null", "tz")).toEqual({
      sql: 'ALTER TABLE "users" ADD CONSTRAINT "users_tz_not_null" NOT NULL "tz" NOT VALID',
      down: 'ALTER TABLE "users" DROP CONSTRAINT "users_tz_not_null"',
    });
  });

  it("refuses a name PostgreSQL would truncate instead of writing it", () => {
    expect(() => hooks.quoteIdentifier("x".repeat(64))).toThrow(/ATHANOR_INVALID_IDENTIFIER|64 bytes/);
  });
});
