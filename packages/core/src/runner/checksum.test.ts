import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { defineRevision } from "../revision/revision.js";
import { checksumsConflict, fileChecksum, moduleChecksum } from "./checksum.js";
import { acceptChecksum, checkChecksums, upgrade } from "./index.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { sqlRevision, sqlRevisionFile } from "./testing/revision-fixtures.js";

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

describe("fileChecksum", () => {
  test("ignores line endings and a BOM but nothing else", () => {
    const text = "export default {\n  id: 'a',\n};\n";
    expect(fileChecksum(text.replaceAll("\n", "\r\n"))).toBe(fileChecksum(text));
    expect(fileChecksum(`\uFEFF${text}`)).toBe(fileChecksum(text));
    expect(fileChecksum(text.replace("'a'", "'b'"))).not.toBe(fileChecksum(text));
    expect(fileChecksum(text)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test("is the SHA-256 of the normalised UTF-8 text: checksums recorded by earlier versions still match", () => {
    expect(fileChecksum("abc")).toBe(
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    for (const text of ["é😀\u2028", "a\r\nb\rc", "\uFEFFx", "\ud83d lone", ""]) {
      const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
      const digest = createHash("sha256").update(normalised, "utf8").digest("hex");
      expect(fileChecksum(text), JSON.stringify(text)).toBe(`sha256:${digest}`);
    }
  });

  test("checksums of different kinds never conflict", () => {
    expect(checksumsConflict("sha256:aa", "sha256:bb")).toBe(true);
    expect(checksumsConflict("sha256:aa", "sha256-module:bb")).toBe(false);
    expect(checksumsConflict("sha256:aa", "sha256:aa")).toBe(false);
  });
});

describe("moduleChecksum", () => {
  test("is the SHA-256 of the header's JSON and the functions' text: module checksums recorded by earlier versions still match", () => {
    // the functions' own source text holds non-ASCII characters and a raw line separator
    const upgrades = [
      (op: { execute(sql: string): unknown }) =>
        void op.execute("CREATE TABLE t (note text DEFAULT 'plain')"),
      (op: { execute(sql: string): unknown }) => void op.execute("CREATE TABLE t (note text DEFAULT 'é😀')"),
      (op: { execute(sql: string): unknown }) => void op.execute("CREATE TABLE t (note text DEFAULT ' ')"),
    ];
    for (const upgrade of upgrades) {
      const definition = defineRevision({
        id: "m1",
        parents: ["m0"],
        upgrade,
        downgrade: (op) => void op.execute("DROP TABLE t"),
      });
      const header = {
        id: "m1",
        parents: ["m0"],
        dependsOn: [],
        branchLabels: [],
        phase: null,
        transactional: true,
      };
      const canonical = `${JSON.stringify(header)}\n${String(definition.upgrade)}\n${String(definition.downgrade)}`;
      const digest = createHash("sha256").update(canonical, "utf8").digest("hex");
      expect(moduleChecksum(definition), String(upgrade)).toBe(`sha256-module:${digest}`);
    }
  });
});

describe("checksum verification", () => {
  test("an edited applied file blocks upgrades until accepted, and the acceptance is recorded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "athanor-checksum-"));
    const first = join(dir, "0001_a.mjs");
    writeFileSync(first, sqlRevisionFile("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]));
    const options = { dialect: t.dialect, revisions: dir };
    expect((await upgrade(options, "heads")).error).toBeUndefined();

    writeFileSync(first, sqlRevisionFile("a", [], ["CREATE TABLE ta (id bigint)"], ["DROP TABLE ta"]));
    writeFileSync(
      join(dir, "0002_b.mjs"),
      sqlRevisionFile("b", ["a"], ["CREATE TABLE tb (id int)"], ["DROP TABLE tb"]),
    );
    const attempt = upgrade(options, "heads");
    await expect(attempt).rejects.toMatchObject({
      code: "ATHANOR_CHECKSUM_MISMATCH",
      meta: { mismatches: [{ revision: "a" }] },
    });
    await expect(attempt).rejects.toThrow(/acceptChecksum\(options, \["a"\]\)/);
    expect(
      (await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'tb'")).rows,
    ).toEqual([]);

    const mismatches = await checkChecksums(options);
    expect(mismatches.map((m) => m.revision)).toEqual(["a"]);
    await expect(acceptChecksum(options, ["b"])).rejects.toMatchObject({ code: "ATHANOR_USAGE" });
    const accepted = await acceptChecksum(options, ["a"], { note: "type widened in review" });
    expect(accepted).toEqual(mismatches);
    const row = (
      await t.db.query<Record<string, unknown>>(
        "SELECT * FROM athanor_version_history WHERE direction = 'accept'",
      )
    ).rows[0];
    expect(row).toMatchObject({
      revision: "a",
      status: "ok",
      checksum: mismatches[0]?.current,
      db_user: "postgres",
    });
    expect(String(row?.note)).toContain("type widened in review");

    const run = await upgrade(options, "heads");
    expect(run.results.map((r) => [r.revision, r.status])).toEqual([["b", "applied"]]);
    expect(await checkChecksums(options)).toEqual([]);
  });

  test("revisions passed as modules are checked by their code, or by an explicit checksum", async () => {
    const v1 = sqlRevision("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]);
    await upgrade({ dialect: t.dialect, revisions: [v1] }, "heads");
    const v2 = sqlRevision("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]);
    // same source text of upgrade/downgrade and header: not a change
    expect(await checkChecksums({ dialect: t.dialect, revisions: [v2] })).toEqual([]);
    const edited = {
      ...v1,
      upgrade(op: { execute(s: string): void }) {
        op.execute("CREATE TABLE ta (id bigint)");
      },
    };
    await expect(upgrade({ dialect: t.dialect, revisions: [edited] }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_CHECKSUM_MISMATCH",
    });
    // a bundle can ship the file checksum computed at build time; a different kind is not compared
    const bundled = { default: edited, checksum: fileChecksum("export default ...") };
    expect(await checkChecksums({ dialect: t.dialect, revisions: [bundled] })).toEqual([]);
  });
});
