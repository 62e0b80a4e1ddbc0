import { defineRevision, type RevisionDefinition } from "../revision/revision.js";

/** Text holding each bidirectional override and isolate, the way a "Trojan Source" value would. */
export const BIDI_TEXT = "admin\u202e } \u2066if (x)\u2069 \u202a\u202b\u202c\u202d\u2067\u2068";

/** Where {@link bidiRevisions} puts {@link BIDI_TEXT}, in a dialect's own spelling. */
export interface BidiRevisionsOptions {
  readonly table: string;
  readonly column: string;
  /** The text column's type: `"text"`, `"varchar(100)"`. */
  readonly textType: string;
  /** The dialect's quoted name, for the check expression and the INSERT. */
  readonly quote: (name: string) => string;
  /** Whether the column carries BIDI_TEXT as its comment (SQLite has none). */
  readonly comment: boolean;
  /** A second table whose name holds a bidirectional control, for a dialect that keeps it raw. */
  readonly keptName?: string | undefined;
}

/**
 * One revision with BIDI_TEXT as a column default (an SQL expression athanor passes on), inside a
 * check named `c_chk` (refusing `BIDI_TEXT + "x"`) and as the column comment, and a row with
 * id 1 taking the default.
 *
 * @example
 * ```ts
 * const revisions = bidiRevisions({ table: "acct", column: "c", textType: "text", quote, comment: false });
 * ```
 */
export function bidiRevisions(options: BidiRevisionsOptions): RevisionDefinition[] {
  const { table, column, textType, quote, comment, keptName } = options;
  return [
    defineRevision({
      id: "b1",
      parents: [],
      message: "bidi text",
      upgrade: (op) => {
        op.createTable(table, {
          columns: [
            { name: "id", type: "integer", nullable: false },
            {
              name: column,
              type: textType,
              nullable: true,
              default: `'${BIDI_TEXT}'`,
              ...(comment ? { comment: BIDI_TEXT } : {}),
            },
          ],
          primaryKey: { name: "acct_pkey", columns: ["id"] },
          checks: [{ name: "c_chk", expression: `${quote(column)} <> '${BIDI_TEXT}x'` }],
        });
        if (keptName !== undefined)
          op.createTable(keptName, { columns: [{ name: "id", type: "integer", nullable: false }] });
        op.execute(`INSERT INTO ${quote(table)} (id) VALUES (1)`);
      },
      downgrade: (op) => {
        if (keptName !== undefined) op.dropTable(keptName);
        op.dropTable(table);
      },
    }),
  ];
}
