import type { Operation, SchemaModel } from "@athanor/core";
import { columnModelOf, tableModelOf } from "./model-of.js";
import { RESTATES_TABLE } from "./needs-prior-definition.js";
import { REBUILD_PREFIX } from "./rebuild.js";
import type { SqliteRenderContext } from "./render-context.js";

const DATA_ONLY = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:insert|update|delete|replace|select)\b[^;]*;?\s*$/i;

/**
 * Moves the render context past an operation just rendered, so the next rebuild in the same
 * revision starts from the table as it is then. Rebuilds (and dropColumn) advance it themselves.
 * What it cannot follow — raw SQL other than one data statement, and renames (SQLite rewrites the stored SQL of indexes, views
 * and triggers that name the table or column) — clears the model: a later rebuild in the same
 * revision is then refused, never rendered from a stale definition.
 */
export function advanceContext(op: Operation, statements: readonly string[], ctx: SqliteRenderContext): void {
  const model = ctx.model;
  // in a batch (ctx.collecting) every operation moves the model itself, as a rebuild does
  if (model === undefined || ctx.collecting !== undefined || RESTATES_TABLE.has(op.kind)) return;
  const tables = (f: (t: SchemaModel["tables"]) => SchemaModel["tables"]) => {
    ctx.model = { ...model, tables: f(model.tables) };
  };
  switch (op.kind) {
    case "createTable":
      tables((ts) => [...ts, tableModelOf(op)]);
      return;
    case "dropTable":
      tables((ts) => ts.filter((t) => t.name !== op.table.name));
      // a table created again under this name in the revision has none of the old one's options
      if (ctx.stored?.has(op.table.name))
        ctx.stored = new Map([...ctx.stored].filter(([name]) => name !== op.table.name));
      ctx.objects = ctx.objects.filter((o) => o.table !== op.table.name || o.type === "view");
      return;
    case "addColumn":
      // a rebuild (its statements fill REBUILD_PREFIX's table) has moved the model already
      if (statements.some((sql) => sql.includes(`"${REBUILD_PREFIX}`))) return;
      tables((ts) =>
        ts.map((t) =>
          t.name === op.table.name ? { ...t, columns: [...t.columns, columnModelOf(op.column)] } : t,
        ),
      );
      return;
    case "createIndex":
      ctx.objects.push({ type: "index", name: op.name, table: op.table.name, sql: statements[0] as string });
      return;
    case "dropIndex":
      ctx.objects = ctx.objects.filter((o) => !(o.type === "index" && o.name === op.name));
      return;
    case "renameIndex":
      ctx.objects = ctx.objects.map((o) =>
        o.type === "index" && o.name === op.from ? { ...o, name: op.to, sql: statements[1] as string } : o,
      );
      return;
    case "createView":
      ctx.objects.push({
        type: "view",
        name: op.name.name,
        table: op.name.name,
        sql: statements[0] as string,
      });
      return;
    case "dropView":
      ctx.objects = ctx.objects.filter((o) => !(o.type === "view" && o.name === op.name.name));
      return;
    case "bulkInsert":
    case "validateConstraint":
      return;
    case "execute":
      // Data statements leave the schema as it is; any other raw SQL may have changed it.
      if (!DATA_ONLY.test(op.sql)) ctx.model = undefined;
      return;
    default:
      ctx.model = undefined;
  }
}
