import { isAthanorError, OPERATION_KINDS, type Operation, operations as o, reverse } from "@athanor/core";
import { describe, expect, test } from "vitest";
import { createMysqlRenderer, mysqlRenderers, renderMysql } from "./renderer.js";
import { parseServerVersion } from "./server.js";

const mariadb = createMysqlRenderer({ server: parseServerVersion("10.11.6-MariaDB") });
const mysql = createMysqlRenderer({ server: parseServerVersion("8.0.36") });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isAthanorError(error) ? error.code : String(error);
  }
  return "no error";
};

describe("MySQL renderer", () => {
  test("an index or unique key with replaces is one ALTER that drops and adds it", () => {
    const widen = o.addUnique("u", "users", ["tenant", "email"], {
      replaces: { existing: { type: "unique", columns: ["email"] } },
    });
    expect(mariadb(widen)).toEqual([
      "ALTER TABLE `users` DROP INDEX `u`, ADD CONSTRAINT `u` UNIQUE (`tenant`, `email`)",
    ]);
    expect(mariadb(reverse(widen))).toEqual([
      "ALTER TABLE `users` DROP INDEX `u`, ADD CONSTRAINT `u` UNIQUE (`email`)",
    ]);
    const online = createMysqlRenderer({
      server: parseServerVersion("8.0.36"),
      algorithm: "INPLACE",
      lock: "NONE",
    });
    const index = o.createIndex("i", "t", ["b", { column: "a", order: "desc" }], {
      method: "btree",
      unique: true,
      replaces: { existing: { keys: ["a"] } },
    });
    expect(online(index)).toEqual([
      "ALTER TABLE `t` DROP INDEX `i`, ADD UNIQUE INDEX `i` USING BTREE (`b`, `a` DESC), ALGORITHM=INPLACE, LOCK=NONE",
    ]);
    // the new definition is checked as a createIndex is
    expect(
      codeOf(() =>
        mysql(o.createIndex("p", "t", ["a"], { where: "a > 0", replaces: { existing: { keys: ["a"] } } })),
      ),
    ).toBe("ATHANOR_UNSUPPORTED");
  });

  test("has a renderer for every operation kind", () => {
    for (const kind of OPERATION_KINDS) expect(mysqlRenderers[kind]).toBeTypeOf("function");
  });

  test("tables", () => {
    const create = o.createTable(
      { schema: "app", name: "or`ders" },
      {
        columns: [
          { name: "id", type: "bigint", nullable: false, identity: { always: false, start: 100 } },
          {
            name: "status",
            type: "enum('new','paid')",
            nullable: false,
            default: "'new'",
            comment: "it's \\ a status",
          },
          { name: "note", type: "text", default: "'none'", collation: "utf8mb4_bin" },
          { name: "token", type: "char(36)", nullable: false, default: "uuid()" },
          { name: "at", type: "timestamp", nullable: false, default: "CURRENT_TIMESTAMP" },
          { name: "total", type: "int", generated: { expression: "id * 2" } },
        ],
        primaryKey: ["id"],
        uniques: [{ name: "orders_token_key", columns: ["token"] }],
        checks: [{ name: "orders_id_check", expression: "id > 0" }],
        comment: "Orders",
      },
    );
    expect(mysql(create)).toMatchInlineSnapshot(`
      [
        "CREATE TABLE \`app\`.\`or\`\`ders\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`status\` enum('new','paid') NOT NULL DEFAULT 'new' COMMENT 'it''s \\\\ a status', \`note\` text COLLATE utf8mb4_bin NULL DEFAULT ('none'), \`token\` char(36) NOT NULL DEFAULT (uuid()), \`at\` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, \`total\` int GENERATED ALWAYS AS (id * 2) STORED NULL, PRIMARY KEY (\`id\`), CONSTRAINT \`orders_token_key\` UNIQUE (\`token\`), CONSTRAINT \`orders_id_check\` CHECK (id > 0)) AUTO_INCREMENT=100 COMMENT='Orders'",
      ]
    `);
    expect(mariadb(create)).toMatchInlineSnapshot(`
      [
        "CREATE TABLE \`app\`.\`or\`\`ders\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`status\` enum('new','paid') NOT NULL DEFAULT 'new' COMMENT 'it''s \\\\ a status', \`note\` text COLLATE utf8mb4_bin NULL DEFAULT 'none', \`token\` char(36) NOT NULL DEFAULT (uuid()), \`at\` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, \`total\` int GENERATED ALWAYS AS (id * 2) STORED, PRIMARY KEY (\`id\`), CONSTRAINT \`orders_token_key\` UNIQUE (\`token\`), CONSTRAINT \`orders_id_check\` CHECK (id > 0)) AUTO_INCREMENT=100 COMMENT='Orders'",
      ]
    `);
    expect(mariadb(o.dropTable("users"))).toMatchInlineSnapshot(`
      [
        "DROP TABLE \`users\`",
      ]
    `);
    expect(mariadb(o.renameTable({ schema: "app", name: "users" }, "people"))).toMatchInlineSnapshot(`
      [
        "RENAME TABLE \`app\`.\`users\` TO \`app\`.\`people\`",
      ]
    `);
    expect(mariadb(o.setTableComment("users", null))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` COMMENT=''",
      ]
    `);
    expect(
      mariadb(
        o.bulkInsert("users", [
          { id: 1, name: "it's" },
          { id: 2, tags: ["a"], ok: true },
        ]),
      ),
    ).toMatchInlineSnapshot(`
      [
        "INSERT INTO \`users\` (\`id\`, \`name\`, \`tags\`, \`ok\`) VALUES (1, 'it''s', DEFAULT, DEFAULT), (2, DEFAULT, '["a"]', TRUE)",
      ]
    `);
    expect(mariadb(o.execute("UPDATE users SET a = 1"))).toMatchInlineSnapshot(`
      [
        "UPDATE users SET a = 1",
      ]
    `);
  });

  test("columns", () => {
    expect(
      mariadb(o.addColumn("users", { name: "tz", type: "varchar(64)", nullable: false, default: "'UTC'" })),
    ).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ADD COLUMN \`tz\` varchar(64) NOT NULL DEFAULT 'UTC'",
      ]
    `);
    expect(mysql(o.addColumn("users", { name: "bio", type: "text", default: "''" }))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ADD COLUMN \`bio\` text NULL DEFAULT ('')",
      ]
    `);
    expect(mariadb(o.addColumn("users", { name: "tz", type: "text" }, { after: "e`mail" }))).toEqual([
      "ALTER TABLE `users` ADD COLUMN `tz` text NULL AFTER `e``mail`",
    ]);
    expect(mysql(o.addColumn("users", { name: "tz", type: "text" }, { first: true }))).toEqual([
      "ALTER TABLE `users` ADD COLUMN `tz` text NULL FIRST",
    ]);
    expect(mariadb(o.dropColumn("users", "tz"))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` DROP COLUMN \`tz\`",
      ]
    `);
    expect(mariadb(o.renameSequence({ schema: "app", name: "s" }, "t"))).toEqual([
      "RENAME TABLE `app`.`s` TO `app`.`t`",
    ]);
    expect(mariadb(o.renameColumn("users", "mail", "email"))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` RENAME COLUMN \`mail\` TO \`email\`",
      ]
    `);
    expect(mariadb(o.alterColumn("users", "tz", { default: "'UTC'" }))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ALTER COLUMN \`tz\` SET DEFAULT 'UTC'",
      ]
    `);
    expect(mariadb(o.alterColumn("users", "tz", { default: null }))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ALTER COLUMN \`tz\` DROP DEFAULT",
      ]
    `);
    expect(mariadb(o.alterColumn("users", "tz", { nullable: false }))).toMatchInlineSnapshot(`
      [
        "SET @athanor_ddl = COALESCE((SELECT CONCAT('ALTER TABLE \`users\` MODIFY COLUMN \`tz\` ', COLUMN_TYPE, IF(COLLATION_NAME IS NULL, '', CONCAT(' CHARACTER SET ', CHARACTER_SET_NAME, ' COLLATE ', COLLATION_NAME)), IF(IFNULL(GENERATION_EXPRESSION, '') = '', '', CONCAT(' AS (', GENERATION_EXPRESSION, ') ', IF(EXTRA LIKE '%STORED%', 'STORED', 'VIRTUAL'))), IF(IFNULL(GENERATION_EXPRESSION, '') = '', ' NOT NULL', ''), IF(COLUMN_DEFAULT IS NULL OR COLUMN_DEFAULT = 'NULL', '', CONCAT(' DEFAULT ', COLUMN_DEFAULT)), IF(EXTRA LIKE '%on update%', CONCAT(' ON UPDATE ', TRIM(TRAILING ' INVISIBLE' FROM SUBSTRING_INDEX(SUBSTRING(EXTRA, LOCATE('on update ', EXTRA) + 10), ',', 1))), ''), IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', ''), IF(EXTRA LIKE '%INVISIBLE%', ' INVISIBLE', ''), IF(COLUMN_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(COLUMN_COMMENT))), IFNULL((SELECT CONCAT(' CHECK (', cc.CHECK_CLAUSE, ')') FROM information_schema.CHECK_CONSTRAINTS AS cc WHERE cc.CONSTRAINT_SCHEMA = COLUMNS.TABLE_SCHEMA AND cc.TABLE_NAME = COLUMNS.TABLE_NAME AND cc.CONSTRAINT_NAME = COLUMNS.COLUMN_NAME AND cc.LEVEL = 'Column'), '')) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'tz'), 'ALTER TABLE \`users\` RENAME COLUMN \`tz\` TO \`tz\`')",
        "PREPARE athanor_modify_column FROM @athanor_ddl",
        "EXECUTE athanor_modify_column",
      ]
    `);
    expect(
      mysql(o.alterColumn("users", "tz", { type: "varchar(80)", comment: "time zone" })),
    ).toMatchInlineSnapshot(`
      [
        "SET @athanor_ddl = COALESCE((SELECT CONCAT('ALTER TABLE \`users\` MODIFY COLUMN \`tz\` ', 'varchar(80)', IF(COLLATION_NAME IS NULL, '', CONCAT(' CHARACTER SET ', CHARACTER_SET_NAME, ' COLLATE ', COLLATION_NAME)), IF(IFNULL(GENERATION_EXPRESSION, '') = '', '', CONCAT(' AS (', GENERATION_EXPRESSION, ') ', IF(EXTRA LIKE '%STORED%', 'STORED', 'VIRTUAL'))), IF(IS_NULLABLE = 'YES', ' NULL', ' NOT NULL'), IF(COLUMN_DEFAULT IS NULL, '', CONCAT(' DEFAULT ', IF(EXTRA LIKE '%DEFAULT_GENERATED%', IF(COLUMN_DEFAULT REGEXP '^(CURRENT_TIMESTAMP|NOW|LOCALTIME)', COLUMN_DEFAULT, CONCAT('(', COLUMN_DEFAULT, ')')), QUOTE(COLUMN_DEFAULT)))), IF(EXTRA LIKE '%on update%', CONCAT(' ON UPDATE ', TRIM(TRAILING ' INVISIBLE' FROM SUBSTRING_INDEX(SUBSTRING(EXTRA, LOCATE('on update ', EXTRA) + 10), ',', 1))), ''), IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', ''), IF(EXTRA LIKE '%INVISIBLE%', ' INVISIBLE', ''), ' COMMENT ''time zone''') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'tz'), 'ALTER TABLE \`users\` RENAME COLUMN \`tz\` TO \`tz\`')",
        "PREPARE athanor_modify_column FROM @athanor_ddl",
        "EXECUTE athanor_modify_column",
      ]
    `);
  });

  test("alterColumn from json to a text type takes the table's charset, not JSON's own (MariaDB utf8mb4_bin)", () => {
    const [fromJson] = mariadb(o.alterColumn("users", "v", { type: "text", existingType: "json" }));
    const [fromVarchar] = mariadb(o.alterColumn("users", "v", { type: "text", existingType: "varchar(10)" }));
    expect(fromJson).not.toContain("CHARACTER_SET_NAME");
    expect(fromVarchar).toContain("CHARACTER_SET_NAME");
  });

  test("alterColumn sets or removes the generation and AUTO_INCREMENT, keeping the rest from the live column", () => {
    const stored = mariadb(
      o.alterColumn("t", "v", { generated: { expression: "upper(`name`)" }, existingGenerated: null }),
    )[0];
    expect(stored).toContain("' GENERATED ALWAYS AS (upper(`name`)) STORED'");
    // MariaDB refuses NULL/NOT NULL and a default on a generated column.
    expect(stored).not.toContain("IS_NULLABLE");
    expect(stored).not.toContain("COLUMN_DEFAULT");
    const plain = mariadb(o.alterColumn("t", "v", { generated: null, nullable: false }))[0];
    expect(plain).not.toContain("GENERATION_EXPRESSION");
    expect(plain).toContain("' NOT NULL'");
    const off = mariadb(o.alterColumn("t", "id", { autoIncrement: false, existingAutoIncrement: true }))[0];
    expect(off).not.toContain("AUTO_INCREMENT");
    const on = mysql(o.alterColumn("t", "id", { autoIncrement: true }))[0];
    expect(on).toContain("' AUTO_INCREMENT'");
    expect(on).not.toContain("EXTRA LIKE '%auto_increment%'");
  });

  test("indexes and constraints", () => {
    expect(
      mariadb(
        o.createIndex("users_email_idx", "users", ["email", { column: "id", order: "desc" }], {
          unique: true,
          method: "btree",
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "CREATE UNIQUE INDEX \`users_email_idx\` USING BTREE ON \`users\` (\`email\`, \`id\` DESC)",
      ]
    `);
    expect(
      mariadb(o.createIndex("users_bio_ft", "users", ["bio"], { method: "fulltext" })),
    ).toMatchInlineSnapshot(`
      [
        "CREATE FULLTEXT INDEX \`users_bio_ft\` ON \`users\` (\`bio\`)",
      ]
    `);
    expect(
      mysql(o.createIndex("users_lower_idx", "users", [{ expression: "lower(email)" }])),
    ).toMatchInlineSnapshot(`
      [
        "CREATE INDEX \`users_lower_idx\` ON \`users\` ((lower(email)))",
      ]
    `);
    expect(mariadb(o.dropIndex("users_email_idx", "users"))).toMatchInlineSnapshot(`
      [
        "SET @athanor_ddl = (SELECT CONCAT('ALTER TABLE \`users\` ', IFNULL(GROUP_CONCAT(CONCAT('ADD INDEX \`', REPLACE(f.name, '\`', '\`\`'), '\` (', f.qcols, '), ') SEPARATOR ''), ''), 'DROP INDEX \`users_email_idx\`') FROM (SELECT CONSTRAINT_NAME AS name, GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR 0x1f) AS cols, GROUP_CONCAT(CONCAT('\`', REPLACE(COLUMN_NAME, '\`', '\`\`'), '\`') ORDER BY ORDINAL_POSITION SEPARATOR ', ') AS qcols FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND REFERENCED_TABLE_NAME IS NOT NULL GROUP BY CONSTRAINT_NAME) f WHERE EXISTS (SELECT 1 FROM (SELECT INDEX_NAME AS name, GROUP_CONCAT(IFNULL(COLUMN_NAME, '') ORDER BY SEQ_IN_INDEX SEPARATOR 0x1f) AS cols FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND SUB_PART IS NULL GROUP BY INDEX_NAME) i WHERE i.name = 'users_email_idx' AND LEFT(CONCAT(i.cols, 0x1f), LENGTH(CONCAT(f.cols, 0x1f))) = CONCAT(f.cols, 0x1f)) AND NOT EXISTS (SELECT 1 FROM (SELECT INDEX_NAME AS name, GROUP_CONCAT(IFNULL(COLUMN_NAME, '') ORDER BY SEQ_IN_INDEX SEPARATOR 0x1f) AS cols FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND SUB_PART IS NULL GROUP BY INDEX_NAME) i WHERE i.name <> 'users_email_idx' AND LEFT(CONCAT(i.cols, 0x1f), LENGTH(CONCAT(f.cols, 0x1f))) = CONCAT(f.cols, 0x1f)))",
        "PREPARE athanor_drop_index FROM @athanor_ddl",
        "EXECUTE athanor_drop_index",
      ]
    `);
    expect(mariadb(o.addPrimaryKey("users_pk", "users", ["id"]))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ADD PRIMARY KEY (\`id\`)",
      ]
    `);
    expect(mariadb(o.addUnique("users_email_key", "users", ["email"]))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ADD CONSTRAINT \`users_email_key\` UNIQUE (\`email\`)",
      ]
    `);
    const fk = o.addForeignKey("orders_user_fk", "orders", {
      columns: ["user_id"],
      references: { table: "users", columns: ["id"] },
      onDelete: "set null",
      onUpdate: "cascade",
    });
    expect(mariadb(fk)).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`orders\` ADD CONSTRAINT \`orders_user_fk\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\` (\`id\`) ON DELETE SET NULL ON UPDATE CASCADE",
      ]
    `);
    expect(mariadb(o.addCheck("orders_qty", "orders", "qty > 0"))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`orders\` ADD CONSTRAINT \`orders_qty\` CHECK (qty > 0)",
      ]
    `);
    expect(
      [fk, o.addCheck("c", "t", "x > 0"), o.addUnique("u", "t", ["x"]), o.addPrimaryKey("p", "t", ["x"])].map(
        (op) => mysql(reverse(op)),
      ),
    ).toMatchInlineSnapshot(`
        [
          [
            "ALTER TABLE \`orders\` DROP FOREIGN KEY \`orders_user_fk\`",
          ],
          [
            "ALTER TABLE \`t\` DROP CHECK \`c\`",
          ],
          [
            "ALTER TABLE \`t\` DROP INDEX \`u\`",
          ],
          [
            "ALTER TABLE \`t\` DROP PRIMARY KEY",
          ],
        ]
      `);
    expect(mariadb(reverse(o.addCheck("c", "t", "x > 0")))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`t\` DROP CONSTRAINT \`c\`",
      ]
    `);
    expect(
      mariadb({ kind: "dropConstraint", table: { name: "t" }, name: "whatever" }),
    ).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`t\` DROP CONSTRAINT \`whatever\`",
      ]
    `);
    expect(mariadb(o.validateConstraint("c", "t"))).toEqual([]);
  });

  test("schemas and MariaDB sequences", () => {
    expect(mariadb(o.createSchema("reporting"))).toMatchInlineSnapshot(`
      [
        "CREATE SCHEMA \`reporting\`",
      ]
    `);
    expect(mariadb(o.dropSchema("reporting", { cascade: true }))).toMatchInlineSnapshot(`
      [
        "DROP SCHEMA \`reporting\`",
      ]
    `);
    expect(
      mariadb(o.createSequence("ticket_seq", { start: 100, increment: 5, cycle: false })),
    ).toMatchInlineSnapshot(`
      [
        "CREATE SEQUENCE \`ticket_seq\` INCREMENT BY 5 START WITH 100 NOCYCLE",
      ]
    `);
    expect(mariadb(o.alterSequence("ticket_seq", { increment: 10 }))).toMatchInlineSnapshot(`
      [
        "ALTER SEQUENCE \`ticket_seq\` INCREMENT BY 10",
      ]
    `);
    expect(mariadb(o.dropSequence("ticket_seq"))).toMatchInlineSnapshot(`
      [
        "DROP SEQUENCE \`ticket_seq\`",
      ]
    `);
  });

  test("ALGORITHM= and LOCK= when the dialect requests them", () => {
    const online = createMysqlRenderer({
      server: parseServerVersion("10.11.6-MariaDB"),
      algorithm: "INSTANT",
      lock: "NONE",
    });
    expect(online(o.addColumn("users", { name: "tz", type: "text" }))).toMatchInlineSnapshot(`
      [
        "ALTER TABLE \`users\` ADD COLUMN \`tz\` text NULL, ALGORITHM=INSTANT, LOCK=NONE",
      ]
    `);
    expect(online(o.createIndex("users_tz_idx", "users", ["tz"]))).toMatchInlineSnapshot(`
      [
        "CREATE INDEX \`users_tz_idx\` ON \`users\` (\`tz\`) ALGORITHM=INSTANT LOCK=NONE",
      ]
    `);
    expect(online(o.alterColumn("users", "tz", { nullable: false }))[0]).toContain(
      "', ALGORITHM=INSTANT, LOCK=NONE'",
    );
  });

  test("what the server cannot do is a coded error, never silently dropped", () => {
    const refused: [string, Operation, (op: Operation) => string[]][] = [
      ["enum type", o.createEnum("mood", ["a"]), mariadb],
      ["enum value", o.addEnumValue("mood", "b"), mariadb],
      ["sequence on MySQL", o.createSequence("s"), mysql],
      ["expression index on MariaDB", o.createIndex("i", "t", [{ expression: "lower(a)" }]), mariadb],
      ["partial index", o.createIndex("i", "t", ["a"], { where: "a > 0" }), mariadb],
      ["concurrently", o.createIndex("i", "t", ["a"], { concurrently: true }), mariadb],
      ["deferrable", o.addUnique("u", "t", ["a"], { deferrable: true }), mariadb],
      ["not valid", o.addCheck("c", "t", "a > 0", { notValid: true }), mariadb],
      ["unique using an index", o.addUnique("u", "t", ["a"], { usingIndex: "u" }), mysql],
      ["primary key using an index", o.addPrimaryKey("pk", "t", ["a"], { usingIndex: "pk" }), mariadb],
      ["using", o.alterColumn("t", "a", { type: "int", using: "a::int" }), mariadb],
      [
        "identity always",
        o.addColumn("t", { name: "id", type: "int", nullable: false, identity: { always: true } }),
        mariadb,
      ],
      ["drop schema without cascade", o.dropSchema("s"), mariadb],
      ["enum rename", o.renameEnum("mood", "feeling"), mariadb],
      ["constraint rename", o.renameConstraint("t", "a_key", "b_key"), mariadb],
      ["sequence rename on MySQL", o.renameSequence("s", "t"), mysql],
      ["enum rebuild", o.rebuildEnum("mood", ["a"], { existingValues: ["a", "b"] }), mysql],
      ["index storage", o.alterIndexStorage("i", "t", { set: { fillfactor: "70" } }), mariadb],
      ["index built with storage", o.createIndex("i", "t", ["a"], { with: { fillfactor: "70" } }), mysql],
      ["identity change", o.alterColumnIdentity("t", "id", { always: true }, { existing: null }), mysql],
      ["collation change", o.alterColumnCollation("t", "a", "text", "utf8mb4_bin"), mariadb],
      ["named NOT NULL", o.addNotNull("n", "t", "a", { notValid: true }), mysql],
      [
        "drop named NOT NULL",
        o.dropConstraint("n", "t", { existing: { type: "notNull", column: "a" } }),
        mariadb,
      ],
    ];
    for (const [what, op, render] of refused)
      expect(`${what}: ${codeOf(() => render(op))}`).toBe(`${what}: ATHANOR_UNSUPPORTED`);
  });

  test("identifiers longer than 64 characters are refused with a coded error", () => {
    expect(codeOf(() => renderMysql(o.dropTable("x".repeat(65))))).toBe("ATHANOR_INVALID_IDENTIFIER");
    expect(renderMysql(o.dropTable("é".repeat(64)))).toEqual([`DROP TABLE \`${"é".repeat(64)}\``]);
  });
});
