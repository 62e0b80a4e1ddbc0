// Autogenerate corpus cases that do not yet hold the autogenerate → lint → @athanor/testing
// contract, with why. Each runs as `test.fails`: fixing one turns its test red until the entry
// is removed here. A case not listed must pass. Keep this list shrinking.

const RENAME_COLUMN =
  "the staged rename's downgrade re-adds the old column last (downgrade-leaves-no-trace: column order)";

const TYPE_SWAP =
  "the staged type change's contract downgrade re-adds the old column after <col>_new (downgrade-leaves-no-trace: column order)";

/** PostgreSQL 15 and PGlite (same renderer, same rules). */
export const PG_KNOWN_GAPS: Readonly<Record<string, string>> = {
  "drop a table": "@athanor/testing's models check on a corpus whose after-side has no table at all",
  "drop a sequence": "@athanor/testing's models check on a corpus whose after-side has no table at all",
  "drop an enum with its column":
    "the staged drop recipe leaves the enum's drop where upgrade-each-from-parent fails",
  "type text to integer (USING cast)": TYPE_SWAP,
  "narrow varchar": TYPE_SWAP,
  "numeric precision": TYPE_SWAP,
  "timestamp gains a time zone": TYPE_SWAP,
  "integer to bigint": TYPE_SWAP,
  "text to enum": TYPE_SWAP,
  "add a serial column":
    "serial is NOT NULL by itself, so the staged NOT NULL recipe's contract downgrade leaves it nullable (downgrade-leaves-no-trace)",
  "rename a column (hint)": RENAME_COLUMN,
  "rename a column in a non-default schema (--rename billing.invoice_lines.amount:total)": RENAME_COLUMN,
  "rename a column in a non-default schema (--rename column:billing.invoice_lines.amount:total)":
    RENAME_COLUMN,
};

const MY_COPY = "the staged type change's swap or its downgrade fails an @athanor/testing check";

/** MariaDB 10.11. */
export const MYSQL_KNOWN_GAPS: Readonly<Record<string, string>> = {
  "varchar to int": MY_COPY,
  "narrow varchar": MY_COPY,
  "decimal precision": MY_COPY,
  "int to bigint": MY_COPY,
  "datetime precision": MY_COPY,
  "text to json": MY_COPY,
  "enum column": MY_COPY,
  "enum gains a value": MY_COPY,
  "enum loses a value": MY_COPY,
  "rename a column (hint)":
    "the staged rename's downgrade re-adds the old column last (downgrade-leaves-no-trace: column order)",
};
