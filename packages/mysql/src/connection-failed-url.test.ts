import { errorAsShown } from "@athanor/core/testing";
import { describe, expect, it } from "vitest";
import { connectionFailed, openMysqlConnection } from "./mysql-driver.js";

// The connection error names the URL it was given; WHATWG URL cannot read a `/` in a password, and
// the part it cannot read is still hidden.
describe("connectionFailed names the URL without its secrets", () => {
  it.each([
    ["mysql://u:se/cret@127.0.0.1:3306/db", "mysql://***@127.0.0.1:3306/db"],
    ["mysql://u:pw@127.0.0.1:3306/db?password1=sekret", "mysql://u:***@127.0.0.1:3306/db?password1=***"],
  ])("%s", (url, shown) => {
    const error = connectionFailed(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }), url);
    expect(error.message).toContain(shown);
    expect(error.meta).toMatchObject({ url: shown });
    expect(errorAsShown(error)).not.toMatch(/sekret|se\/cret|:pw@/);
  });
});

// mysql2 decodes the user, password and database itself; its "URI malformed" named no part.
describe("a URL with malformed percent-encoding", () => {
  it.each([
    ["mysql://u%ZZ@127.0.0.1:3306/db", "user name"],
    ["mysql://root:se%ZZcret@127.0.0.1:3306/db", "password"],
    ["mysql://root:sekret@127.0.0.1:3306/d%G1b", "database name"],
  ])("%s names the part (%s) without echoing the password", async (url, part) => {
    const caught = await openMysqlConnection({ url }).catch((error: unknown) => error);
    expect(caught).toMatchObject({ code: "ATHANOR_CONNECTION_FAILED" });
    const shown = errorAsShown(caught);
    expect(shown).toContain(`the URL's ${part} has malformed percent-encoding`);
    expect(shown).not.toMatch(/URI malformed|sekret|se%ZZcret/);
  });
});
