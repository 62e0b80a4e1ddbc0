import { afterEach, describe, expect, it } from "vitest";
import type { DialectModule } from "./dialect-module.js";
import {
  dialectEntry,
  dialectEntryForUrl,
  loadDialect,
  registerDialect,
  registeredDialects,
  unregisterDialect,
  urlScheme,
} from "./dialect-registry.js";

// A module is plain data plus functions; the registry only reads its name and URL schemes.
const fake = (name: string, urlSchemes: string[]): DialectModule =>
  ({ name, urlSchemes }) as unknown as DialectModule;

afterEach(() => {
  for (const name of registeredDialects().filter((n) => n.startsWith("regtest"))) unregisterDialect(name);
});

describe("dialect registry", () => {
  it("finds a registered module by name and by URL scheme, case-insensitively", async () => {
    const module = fake("regtest-a", ["regtest", "regtest+tls"]);
    registerDialect(module);
    expect(await loadDialect("regtest-a")).toBe(module);
    expect(dialectEntryForUrl("REGTEST+TLS://db/app")?.name).toBe("regtest-a");
    expect(dialectEntryForUrl("nothing-registered://db")).toBeUndefined();
    expect(dialectEntryForUrl("no scheme at all")).toBeUndefined();
  });

  it("fails loudly for a name nobody registered, listing the known ones", () => {
    registerDialect(fake("regtest-b", ["regtest-b"]));
    expect(() => dialectEntry("regtest-missing")).toThrow(
      expect.objectContaining({
        code: "ATHANOR_DIALECT_UNKNOWN",
        meta: expect.objectContaining({
          dialect: "regtest-missing",
          known: expect.arrayContaining(["regtest-b"]),
        }),
      }),
    );
  });

  it("refuses a second registration of a name unless asked to keep or replace the first", async () => {
    const first = fake("regtest-c", ["regtest-c"]);
    const second = fake("regtest-c", ["regtest-c"]);
    registerDialect(first);
    expect(() => registerDialect(second)).toThrow(
      expect.objectContaining({ code: "ATHANOR_CONFIG_INVALID" }),
    );
    registerDialect(second, { ifAbsent: true });
    expect(await loadDialect("regtest-c")).toBe(first);
    registerDialect(second, { replace: true });
    expect(await loadDialect("regtest-c")).toBe(second);
  });

  it("loads a lazily registered entry only when asked, passing what is known of the target", async () => {
    const module = fake("regtest-d", ["regtest-d"]);
    const hints: unknown[] = [];
    registerDialect({
      name: "regtest-d",
      urlSchemes: ["regtest-d"],
      load: async (hint) => {
        hints.push(hint);
        return module;
      },
    });
    expect(hints).toEqual([]);
    expect(await loadDialect("regtest-d", { url: "regtest-d://x" })).toBe(module);
    expect(hints).toEqual([{ url: "regtest-d://x" }]);
  });

  it("reads a URL's scheme as RFC 3986 spells it", () => {
    expect(urlScheme("postgres://db")).toBe("postgres");
    expect(urlScheme("MariaDB://db")).toBe("mariadb");
    expect(urlScheme("/var/run/db.sock")).toBeUndefined();
  });
});
