import { isAthanorError } from "@athanor/core";
import { errorAsShown, rejectionOf } from "@athanor/core/testing";
import { describe, expect, it } from "vitest";
import { openLibsqlClient } from "./drivers/libsql-client.js";

// @libsql/client refuses these URLs itself (URL_INVALID) before any network: the refusal must not
// carry the password or token it could not parse.
describe("a libSQL URL the client cannot read is named without its secrets", () => {
  it.each(["libsql://u:se/cret@127.0.0.1:1/db", "libsql://u:sekret@[::1/db?authToken=sekret"])(
    "%s",
    async (url) => {
      const error = await rejectionOf(openLibsqlClient(url, { timeoutMs: 2000 }));
      expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONNECTION_FAILED");
      const shown = errorAsShown(error);
      expect(shown).toContain("libsql://***@");
      expect(shown).not.toMatch(/sekret|se\/cret/);
    },
  );
});
