// Autogenerate corpus cases that do not yet hold the autogenerate → lint → @athanor/testing
// contract, with why. Each runs as `test.fails`: fixing one turns its test red until the entry
// is removed here. A case not listed must pass. Keep this list shrinking.

const REWRITE =
  "the --no-stage revision changes the type in place, rewriting the table (pg/type-change-rewrite)";
const GENERATED =
  "a stored generated column is added in place, rewriting the table (pg/add-stored-generated-column)";

const RENAME_COLUMN =
  "the staged rename's downgrade re-adds the old column last (downgrade-leaves-no-trace: column order); --no-stage renames in place (pg/rename-column)";

/** PostgreSQL 15 and PGlite (same renderer, same rules). */
export const PG_KNOWN_GAPS: Readonly<Record<string, string>> = {
  "drop a table": "@athanor/testing's models check on a corpus whose after-side has no table at all",
  "drop a sequence": "@athanor/testing's models check on a corpus whose after-side has no table at all",
  "drop a column": "the --no-stage revision drops the column outside a contract revision (pg/drop-column)",
  "drop an enum with its column":
    "the staged drop recipe leaves the enum's drop where upgrade-each-from-parent fails",
  "type text to integer (USING cast)": REWRITE,
  "narrow varchar": REWRITE,
  "numeric precision": REWRITE,
  "timestamp gains a time zone": REWRITE,
  "integer to bigint": REWRITE,
  "text to enum": REWRITE,
  "add a generated column": GENERATED,
  "change a generated expression": GENERATED,
  "change a generated expression with indexes on it": GENERATED,
  "plain column becomes generated, indexes rebuilt": GENERATED,
  "add a serial column": "the --no-stage revision adds a NOT NULL column in place (pg/add-required-column)",
  "rename a column (hint)": RENAME_COLUMN,
  "rename a table (hint)": "a table rename is never staged (pg/rename-table)",
  "rename a table in a non-default schema (--rename table:billing.invoice_lines:invoice_items)":
    "a table rename is never staged (pg/rename-table)",
  "rename a table in a non-default schema (--rename billing.invoice_lines:invoice_items)":
    "a table rename is never staged (pg/rename-table)",
  "rename a column in a non-default schema (--rename billing.invoice_lines.amount:total)": RENAME_COLUMN,
  "rename a column in a non-default schema (--rename column:billing.invoice_lines.amount:total)":
    RENAME_COLUMN,
};

const MY_COPY = "the staged type change's swap or its downgrade fails an @athanor/testing check";

/** MariaDB 10.11. */
export const MYSQL_KNOWN_GAPS: Readonly<Record<string, string>> = {
  "drop a table": "the --no-stage revision drops the table outside a contract revision (my/drop-table)",
  "drop a column": "the --no-stage revision drops the column outside a contract revision (my/drop-column)",
  "varchar to int": MY_COPY,
  "narrow varchar": MY_COPY,
  "decimal precision": MY_COPY,
  "int to bigint": MY_COPY,
  "datetime precision": MY_COPY,
  "text to json": MY_COPY,
  "enum column": MY_COPY,
  "enum gains a value": MY_COPY,
  "enum loses a value": MY_COPY,
  "add a generated column": "a generated column is added with ALGORITHM=COPY (my/add-column-copy)",
  "foreign key action changes": "ADD FOREIGN KEY copies the table (my/foreign-key-copy)",
  "rename a column (hint)":
    "the staged rename's downgrade re-adds the old column last (downgrade-leaves-no-trace: column order); --no-stage renames in place (my/rename-column)",
  "rename a table (hint)": "a table rename is never staged (my/rename-table)",
};
