import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { expressionSpelling, renameInExpression } from "./rename-in-expression.js";

const pg = expressionSpelling(postgresDifferHooks);
const my = expressionSpelling(mysqlDifferHooks);
const mail = new Map([["mail", "email"]]);

// The texts are as each server prints them after RENAME COLUMN mail TO email (PostgreSQL 15,
// MariaDB 10.11); SQLite's bare names are covered with its renderer (packages/sqlite).
describe("renameInExpression", () => {
  it("renames column references, not string literals, function or type names", () => {
    expect(renameInExpression("lower(mail) || 'mail' || (mail)::text", mail, pg)).toBe(
      "lower(email) || 'mail' || (email)::text",
    );
    expect(renameInExpression("mail(x) + mailbox + x.mail", mail, pg)).toBe("mail(x) + mailbox + x.email");
    expect(renameInExpression("(a)::mail", new Map([["mail", "email"]]), pg)).toBe("(a)::mail");
    expect(renameInExpression("E'it\\'s mail' || mail", mail, pg)).toBe("E'it\\'s mail' || email");
    expect(renameInExpression("'it''s mail' <> mail", mail, pg)).toBe("'it''s mail' <> email");
  });

  it("keeps a quoted reference quoted, and quotes a new name PostgreSQL would print quoted", () => {
    expect(renameInExpression('lower("Mail")', new Map([["Mail", "E Mail"]]), pg)).toBe('lower("E Mail")');
    expect(renameInExpression("lower(mail)", new Map([["mail", "eMail"]]), pg)).toBe('lower("eMail")');
  });

  it("renames two columns in one pass: a swap stays a swap", () => {
    const swap = new Map([
      ["a", "b"],
      ["b", "a"],
    ]);
    expect(renameInExpression("a - b", swap, pg)).toBe("b - a");
  });

  it("reads MySQL's backslash escapes and backticks, without case", () => {
    expect(renameInExpression("concat(`Mail`,'it\\'s mail',`mail_2`)", mail, my)).toBe(
      "concat(`email`,'it\\'s mail',`mail_2`)",
    );
  });

  it("leaves comments as they are: their words are no references, their quotes open no literal", () => {
    // SQLite keeps a CHECK's text as written; its RENAME COLUMN renames the reference only
    expect(renameInExpression("mail <> '' /* mail is set */ AND mail <> 'x'", mail, pg)).toBe(
      "email <> '' /* mail is set */ AND email <> 'x'",
    );
    expect(renameInExpression("mail <> '' -- can't be empty\n AND mail <> 'x'", mail, pg)).toBe(
      "email <> '' -- can't be empty\n AND email <> 'x'",
    );
    expect(renameInExpression("mail -- it's the mail", mail, pg)).toBe("email -- it's the mail");
    expect(renameInExpression("mail /* never closed", mail, pg)).toBeUndefined();
    // MySQL: `--` before anything but a blank is two minus signs
    expect(renameInExpression("`mail`--1 + mail", mail, my)).toBe("`email`--1 + email");
    expect(renameInExpression("`mail` -- it's mail", mail, my)).toBe("`email` -- it's mail");
  });
});
