import { describe, expect, it } from "vitest";
import { mysqlDifferHooks as hooks } from "./differ-hooks.js";

const staging =
  hooks.staging ??
  (() => {
    throw new Error("mysqlDifferHooks has no staging hooks");
  })();

describe("mysqlDifferHooks", () => {
  it("keeps a renamed column in step both ways with two BEFORE triggers that convert on assignment", () => {
    const statements = staging.syncTriggers({
      schema: "app",
      inDefaultSchema: true,
      table: "us`ers",
      source: "mail",
      target: "email",
      name: "users_mail_email_sync",
      toTarget: (row) => `${row}.\`mail\``,
      toSource: (row) => `${row}.\`email\``,
      twoWay: true,
    });
    expect(statements.map((s) => s.down)).toEqual([
      "DROP TRIGGER `users_mail_email_sync_ins`",
      "DROP TRIGGER `users_mail_email_sync_upd`",
    ]);
    expect(statements[0]?.sql).toBe(
      "CREATE TRIGGER `users_mail_email_sync_ins` BEFORE INSERT ON `us``ers` FOR EACH ROW SET NEW.`email` = COALESCE(NEW.`email`, NEW.`mail`), NEW.`mail` = COALESCE(NEW.`mail`, NEW.`email`)",
    );
    expect(staging.assignmentConverts).toBe(true);
  });

  it("has no NOT VALID: NOT NULL is made in place and no online revision is split off", () => {
    expect(staging.notNullRecipe).toBe("in-place");
    expect(staging.notValidNotNull).toBeUndefined();
    expect(staging.onlineForms).toBe(false);
  });
});
