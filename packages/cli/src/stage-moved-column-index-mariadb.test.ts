import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { type SchemaProject, schemaProject } from "./testing/schema-project.js";
import type { StageBackend } from "./testing/stage-suite.js";

const schema = (
  moods: string[],
  widened: boolean,
) => `import { index, int, mysqlEnum, mysqlTable, varchar } from "drizzle-orm/mysql-core";
const mood = (name: string) => mysqlEnum(name, ${JSON.stringify(moods)});
export const kept = mysqlTable("kept", { id: int("id").primaryKey(), note: varchar("note", { length: 20 }), mood: mood("mood") }, (t) => [
  index("kept_note_mood_idx").on(t.note, t.mood),
]);
export const widened = mysqlTable("widened", { id: int("id").primaryKey(), note: varchar("note", { length: 20 }), mood: mood("mood") }, (t) => [
  index("widened_idx").on(${widened ? "t.note, t.mood" : "t.note"}),
]);
`;

// Found walking autogenerate → staged upgrade → @athanor/testing on MariaDB: an enum column
// retyped through a staged move. The contract made the column's index again after dropping the
// old column, but MariaDB had only taken the column out of a multi-column index (kept_note_mood_idx
// stayed on note), and an index widened onto the column in the same diff had lost the drop of its
// old form (folded into the create as `replaces`): both creates failed with Duplicate key name,
// part-way through the contract.
describe("a staged column move under multi-column indexes, on MariaDB 10.11", () => {
  let backend: StageBackend;
  let project: SchemaProject;
  const indexes = async () =>
    (
      await backend.query(
        "SELECT table_name AS t, index_name AS i, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS c FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY' GROUP BY table_name, index_name ORDER BY 1, 2",
      )
    ).map((r) => `${r.t}.${r.i}(${r.c})`);

  beforeAll(async () => {
    backend = await mariadbStageBackend("movedidx");
    project = await schemaProject("mysql", backend.env);
    project.schema(schema(["a", "b"], false));
    for (const argv of [["migrate", "-m", "create"], ["upgrade"]]) {
      const r = await project.cli(...argv);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => backend?.dispose());

  test("expand, contract, check, downgrade and upgrade again", async () => {
    const before = await indexes();
    expect(before).toEqual(["kept.kept_note_mood_idx(note,mood)", "widened.widened_idx(note)"]);
    const first = JSON.parse((await project.cli("heads", "--json")).stdout).heads[0].id;
    project.schema(schema(["a", "c", "b"], true));
    const made = await project.cli("migrate", "-m", "more moods");
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain("Staged into");
    for (const argv of [["upgrade", "--phase", "expand"], ["upgrade"], ["check"]]) {
      const r = await project.cli(...argv);
      expect(r.code, `${argv.join(" ")}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    const after = ["kept.kept_note_mood_idx(note,mood)", "widened.widened_idx(note,mood)"];
    expect(await indexes()).toEqual(after);
    const down = await project.cli("downgrade", first);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(await indexes()).toEqual(before);
    const again = await project.cli("upgrade");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await indexes()).toEqual(after);
  });
});
