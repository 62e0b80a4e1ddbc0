import {
  type CheckModel,
  type EnumModel,
  type ForeignKeyModel,
  type IndexModel,
  normalizeSchemaModel,
  type PrimaryKeyModel,
  type QualifiedName,
  type SchemaModel,
  type UniqueModel,
} from "@athanor/core";
import { type ReplayColumn, type ReplayConventions, refuse } from "./replay-conventions.js";

/** One table while operations are applied to it. */
export interface ReplayTable {
  readonly schema: string;
  name: string;
  columns: ReplayColumn[];
  primaryKey: PrimaryKeyModel | null;
  uniques: UniqueModel[];
  foreignKeys: ForeignKeyModel[];
  checks: CheckModel[];
  indexes: IndexModel[];
  comment: string | null;
  rowLevelSecurity: boolean;
  /** Sync triggers (`createSyncTrigger`), which the schema model does not hold: their names only. */
  readonly triggers: Set<string>;
}

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

/**
 * The schema the operations build, from an empty database: tables, enums and schemas, with the
 * lookups an operation needs. Every lookup of something absent refuses (the server would fail).
 */
export class ReplayState {
  readonly schemas = new Set<string>();
  readonly tables = new Map<string, ReplayTable>();
  readonly enums = new Map<string, { schema: string; name: string; values: string[] }>();

  constructor(readonly conventions: ReplayConventions) {
    this.schemas.add(conventions.defaultSchema);
  }

  schemaOf(name: QualifiedName): string {
    const schema = name.schema ?? this.conventions.defaultSchema;
    if (!this.schemas.has(schema)) refuse(`schema ${schema} does not exist`);
    return schema;
  }

  table(name: QualifiedName): ReplayTable {
    const table = this.tables.get(key(this.schemaOf(name), name.name));
    if (table === undefined) refuse(`table ${name.name} does not exist`);
    return table;
  }

  hasTable(schema: string, name: string): boolean {
    return this.tables.has(key(schema, name));
  }

  putTable(table: ReplayTable): void {
    this.tables.set(key(table.schema, table.name), table);
  }

  removeTable(table: ReplayTable): void {
    this.tables.delete(key(table.schema, table.name));
  }

  enumOf(name: QualifiedName): { schema: string; name: string; values: string[] } | undefined {
    return this.enums.get(key(this.schemaOf(name), name.name));
  }

  putEnum(value: { schema: string; name: string; values: string[] }): void {
    this.enums.set(key(value.schema, value.name), value);
  }

  removeEnum(schema: string, name: string): void {
    this.enums.delete(key(schema, name));
  }

  /**
   * Where tables, indexes (those of keys too) and sequences share one namespace per schema
   * (`indexNames: "schema"`, PostgreSQL): the names taken, kept as they change (per-table index
   * names are checked on the table, see claimIndexName).
   */
  private readonly relations = new Map<string, Set<string>>();

  relationTaken(schema: string, name: string): boolean {
    return this.relations.get(schema)?.has(name) ?? false;
  }

  claimRelation(schema: string, name: string): void {
    if (this.conventions.indexNames !== "schema") return;
    const names = this.relations.get(schema) ?? new Set<string>();
    names.add(name);
    this.relations.set(schema, names);
  }

  releaseRelation(schema: string, name: string): void {
    this.relations.get(schema)?.delete(name);
  }

  /** The model as an introspector reads it, in canonical order. */
  toModel(): SchemaModel {
    const enums: EnumModel[] = [...this.enums.values()].map((e) => ({
      schema: e.schema,
      name: e.name,
      values: [...e.values],
    }));
    return normalizeSchemaModel({
      schemas: [...this.schemas],
      tables: [...this.tables.values()].map((t) => ({
        schema: t.schema,
        name: t.name,
        columns: t.columns.map((c) => ({ ...c })),
        primaryKey: t.primaryKey,
        uniques: t.uniques,
        foreignKeys: t.foreignKeys,
        checks: t.checks,
        indexes: t.indexes,
        comment: t.comment,
        ...(t.rowLevelSecurity ? { rowLevelSecurity: true as const } : {}),
      })),
      enums,
      sequences: [],
    });
  }
}
