import { describe, expect, it } from "vitest";
import { importPeer } from "./import-peer.js";

const need = { install: ["@athanor/nowhere", "nowhere-driver"], purpose: "the config selects Nowhere" };

describe("importPeer", () => {
  it("returns the module when it is installed", async () => {
    const path = await importPeer(() => import("node:path"), "node:path", need);
    expect(typeof path.join).toBe("function");
  });

  it("turns a missing package into ATHANOR_PACKAGE_MISSING with the exact npm i line", async () => {
    const specifier = "@athanor/nowhere-at-all";
    const error = await importPeer(() => import(specifier), specifier, need).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ATHANOR_PACKAGE_MISSING",
      meta: { package: "@athanor/nowhere-at-all", install: "npm i @athanor/nowhere nowhere-driver" },
    });
    expect((error as Error).message).toContain("but the config selects Nowhere");
    expect((error as Error).message).toMatch(/npm i @athanor\/nowhere nowhere-driver$/);
  });

  it("rethrows a package that is present but broken (a missing dependency of its own) as it is", async () => {
    const broken = Object.assign(
      new Error("Cannot find package 'left-pad' imported from /x/node_modules/a/index.js"),
      {
        code: "ERR_MODULE_NOT_FOUND",
      },
    );
    const error = await importPeer(() => Promise.reject(broken), "a", need).catch((e: unknown) => e);
    expect(error).toBe(broken);
  });
});
