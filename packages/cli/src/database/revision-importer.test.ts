import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { callsOpOnly, loadRevisionModule } from "@athanor/core";
import { expect, it } from "vitest";
import { tempDir } from "../testing/harness.js";
import { cliRevisionImporter } from "./revision-importer.js";

const header = (id: string) => `id: "${id}",\n  parents: [],\n  message: "m",`;

it("runs a TypeScript revision whose `@athanor/core` import resolves to the CLI's copy", async () => {
  // a folder with no node_modules: the import only works through the CLI's alias
  const dir = tempDir();
  const file = join(dir, "aa00_m.ts");
  writeFileSync(
    file,
    `import { defineRevision, type Op } from "@athanor/core";\nconst table: string = "t";\nexport default defineRevision({\n  ${header("aa00")}\n  upgrade(op: Op) { op.execute(\`CREATE TABLE \${table} ()\`); },\n  downgrade(op: Op) { op.execute("DROP TABLE t"); },\n});\n`,
  );
  const { definition } = await loadRevisionModule(file, cliRevisionImporter);
  expect(definition.id).toBe("aa00");
  expect(Object.isFrozen(definition)).toBe(true);
});

it("imports a plain .mjs revision natively", async () => {
  const dir = tempDir();
  const file = join(dir, "bb00_m.mjs");
  writeFileSync(
    file,
    // no import at all: Node resolves nothing, and `import.meta` proves it ran as native ESM
    `const defineRevision = (d) => d;\nexport const where = import.meta.url;\nexport default defineRevision({\n  ${header("bb00")}\n  upgrade(op) {},\n  downgrade(op) {},\n});\n`,
  );
  const { definition } = await loadRevisionModule(file, cliRevisionImporter);
  expect(definition.id).toBe("bb00");
  expect(((await cliRevisionImporter(file)) as { where: string }).where).toBe(`file://${file}`);
});

it("runs the file as it is now, not as a previous import in this process saw it", async () => {
  const dir = tempDir();
  const file = join(dir, "cc00_m.ts");
  const write = (message: string) =>
    writeFileSync(
      file,
      `import { defineRevision } from "@athanor/core";\nexport default defineRevision({\n  id: "cc00",\n  parents: [],\n  message: "${message}",\n  upgrade() {},\n  downgrade() {},\n});\n`,
    );
  write("first");
  expect((await loadRevisionModule(file, cliRevisionImporter)).definition.message).toBe("first");
  write("second");
  expect((await loadRevisionModule(file, cliRevisionImporter)).definition.message).toBe("second");
});

it("reads a literal revision with core's own `defineRevision`, taken from its revision entry", async () => {
  // the importer gives literal revisions `defineRevision` from `@athanor/core/revision` (the root
  // barrel stays unloaded on a revert): that must be the very function the root exports
  const [root, entry] = await Promise.all([import("@athanor/core"), import("@athanor/core/revision")]);
  expect(entry.defineRevision).toBe(root.defineRevision);
  expect([...(await entry.operationNames())]).toEqual(Object.keys(root.operations));
  const dir = tempDir();
  const file = join(dir, "dd00_m.ts");
  writeFileSync(
    file,
    `import { defineRevision } from "@athanor/core";\nexport default defineRevision({\n  ${header("dd00")}\n  upgrade(op) { op.execute("CREATE TABLE t (id int)"); },\n  downgrade(op) { op.execute("DROP TABLE t"); },\n});\n`,
  );
  const { definition } = await loadRevisionModule(file, cliRevisionImporter);
  expect([definition.id, Object.isFrozen(definition)]).toEqual(["dd00", true]);
});

it("marks a literal revision's functions op-calls-only, so the runner may prepare them ahead; never a compiled one", async () => {
  // what `athanor revision` writes (the golden), evaluated from its text: its functions only call
  // op's builders with literal arguments, so the runner may run them while the server runs the
  // revision before (core's steps-ahead.ts). A compiled revision may do anything: run in its turn.
  const dir = tempDir();
  const written = join(dir, "3b1f0c9d2e4a_add_cart_items.ts");
  writeFileSync(
    written,
    readFileSync(new URL("../__golden__/3b1f0c9d2e4a_add_cart_items.ts.txt", import.meta.url), "utf8"),
  );
  const literal = (await loadRevisionModule(written, cliRevisionImporter)).definition;
  expect(literal.id).toBe("3b1f0c9d2e4a");
  expect([callsOpOnly(literal.upgrade), callsOpOnly(literal.downgrade)]).toEqual([true, true]);
  const calls = join(dir, "ee01_m.ts");
  writeFileSync(
    calls,
    `import { defineRevision } from "@athanor/core";\nexport default defineRevision({\n  ${header("ee01")}\n  upgrade(op) { op.createTable("t", { columns: [{ name: "id", type: "int", nullable: false }], primaryKey: ["id"] }); },\n  downgrade(op) { op.dropTable("t"); },\n});\n`,
  );
  const withCalls = (await loadRevisionModule(calls, cliRevisionImporter)).definition;
  expect([callsOpOnly(withCalls.upgrade), callsOpOnly(withCalls.downgrade)]).toEqual([true, true]);
  const compiled = join(dir, "ee00_m.ts");
  writeFileSync(
    compiled,
    `import { defineRevision, type Op } from "@athanor/core";\nconst table: string = "t";\nexport default defineRevision({\n  ${header("ee00")}\n  upgrade(op: Op) { op.execute(\`CREATE TABLE \${table} ()\`); },\n  downgrade(op: Op) { op.execute("DROP TABLE t"); },\n});\n`,
  );
  const code = (await loadRevisionModule(compiled, cliRevisionImporter)).definition;
  expect(code.id).toBe("ee00");
  expect([callsOpOnly(code.upgrade), callsOpOnly(code.downgrade)]).toEqual([false, false]);
});
