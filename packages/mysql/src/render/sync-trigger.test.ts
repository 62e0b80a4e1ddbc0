import { operations as o, reverse } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { renderMysql } from "../renderer.js";

describe("sync triggers on MySQL/MariaDB", () => {
  it("two-way: two BEFORE triggers that copy whichever side changed, names quoted", () => {
    const op = o.createSyncTrigger("users_mail_email_sync", "us`ers", {
      source: "mail",
      target: "email",
      twoWay: true,
    });
    expect(renderMysql(op)).toMatchInlineSnapshot(`
      [
        "CREATE TRIGGER \`users_mail_email_sync_ins\` BEFORE INSERT ON \`us\`\`ers\` FOR EACH ROW SET NEW.\`email\` = COALESCE(NEW.\`email\`, NEW.\`mail\`), NEW.\`mail\` = COALESCE(NEW.\`mail\`, NEW.\`email\`)",
        "CREATE TRIGGER \`users_mail_email_sync_upd\` BEFORE UPDATE ON \`us\`\`ers\` FOR EACH ROW SET NEW.\`email\` = IF(NOT (NEW.\`mail\` <=> OLD.\`mail\`) AND (NEW.\`email\` <=> OLD.\`email\`), NEW.\`mail\`, NEW.\`email\`), NEW.\`mail\` = IF(NOT (NEW.\`email\` <=> OLD.\`email\`) AND (NEW.\`mail\` <=> OLD.\`mail\`), NEW.\`email\`, NEW.\`mail\`)",
      ]
    `);
    expect(renderMysql(reverse(op))).toMatchInlineSnapshot(`
      [
        "DROP TRIGGER \`users_mail_email_sync_upd\`",
        "DROP TRIGGER \`users_mail_email_sync_ins\`",
      ]
    `);
  });

  it("one-way with a conversion, in another database", () => {
    const op = o.createSyncTrigger(
      "t_a_b_sync",
      { schema: "app", name: "t" },
      {
        source: "a",
        target: "b",
        twoWay: false,
        toTarget: "UPPER(NEW.`a`)",
      },
    );
    expect(renderMysql(op)).toMatchInlineSnapshot(`
      [
        "CREATE TRIGGER \`app\`.\`t_a_b_sync_ins\` BEFORE INSERT ON \`app\`.\`t\` FOR EACH ROW SET NEW.\`b\` = UPPER(NEW.\`a\`)",
        "CREATE TRIGGER \`app\`.\`t_a_b_sync_upd\` BEFORE UPDATE ON \`app\`.\`t\` FOR EACH ROW SET NEW.\`b\` = IF(NOT (NEW.\`a\` <=> OLD.\`a\`), UPPER(NEW.\`a\`), NEW.\`b\`)",
      ]
    `);
  });
});
