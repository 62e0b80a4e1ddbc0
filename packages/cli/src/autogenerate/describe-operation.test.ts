import { operations as o, reverse } from "@athanor/core";
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
