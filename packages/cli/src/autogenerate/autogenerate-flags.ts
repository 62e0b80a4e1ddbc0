import type { OptionDefinition } from "../command.js";
import type { RenameFlags } from "./decide-diff.js";
import type { ScopeFlags } from "./live-and-desired.js";

/** The flags `revision --autogenerate`, `migrate`, `check` and `diff` share. */
export type AutogenerateFlags = RenameFlags & ScopeFlags;

/** Their command-line definitions (rename flags only where a file is written). */
export const SCOPE_OPTIONS: readonly OptionDefinition[] = [
  {
    flags: "--include-schema <schema>",
    description: "also compare this database schema (repeatable; default: the models' schemas)",
    repeatable: true,
  },
  {
    flags: "--exclude-table <table>",
    description: "leave this table out of the comparison (repeatable)",
    repeatable: true,
  },
];

/** `--rename` and `--accept-drop-add`. */
export const RENAME_OPTIONS: readonly OptionDefinition[] = [
  {
    flags: "--rename <old:new>",
    description:
      "a rename instead of drop+add: old:new for a table, table.old:new for a column, enum:old:new for a PostgreSQL enum type, enum-value:type.old:new for one of its values (repeatable)",
    repeatable: true,
  },
  { flags: "--accept-drop-add", description: "do not ask about possible renames; drop and add" },
];
