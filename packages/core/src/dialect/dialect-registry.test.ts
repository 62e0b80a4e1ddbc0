import { afterEach, describe, expect, it } from "vitest";
import type { DialectModule, DialectTarget, SessionDialectModule } from "./dialect-module.js";
import {
  dialectEntry,
  dialectEntryForUrl,
  loadDialect,
  loadSessionDialect,
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

  it("serves the session part from the entry's loadSession, never loading the full module", async () => {
    const session = { name: "regtest-e" } as unknown as SessionDialectModule;
    let fullLoads = 0;
    registerDialect({
      name: "regtest-e",
      urlSchemes: ["regtest-e"],
      load: async () => {
        fullLoads++;
        return fake("regtest-e", ["regtest-e"]);
      },
      loadSession: async () => session,
    });
    expect(await loadSessionDialect("regtest-e")).toBe(session);
    expect(fullLoads).toBe(0);
  });

  it("serves the session part from the full module where the entry has no loadSession", async () => {
    const target: DialectTarget = { dialect: "regtest-f", flavour: "f", url: "regtest-f://db" };
    const opened = { dialect: { name: "regtest-f" }, close: async () => undefined };
    const module = {
      ...fake("regtest-f", ["regtest-f"]),
      label: (flavour: string) => `F ${flavour}`,
      target: () => target,
      open: (asked: DialectTarget) => (asked === target ? opened : undefined),
    } as unknown as DialectModule;
    registerDialect(module);
    const session = await loadSessionDialect("regtest-f");
    expect(session.name).toBe("regtest-f");
    expect(session.label("f")).toBe("F f");
    expect(session.target({ url: "regtest-f://db", file: "c.ts", root: "." })).toBe(target);
    expect(await session.openSession(target)).toBe(opened);
    await expect(loadSessionDialect("regtest-missing")).rejects.toMatchObject({
      code: "ATHANOR_DIALECT_UNKNOWN",
    });
  });

  it("reads a URL's scheme as RFC 3986 spells it", () => {
    expect(urlScheme("postgres://db")).toBe("postgres");
    expect(urlScheme("MariaDB://db")).toBe("mariadb");
    expect(urlScheme("/var/run/db.sock")).toBeUndefined();
  });
});
