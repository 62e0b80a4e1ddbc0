import { errorAsShown } from "@athanor/core/testing";
import { describe, expect, it } from "vitest";
import { connectionFailed } from "./mysql-driver.js";

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
