import { defineRevision, type RevisionDefinition } from "@athanor/core";
import { SAMPLE, SAMPLE_HISTORY } from "./sample-history.js";

// Each broken history is the sample with one revision replaced (or added), so a failing check
// can only be blamed on that one revision.

function replace(revision: RevisionDefinition): readonly RevisionDefinition[] {
  return SAMPLE_HISTORY.map((r) => (r.id === revision.id ? revision : r));
}

/** c3's downgrade forgets to drop the index it created. */
export const FORGOTTEN_INDEX = replace(defineRevision({ ...SAMPLE.c3, downgrade() {} }));

/** d4's downgrade forgets to drop the table, so upgrading it again fails. */
export const FORGOTTEN_TABLE = replace(defineRevision({ ...SAMPLE.d4, downgrade() {} }));

/** d4's downgrade drops a table that does not exist. */
export const FAILING_DOWNGRADE = replace(
  defineRevision({
    ...SAMPLE.d4,
    downgrade(op) {
      op.dropTable("no_such_table");
      op.dropTable("posts");
    },
  }),
);

/** c3's upgrade alters a table that does not exist. */
export const FAILING_UPGRADE = replace(
  defineRevision({
    ...SAMPLE.c3,
    upgrade(op) {
      op.addColumn("no_such_table", { name: "x", type: "integer" });
    },
  }),
);

/** A second child of a1 that nothing merges: two heads. */
export const TWO_HEADS: readonly RevisionDefinition[] = [
  ...SAMPLE_HISTORY,
  defineRevision({
    id: "x2",
    parents: ["a1"],
    message: "unmerged side branch",
    upgrade(op) {
      op.addColumn("users", { name: "side", type: "integer" });
    },
    downgrade(op) {
      op.dropColumn("users", "side");
    },
  }),
];

/** b2 is an expand revision that renames users.email, which old code still reads. */
export const EXPAND_RENAMES_COLUMN = replace(
  defineRevision({
    ...SAMPLE.b2,
    message: "rename users.email to users.mail",
    upgrade(op) {
      op.addColumn("users", { name: "display_name", type: "varchar(100)" });
      op.renameColumn("users", "email", "mail");
    },
    downgrade(op) {
      op.renameColumn("users", "mail", "email");
      op.dropColumn("users", "display_name");
    },
  }),
).map((r) =>
  // the later revisions go on using the column by its new name
  r.id === "c3"
    ? defineRevision({
        ...SAMPLE.c3,
        upgrade(op) {
          op.createIndex("users_email_idx", "users", ["mail"]);
        },
      })
    : r.id === "e5"
      ? defineRevision({
          ...SAMPLE.e5,
          upgrade(op) {
            op.execute("UPDATE users SET display_name = mail WHERE display_name IS NULL");
          },
        })
      : r,
);

/**
 * The sample plus z9, which drops users.email; its downgrade re-adds the column `readd` way:
 * `last` (where every database adds it), `placed` (back after id where the dialect can place a
 * column, MySQL `AFTER`), or `nullable-last` (last, and no longer NOT NULL: a real difference).
 */
export function emailReadded(readd: "last" | "placed" | "nullable-last"): readonly RevisionDefinition[] {
  const email = { name: "email", type: "varchar(255)", nullable: readd === "nullable-last" };
  return [
    ...SAMPLE_HISTORY,
    defineRevision({
      id: "z9",
      parents: ["m8"],
      message: "drop users.email",
      upgrade(op) {
        op.dropColumn("users", "email");
      },
      downgrade(op) {
        const places = op.dialect === "mysql" || op.dialect === "mariadb";
        if (readd === "placed" && places) op.addColumn("users", email, { after: "id" });
        else op.addColumn("users", email);
        // the drop took c3's index with the column
        op.createIndex("users_email_idx", "users", ["email"]);
      },
    }),
  ];
}
