import {
  current,
  defineRevision,
  diffSchemaModels,
  downgrade,
  formatSchemaDifferences,
  isAthanorError,
  type RunnerEvent,
  type SchemaModel,
  stamp,
  upgrade,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { introspectMysql } from "./introspector.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { openMysqlConnection } from "./mysql-driver.js";
import { branchedHistory } from "./testing/branched-history.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

/** Every table's SHOW CREATE TABLE, so the comparison sees exactly what the server stores. */
async function dump(): Promise<string> {
  const { rows } = await db.connection.query<{ name: string }>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'rt\\_version%' ORDER BY TABLE_NAME",
  );
  const out: string[] = [];
  for (const { name } of rows) {
    const created = await db.connection.query<Record<string, string>>(`SHOW CREATE TABLE \`${name}\``);
    out.push(String(created.rows[0]?.["Create Table"]));
  }
  return out.join(";\n");
}

const expectSameModel = (a: SchemaModel, b: SchemaModel) => {
  const differences = diffSchemaModels(a, b);
  expect(differences, formatSchemaDifferences(differences)).toEqual([]);
};

describe("runner on MariaDB through the MySQL dialect", () => {
  test("upgrade → downgrade base → upgrade of a branched 30-revision history leaves identical schemas", async () => {
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      revisions: branchedHistory(),
      versionTable: { name: "rt_version" },
    };
    const first = await upgrade(options, "heads");
    expect(first.error).toBeUndefined();
    expect(first.results.filter((r) => r.status === "applied")).toHaveLength(30);
    expect(first.heads.after).toEqual(["r29"]);
    const model = await introspectMysql(db.connection, { versionTable: "rt_version" });
    const text = await dump();
    expect(text).toContain("COMMENT 'added by r19'");
    expect(text).toContain("COLLATE utf8mb4_bin NOT NULL");

    const down = await downgrade(options, "base");
    expect(down.error).toBeUndefined();
    expect(down.heads.after).toEqual([]);
    expect(await dump()).toBe("");

    const again = await upgrade(options, "heads");
    expect(again.error).toBeUndefined();
    expectSameModel(model, await introspectMysql(db.connection, { versionTable: "rt_version" }));
    expect(await dump()).toBe(text);
  });

  test("a revision whose third statement fails stays partial until resolved, then resumes after the fix", async () => {
    const base = defineRevision({
      id: "f1",
      upgrade: (op) => void op.execute("CREATE TABLE f_base (id int)"),
      downgrade: (op) => void op.execute("DROP TABLE f_base"),
    });
    const broken = (fixed: boolean) =>
      defineRevision({
        id: "f2",
        parents: ["f1"],
        upgrade: (op) => {
          op.execute(`CREATE TABLE ${fixed ? "IF NOT EXISTS " : ""}f_one (id int)`);
          op.execute(`CREATE TABLE ${fixed ? "IF NOT EXISTS " : ""}f_two (id int)`);
          op.execute(fixed ? "CREATE TABLE f_three (id int)" : "CREATE TABLE f_three (id nosuchtype)");
        },
        downgrade: (op) => void op.execute("DROP TABLE f_three, f_two, f_one"),
      });
    const versionTable = { name: "fault_version" };
    const dialect = mysqlDialect({ url: db.url });
    const run = await upgrade({ dialect, revisions: [base, broken(false)], versionTable }, "heads");

    const failed = run.results.find((r) => r.revision === "f2");
    expect(failed?.status).toBe("partial");
    expect(failed?.statements).toBe(2);
    expect(run.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
    expect(run.error?.message).toContain("revision f2");
    expect(run.error?.message).toContain("statement #2");
    expect(run.error?.message).toContain("CREATE TABLE f_three (id nosuchtype)");
    expect(run.heads.after).toEqual(["f1"]);
    const tables = await db.connection.query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'f\\_%' ORDER BY 1",
    );
    expect(tables.rows.map((r) => r.name)).toEqual(["f_base", "f_one", "f_two"]);
    const history = await db.connection.query<{ revision: string; status: string; statement_index: number }>(
      "SELECT revision, status, statement_index FROM fault_version_history ORDER BY id",
    );
    expect(history.rows.at(-1)).toMatchObject({ revision: "f2", status: "partial", statement_index: 2 });

    let refused: unknown;
    try {
      await upgrade({ dialect, revisions: [base, broken(true)], versionTable }, "heads");
    } catch (error) {
      refused = error;
    }
    expect(isAthanorError(refused) && refused.code).toBe("ATHANOR_PARTIAL_REVISION");

    // Resolve by recording where the database is (still f1), then resume with the fixed file.
    await stamp({ dialect, revisions: [base, broken(true)], versionTable }, ["f1"]);
    const resumed = await upgrade({ dialect, revisions: [base, broken(true)], versionTable }, "heads");
    expect(resumed.error).toBeUndefined();
    expect(resumed.heads.after).toEqual(["f2"]);
    const after = await db.connection.query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'f\\_%' ORDER BY 1",
    );
    expect(after.rows.map((r) => r.name)).toEqual(["f_base", "f_one", "f_three", "f_two"]);
  });

  // The story of a partial downgrade whose file is gone advised `stamp d2`, which stamp refuses
  // (no file declares d2): the advice now is to restore the file and resume the downgrade.
  test("a partial downgrade whose file is gone: the advice names no stamp of it, and restoring the file resumes it", async () => {
    const versionTable = { name: "gone_version" };
    const dialect = mysqlDialect({ url: db.url });
    const base = defineRevision({
      id: "d1",
      upgrade: (op) => void op.execute("CREATE TABLE d_base (id int)"),
      downgrade: (op) => void op.execute("DROP TABLE d_base"),
    });
    const second = defineRevision({
      id: "d2",
      parents: ["d1"],
      upgrade: (op) => {
        op.execute("CREATE TABLE d_one (id int)");
        op.execute("CREATE TABLE d_two (id int)");
      },
      downgrade: (op) => {
        op.execute("DROP TABLE d_one");
        op.execute("DROP TABLE d_two");
      },
    });
    expect(
      (await upgrade({ dialect, revisions: [base, second], versionTable }, "heads")).error,
    ).toBeUndefined();
    // d_two gone by hand: the downgrade's second statement fails after its first committed
    await db.connection.query("DROP TABLE d_two");
    const down = await downgrade({ dialect, revisions: [base, second], versionTable }, "d1");
    expect(down.results.find((r) => r.revision === "d2")?.status).toBe("partial");

    const withoutFile = { dialect, revisions: [base], versionTable };
    const [report] = (await current(withoutFile)).partialRuns;
    expect(report).toMatchObject({ revision: "d2", direction: "downgrade", fileMissing: true, resume: null });
    expect(report?.undo).toContain("restore revision d2's file");
    expect(report?.undo).not.toContain("stamp");
    // what the old advice named cannot work
    await expect(stamp(withoutFile, ["d2"])).rejects.toMatchObject({
      code: "ATHANOR_UNKNOWN_APPLIED_REVISION",
    });

    // the advice: restore the file, then `downgrade --resume`
    await db.connection.query("CREATE TABLE d_two (id int)");
    const resumed = await downgrade({ dialect, revisions: [base, second], versionTable }, "d1", {
      resume: true,
    });
    expect(resumed.error).toBeUndefined();
    expect(resumed.heads.after).toEqual(["d1"]);
  });

  test("each step sets its lock timeouts once for the session, before its DDL; the run resets them once, at its end", async () => {
    const table = (id: string, parent?: string) =>
      defineRevision({
        id,
        parents: parent === undefined ? [] : [parent],
        upgrade: (op) => void op.execute(`CREATE TABLE ${id}_t (id int)`),
        downgrade: (op) => void op.execute(`DROP TABLE ${id}_t`),
      });
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      revisions: [table("lk1"), table("lk2", "lk1"), table("lk3", "lk2")],
      versionTable: { name: "lk_version" },
      lockRetry: { lockTimeoutMs: 1000 },
    };
    expect((await upgrade(options, "heads")).error).toBeUndefined();
    const sent: string[] = [];
    const down = await downgrade(options, "lk1", { onStatement: (sql) => sent.push(sql) });
    expect(down.error).toBeUndefined();
    // The settings are the session's on MySQL: no transaction is opened just to hold them, the
    // final transaction does not repeat them (nothing between changes them but the revision's
    // own statements, whose choice that is), and the next step's own settings replace them.
    const step = (id: string) => [
      "SET @athanor_batch_clock = NOW(6)",
      "SET SESSION lock_wait_timeout = 1, SESSI",
      // the history row goes first: a kill right after the DDL leaves it recorded as started
      "INSERT INTO `lk_version_history` (`run_i",
      `DROP TABLE ${id}_t`,
      // no record of its own after the revision's last DDL: the final transaction's `ok` row is it
      "START TRANSACTION",
      "UPDATE `lk_version` SET `version_num` = ",
      "UPDATE `lk_version_history` SET `status`",
      "COMMIT",
    ];
    expect(sent.map((sql) => sql.slice(0, 40))).toEqual([
      ...step("lk3"),
      ...step("lk2"),
      "SET SESSION lock_wait_timeout = DEFAULT,",
    ]);
  });

  test("a step whose session still holds the same lock timeouts does not send them again; raw SQL makes the next step send them", async () => {
    const table = (id: string, parent?: string, read?: Record<string, unknown>[]) =>
      defineRevision({
        id,
        parents: parent === undefined ? [] : [parent],
        upgrade: async (op) => {
          op.createTable(`${id}_t`, { columns: [{ name: "id", type: "int", nullable: false }] });
          if (read !== undefined)
            read.push(
              ...(await op.query(
                "SELECT @@SESSION.lock_wait_timeout AS `lock`, @@SESSION.innodb_lock_wait_timeout AS innodb",
              )),
            );
        },
        downgrade: (op) => void op.dropTable(`${id}_t`),
      });
    const seen: Record<string, unknown>[] = [];
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      versionTable: { name: "ls_version" },
      lockRetry: { lockTimeoutMs: 1000 },
      revisions: [table("ls1"), table("ls2", "ls1"), table("ls3", "ls2", seen), table("ls4", "ls3")],
    };
    const sent: string[] = [];
    const up = await upgrade(options, "heads", { onStatement: (sql) => sent.push(sql) });
    expect(up.error).toBeUndefined();
    // ls2 and ls3 find ls1's timeouts on the session (ls3 reads them there); ls3's op.query may
    // have changed them, so ls4 sets its own again; the run resets them once
    expect(seen.map((row) => ({ lock: Number(row.lock), innodb: Number(row.innodb) }))).toEqual([
      { lock: 1, innodb: 1 },
    ]);
    const settings = (statements: string[]) =>
      statements.filter(
        (sql) => sql.startsWith("SET SESSION") || /^CREATE TABLE `ls|^DROP TABLE `ls/.test(sql),
      );
    expect(settings(sent).map((sql) => sql.slice(0, 40))).toEqual([
      "SET SESSION lock_wait_timeout = 1, SESSI",
      "CREATE TABLE `ls1_t` (`id` int NOT NULL)",
      "CREATE TABLE `ls2_t` (`id` int NOT NULL)",
      "CREATE TABLE `ls3_t` (`id` int NOT NULL)",
      "SET SESSION lock_wait_timeout = 1, SESSI",
      "CREATE TABLE `ls4_t` (`id` int NOT NULL)",
      "SET SESSION lock_wait_timeout = DEFAULT,",
    ]);
    const down: string[] = [];
    expect(
      (await downgrade(options, "base", { onStatement: (sql) => down.push(sql) })).error,
    ).toBeUndefined();
    expect(settings(down).map((sql) => sql.slice(0, 40))).toEqual([
      "SET SESSION lock_wait_timeout = 1, SESSI",
      "DROP TABLE `ls4_t`",
      "DROP TABLE `ls3_t`",
      "DROP TABLE `ls2_t`",
      "DROP TABLE `ls1_t`",
      "SET SESSION lock_wait_timeout = DEFAULT,",
    ]);
    // the history still has one row per step, each ok
    const history = await db.connection.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM ls_version_history WHERE status = 'ok'",
    );
    expect(Number(history.rows[0]?.n)).toBe(8);
  });

  test("a step that sets no lock timeouts runs under the server's defaults, not the step's before it", async () => {
    const defaults = (
      await db.connection.query<{ lock: number; innodb: number }>(
        "SELECT @@GLOBAL.lock_wait_timeout AS `lock`, @@GLOBAL.innodb_lock_wait_timeout AS innodb",
      )
    ).rows[0];
    const seen: Record<string, unknown>[] = [];
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      versionTable: { name: "lf_version" },
      lockRetry: { lockTimeoutMs: 1000 },
      revisions: [
        defineRevision({
          id: "lf1",
          upgrade: (op) => void op.execute("CREATE TABLE lf1_t (id int)"),
          downgrade: (op) => void op.execute("DROP TABLE lf1_t"),
        }),
        defineRevision({
          id: "lf2",
          parents: ["lf1"],
          upgrade: async (op) => {
            op.lockRetry(false);
            op.execute("CREATE TABLE lf2_t (id int)");
            const rows = await op.query(
              "SELECT @@SESSION.lock_wait_timeout AS `lock`, @@SESSION.innodb_lock_wait_timeout AS innodb",
            );
            seen.push(...rows);
          },
          downgrade: (op) => void op.execute("DROP TABLE lf2_t"),
        }),
      ],
    };
    const sent: string[] = [];
    const run = await upgrade(options, "heads", { onStatement: (sql) => sent.push(sql) });
    expect(run.error).toBeUndefined();
    expect(seen.map((row) => ({ lock: Number(row.lock), innodb: Number(row.innodb) }))).toEqual([
      { lock: Number(defaults?.lock), innodb: Number(defaults?.innodb) },
    ]);
    // lf1 left its timeouts; lf2 resets them before its first statement, and nothing is left to reset after
    expect(sent.filter((sql) => sql.startsWith("SET SESSION")).map((sql) => sql.slice(12))).toEqual([
      "lock_wait_timeout = 1, SESSION innodb_lock_wait_timeout = 1",
      "lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT",
    ]);
  });

  test("a DDL blocked by another session's metadata lock waits the step's lock timeout, then retries", async () => {
    const options = {
      dialect: mysqlDialect({ url: db.url }),
      versionTable: { name: "mdl_version" },
      lockRetry: { lockTimeoutMs: 1000, retries: 30, backoffMs: 50, maxBackoffMs: 100 },
    };
    const first = defineRevision({
      id: "mdl1",
      upgrade: (op) => void op.execute("CREATE TABLE mdl_t (id int)"),
      downgrade: (op) => void op.execute("DROP TABLE mdl_t"),
    });
    const alter = defineRevision({
      id: "mdl2",
      parents: ["mdl1"],
      upgrade: (op) => void op.execute("ALTER TABLE mdl_t ADD COLUMN note text"),
      downgrade: (op) => void op.execute("ALTER TABLE mdl_t DROP COLUMN note"),
    });
    expect((await upgrade({ ...options, revisions: [first] }, "heads")).error).toBeUndefined();
    const holder = await openMysqlConnection({ url: db.url });
    // an open transaction that read the table holds its metadata lock until it ends
    await holder.executeScript(["START TRANSACTION", "SELECT * FROM mdl_t"]);
    const events: RunnerEvent[] = [];
    let released: Promise<void> | undefined;
    const run = await upgrade(
      {
        ...options,
        revisions: [first, alter],
        onProgress: (event: RunnerEvent) => {
          events.push(event);
          if (event.type === "lock-retry" && released === undefined)
            released = holder.executeScript(["COMMIT"]).then(() => holder.close());
        },
      },
      "heads",
    );
    await released;
    expect(run.error).toBeUndefined();
    expect(run.heads.after).toEqual(["mdl2"]);
    expect(events.filter((e) => e.type === "lock-retry").length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
