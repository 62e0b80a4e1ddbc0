import type {
  ColumnModel,
  ColumnSpec,
  ConstraintDefinition,
  ForeignKeyModel,
  OperationOf,
  TableModel,
} from "@athanor/core";

/** A ColumnSpec as the introspector reads the column back. */
export function columnModelOf(spec: ColumnSpec): ColumnModel {
  return {
    name: spec.name,
    type: spec.type.toLowerCase(),
    nullable: spec.nullable,
    default: spec.default ?? null,
    // only an INTEGER PRIMARY KEY AUTOINCREMENT gets this far (the renderer refuses other identities)
    identity: spec.identity === undefined ? null : { generation: "byDefault", sequence: null },
    generated:
      spec.generated === undefined
        ? null
        : { expression: spec.generated.expression, storage: spec.generated.storage ?? "stored" },
    comment: null,
    collation: spec.collation ?? null,
    onUpdate: null,
  };
}

/** A table constraint added to a table model (what the rebuild will create). */
export function withConstraint(table: TableModel, name: string, c: ConstraintDefinition): TableModel {
  switch (c.type) {
    case "primaryKey":
      return { ...table, primaryKey: { name, columns: [...c.columns] } };
    case "unique":
      return {
        ...table,
        uniques: [
          ...table.uniques,
          {
            name,
            columns: [...c.columns],
            nullsNotDistinct: false,
            deferrable: c.deferrable === true,
            initiallyDeferred: c.initiallyDeferred === true,
          },
        ],
      };
    case "check":
      return { ...table, checks: [...table.checks, { name, expression: c.expression, validated: true }] };
    case "foreignKey": {
      const fk: ForeignKeyModel = {
        name,
        columns: [...c.columns],
        referencedSchema: "main",
        referencedTable: c.references.table.name,
        referencedColumns: [...c.references.columns],
        onUpdate: c.onUpdate ?? "no action",
        onDelete: c.onDelete ?? "no action",
        match: "simple",
        deferrable: c.deferrable === true,
        initiallyDeferred: c.initiallyDeferred === true,
        validated: true,
      };
      return { ...table, foreignKeys: [...table.foreignKeys, fk] };
    }
  }
}

/** A createTable operation as the table model it builds. */
export function tableModelOf(op: OperationOf<"createTable">): TableModel {
  let table: TableModel = {
    schema: "main",
    name: op.table.name,
    columns: op.columns.map(columnModelOf),
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    comment: null,
  };
  if (op.primaryKey !== undefined)
    table = withConstraint(table, op.primaryKey.name ?? "", { type: "primaryKey", ...op.primaryKey });
  for (const u of op.uniques ?? []) table = withConstraint(table, u.name ?? "", { type: "unique", ...u });
  for (const c of op.checks ?? []) table = withConstraint(table, c.name ?? "", { type: "check", ...c });
  for (const f of op.foreignKeys ?? [])
    table = withConstraint(table, f.name ?? "", { type: "foreignKey", ...f });
  return table;
}
