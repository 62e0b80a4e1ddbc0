import { describe, expect, it } from "vitest";
import { hideUrlSecrets, urlCarriesSecret } from "./url-secrets.js";

const sslWithPassphrase = encodeURIComponent(JSON.stringify({ ca: "CA", key: "KEY", passphrase: "sekret" }));

describe("hideUrlSecrets", () => {
  it.each([
    ["postgres://u:sekret@127.0.0.1/db", "postgres://u:***@127.0.0.1/db"],
    ["postgres://u:%73ekret@127.0.0.1/db", "postgres://u:***@127.0.0.1/db"],
    ["postgres://u@127.0.0.1/db?password=sekret", "postgres://u@127.0.0.1/db?password=***"],
    ["postgres://u@127.0.0.1/db?pass%77ord=sekret", "postgres://u@127.0.0.1/db?password=***"],
    [
      "postgres://u@h/db?sslmode=require&sslpassword=sekret",
      "postgres://u@h/db?sslmode=require&sslpassword=***",
    ],
    ["libsql://x.turso.io?authToken=sekret", "libsql://x.turso.io?authToken=***"],
    ["mysql://root@h/d?password1=sekret", "mysql://root@h/d?password1=***"],
    [`mysql://root@h/d?ssl=${sslWithPassphrase}`, "mysql://root@h/d?ssl=***"],
    ["postgres://u@h/db#password=sekret", "postgres://u@h/db#***"],
    // WHATWG URL cannot read these: no user part, no query, no fragment
    ["postgres://u:sekret@h1:5432,h2:5432/db?password=x", "postgres://***@h1:5432,h2:5432/db?***"],
    ["postgres://u:se/cret@h/db", "postgres://***@h/db"],
    ["postgres://u:sekret@[::1/db", "postgres://***@[::1/db"],
  ])("%s is shown as %s", (url, shown) => {
    expect(hideUrlSecrets(url)).toBe(shown);
    expect(hideUrlSecrets(url)).not.toContain("sekret");
    expect(urlCarriesSecret(url)).toBe(true);
  });

  it.each([
    "postgres://u@127.0.0.1:5432/db",
    "postgres://u@127.0.0.1/db?sslmode=require&application_name=monkey",
    `mysql://root@127.0.0.1/d?ssl=${encodeURIComponent(JSON.stringify({ ca: "CA" }))}`,
    "file:./app.db",
    "./app.db",
    "/var/data/a:b@c.db",
    ":memory:",
  ])("%s is shown unchanged and carries no secret", (url) => {
    expect(hideUrlSecrets(url)).toBe(url);
    expect(urlCarriesSecret(url)).toBe(false);
  });
});
