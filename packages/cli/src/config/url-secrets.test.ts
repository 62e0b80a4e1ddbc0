import { describe, expect, it } from "vitest";
import { urlCarriesSecret } from "./url-secrets.js";

describe("urlCarriesSecret", () => {
  it.each([
    "postgres://u:sekret@127.0.0.1/db",
    "postgres://u:%73ekret@127.0.0.1/db",
    "postgres://u@127.0.0.1/db?password=sekret",
    "postgres://u@127.0.0.1/db?PassWord=sekret",
    "postgres://u@127.0.0.1/db?pass%77ord=sekret",
    "postgres://u@127.0.0.1/db?sslmode=require&sslpassword=sekret",
    "postgresql:///db?host=/var/run/postgresql&user=u&password=sekret",
    // libpq's multi-host form and a broken host: WHATWG URL cannot read them, so nothing is vouched for
    "postgres://u:sekret@h1:5432,h2:5432/db",
    "postgres://u:sekret@[::1/db",
    "libsql://x.turso.io?authToken=sekret",
    `mysql://root@127.0.0.1/d?ssl=${encodeURIComponent(JSON.stringify({ ca: "CA", key: "KEY", passphrase: "sekret" }))}`,
  ])("%s carries a secret", (url) => {
    expect(urlCarriesSecret(url)).toBe(true);
  });

  it.each([
    "postgres://u@127.0.0.1:5432/db",
    "postgres://u:@127.0.0.1/db",
    "postgres://u@127.0.0.1/db?sslmode=require&application_name=monkey",
    `mysql://root@127.0.0.1/d?ssl=${encodeURIComponent(JSON.stringify({ ca: "CA" }))}`,
    "file:./app.db",
    "./app.db",
    "/var/data/a:b@c.db",
    ":memory:",
  ])("%s carries none", (url) => {
    expect(urlCarriesSecret(url)).toBe(false);
  });
});
