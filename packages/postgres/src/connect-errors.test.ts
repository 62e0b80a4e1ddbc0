import { isAthanorError } from "@athanor/core";
import { describe, expect, test } from "vitest";
import { connectionFailed, parsePostgresUrl } from "./connect-errors.js";

describe("parsePostgresUrl", () => {
  test("reads host, port, database and user, never the password", () => {
    const target = parsePostgresUrl("postgresql://me:s%40cret@db.example:6543/app?sslmode=require");
    expect(target).toEqual({ host: "db.example", port: 6543, database: "app", user: "me" });
    expect(JSON.stringify(target)).not.toContain("cret");
  });

  test("defaults the port to 5432 and the database to the user; multi-host URLs report the first host", () => {
    expect(parsePostgresUrl("postgres://alice@h1:5433,h2:5434/")).toEqual({
      host: "h1",
      port: 5433,
      database: "alice",
      user: "alice",
    });
    expect(parsePostgresUrl("postgres://bob@localhost/x").port).toBe(5432);
  });

  test.each([
    ["mysql://root@localhost/db", "must start with postgres://"],
    ["postgres//postgres@localhost/db", "must start with postgres://"],
    ["postgres://u@localhost:notaport/db", "could not be parsed"],
    ["postgres://u:p@ss@word@[::1/db", "could not be parsed"],
    ["postgres://u%ZZ@localhost/db", "the user name has malformed percent-encoding"],
    ["postgres://u:secret@localhost/d%G1b", "the database name has malformed percent-encoding"],
  ])("a malformed URL %s is ATHANOR_CONNECTION_FAILED (%s), without echoing it", (url, problem) => {
    let caught: unknown;
    try {
      parsePostgresUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(isAthanorError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: "ATHANOR_CONNECTION_FAILED", meta: { causeCode: "INVALID_URL" } });
    expect((caught as Error).message).toContain(problem);
    expect((caught as Error).message).not.toContain(url);
  });
});

describe("connectionFailed", () => {
  const target = { host: "db", port: 5432, database: "app", user: "me" };

  test("explains a known cause and keeps the driver error as cause", () => {
    const cause = Object.assign(new Error('database "app" does not exist'), { code: "3D000" });
    const error = connectionFailed(cause, target);
    expect(error.code).toBe("ATHANOR_CONNECTION_FAILED");
    expect(error.message).toContain("createdb app");
    expect(error.meta).toMatchObject({ ...target, causeCode: "3D000" });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error.toJSON())).meta.causeCode).toBe("3D000");
  });

  test("the createdb advice quotes a database name a shell would read as more than a name", () => {
    const missing = (database: string) =>
      connectionFailed(Object.assign(new Error("no such database"), { code: "3D000" }), {
        ...target,
        database,
      }).message;
    expect(missing("app_1")).toContain("(createdb app_1)");
    expect(missing("x;rm -rf ~")).toContain("(createdb 'x;rm -rf ~')");
    expect(missing("it's $(id)")).toContain(`(createdb 'it'\\''s $(id)')`);
    expect(missing("-V")).toContain("(createdb -- -V)");
  });

  test("an unknown cause still names the target and passes the driver message on", () => {
    const error = connectionFailed(new Error("boom"), target);
    expect(error.message).toContain("db:5432/app");
    expect(error.message).toContain("boom");
    expect(error.meta.causeCode).toBeNull();
  });
});
