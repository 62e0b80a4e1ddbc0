import { defineRevision, type RevisionDefinition } from "@athanor/core";

const id = (n: number) => `r${String(n).padStart(2, "0")}`;

/**
 * 30 revisions built from operations (so they go through the MySQL renderer): a trunk of 10
 * tables, a branch of 9 revisions adding child tables with foreign keys and indexes, a branch
 * of 9 altering trunk tables (add column, change type, nullability, default, comment, rename),
 * a merge (29th) adding a check, and one more adding a unique constraint.
 *
 * @example
 * ```ts
 * await upgrade({ dialect, revisions: branchedHistory() }, "heads");
 * ```
 */
export function branchedHistory(): RevisionDefinition[] {
  const revs: RevisionDefinition[] = [];
  for (let n = 0; n < 10; n++) {
    revs.push(
      defineRevision({
        id: id(n),
        parents: n === 0 ? [] : [id(n - 1)],
        upgrade: (op) => {
          op.createTable(`t${n}`, {
            columns: [
              { name: "id", type: "int", nullable: false },
              { name: "v", type: "varchar(40)", collation: "utf8mb4_bin" },
              { name: "at", type: "timestamp", nullable: false, default: "CURRENT_TIMESTAMP" },
            ],
            primaryKey: ["id"],
          });
        },
        downgrade: (op) => {
          op.dropTable(`t${n}`);
        },
      }),
    );
  }
  for (let n = 10; n < 19; n++) {
    revs.push(
      defineRevision({
        id: id(n),
        parents: [n === 10 ? id(9) : id(n - 1)],
        upgrade: (op) => {
          op.createTable(`b${n}`, {
            columns: [
              { name: "id", type: "int", nullable: false },
              { name: "t0_id", type: "int" },
            ],
          });
          op.addForeignKey(`b${n}_t0_fk`, `b${n}`, {
            columns: ["t0_id"],
            references: { table: "t0", columns: ["id"] },
            onDelete: "cascade",
          });
          op.createIndex(`b${n}_id_idx`, `b${n}`, [{ column: "id", order: "desc" }]);
        },
        downgrade: (op) => {
          op.dropTable(`b${n}`);
        },
      }),
    );
  }
  for (let n = 19; n < 28; n++) {
    const table = `t${n - 19}`;
    revs.push(
      defineRevision({
        id: id(n),
        parents: [n === 19 ? id(9) : id(n - 1)],
        upgrade: (op) => {
          op.addColumn(table, {
            name: `c${n}`,
            type: "int",
            nullable: false,
            default: String(n),
            comment: `added by ${id(n)}`,
          });
          op.alterColumn(table, `c${n}`, { type: "bigint" });
          op.alterColumn(table, "v", { nullable: false });
          op.renameColumn(table, `c${n}`, `k${n}`);
        },
        downgrade: (op) => {
          op.renameColumn(table, `k${n}`, `c${n}`);
          op.alterColumn(table, "v", { nullable: true });
          op.dropColumn(table, `c${n}`);
        },
      }),
    );
  }
  revs.push(
    defineRevision({
      id: id(28),
      parents: [id(18), id(27)],
      upgrade: (op) => {
        op.addCheck("b18_pos", "b18", "id > 0");
      },
      downgrade: (op) => {
        op.execute("ALTER TABLE b18 DROP CONSTRAINT b18_pos");
      },
    }),
  );
  revs.push(
    defineRevision({
      id: id(29),
      parents: [id(28)],
      upgrade: (op) => {
        op.addUnique("t1_v_key", "t1", ["v"]);
        op.setTableComment("t1", 'it\'s \\ the "first" table', { existing: null });
      },
      downgrade: (op) => {
        op.setTableComment("t1", null, { existing: 'it\'s \\ the "first" table' });
        op.execute("ALTER TABLE t1 DROP INDEX t1_v_key");
      },
    }),
  );
  return revs;
}
