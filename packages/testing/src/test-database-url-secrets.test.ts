import { isAthanorError } from "@athanor/core";
import { errorAsShown, rejectionOf } from "@athanor/core/testing";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./test-database.js";

// An unknown scheme is refused before anything connects; the refusal names the URL, never its secrets.
describe("createTestDatabase names a refused URL without its secrets", () => {
  const ssl = encodeURIComponent(JSON.stringify({ ca: "CA", passphrase: "sekret" }));
  it.each([
    "nosuch://u:sekret@127.0.0.1/db",
    "nosuch://u@127.0.0.1/db?password=sekret",
    "nosuch://x.turso.io/db?authToken=sekret",
    `nosuch://root@127.0.0.1/db?ssl=${ssl}`,
    "nosuch://u:se/cret@127.0.0.1/db",
  ])("%s", async (url) => {
    const error = await rejectionOf(createTestDatabase({ url }));
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONFIG_INVALID");
    const shown = errorAsShown(error);
    expect(shown).toContain("nosuch://");
    expect(shown).not.toMatch(/sekret|se\/cret/);
  });
});
