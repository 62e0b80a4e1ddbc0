// drizzle-kit 1.0 writes PostgreSQL snapshots as version "8": a flat `ddl` list of entities
// (`{ entityType: "tables" | "columns" | "pks" | "fks" | "uniques" | "checks" | "indexes" |
// "enums" | "sequences" | "schemas" | "views" | "policies" | "roles" | "privileges", ... }`).
// This turns one into the version-7 shape that pgSnapshotToSchemaModel reads, so a 1.0 history
// gets generated downgrades exactly as a 0.31 journal does. Both sides of each diff come from
// this one conversion, so the spelling is consistent.

import { foreignKeyOf, type KitEntity, primaryKeyOf } from "./kit-ddl.js";
import type { PgKitSnapshot } from "./pg-snapshot-model.js";
import type { KitPolicy, KitView } from "./snapshot-views.js";

const key = (...parts: unknown[]) => parts.map((p) => `"${String(p)}"`).join(".");
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const numberText = (value: unknown) => (value === null || value === undefined ? undefined : String(value));

/**
 * True for a drizzle-kit 1.0 PostgreSQL snapshot (`version: "8"`, a `ddl` list).
 *
 * @example
 * ```ts
 * isPgSnapshotV8(JSON.parse(readFileSync("drizzle/20250101000000_init/snapshot.json", "utf8"))); // true
 * ```
 */
export function isPgSnapshotV8(snapshot: unknown): boolean {
  const s = snapshot as { version?: unknown; ddl?: unknown } | null;
  return s !== null && typeof s === "object" && s.version === "8" && Array.isArray(s.ddl);
}

/**
 * A drizzle-kit 1.0 PostgreSQL snapshot in the version-7 shape (tables with their columns,
 * keys, indexes and checks, row-level security and policies; enums, sequences, schemas,
 * views; roles kept as they are, so a change to them is still seen as one athanor cannot reverse).
 *
 * @example
 * ```ts
 * const model = pgSnapshotToSchemaModel(pgSnapshotV8ToV7(snapshot));
 * ```
 */
export function pgSnapshotV8ToV7(snapshot: { readonly ddl: readonly KitEntity[] }): PgKitSnapshot & {
  views: Record<string, KitView>;
  roles: Record<string, unknown>;
  policies: Record<string, unknown>;
} {
  type Table = PgKitSnapshot["tables"][string] & {
    isRLSEnabled?: boolean;
    policies?: Record<string, KitPolicy>;
  };
  const tables: Record<string, Table> = {};
  const out = {
    version: "7",
    dialect: "postgresql",
    tables,
    enums: {} as NonNullable<PgKitSnapshot["enums"]>,
    schemas: {} as Record<string, string>,
    sequences: {} as NonNullable<PgKitSnapshot["sequences"]>,
    views: {} as Record<string, KitView>,
    roles: {} as Record<string, unknown>,
    policies: {} as Record<string, unknown>,
  };
  const byType = (type: string) => snapshot.ddl.filter((e) => e.entityType === type);
  for (const t of byType("tables")) {
    tables[key(t.schema, t.name)] = {
      name: String(t.name),
      schema: String(t.schema ?? "public"),
      columns: {},
      indexes: {},
      foreignKeys: {},
      compositePrimaryKeys: {},
      uniqueConstraints: {},
      checkConstraints: {},
      ...(t.isRlsEnabled === true ? { isRLSEnabled: true } : {}),
    };
  }
  const tableOf = (e: KitEntity): Table | undefined => tables[key(e.schema, e.table)];
  for (const c of byType("columns")) {
    const table = tableOf(c);
    if (table === undefined) continue;
    const identity = c.identity as Record<string, unknown> | null;
    const generated = c.generated as { as?: unknown; type?: unknown } | null;
    table.columns[String(c.name)] = {
      name: String(c.name),
      type: `${String(c.type)}${"[]".repeat(Number(c.dimensions ?? 0))}`,
      ...(text(c.typeSchema) === undefined ? {} : { typeSchema: String(c.typeSchema) }),
      notNull: c.notNull === true,
      ...(c.default === null || c.default === undefined ? {} : { default: c.default as string }),
      ...(generated
        ? { generated: { as: String(generated.as), type: String(generated.type ?? "stored") } }
        : {}),
      ...(identity
        ? {
            identity: {
              type: identity.type === "always" ? "always" : "byDefault",
              increment: numberText(identity.increment),
              minValue: numberText(identity.minValue),
              maxValue: numberText(identity.maxValue),
              startWith: numberText(identity.startWith),
              cache: numberText(identity.cache),
              cycle: identity.cycle === true,
            },
          }
        : {}),
    };
  }
  for (const p of byType("pks")) {
    const table = tableOf(p);
    if (table) table.compositePrimaryKeys = primaryKeyOf(p);
  }
  for (const u of byType("uniques")) {
    const table = tableOf(u);
    if (table?.uniqueConstraints)
      table.uniqueConstraints[String(u.name)] = {
        name: String(u.name),
        columns: u.columns as string[],
        nullsNotDistinct: u.nullsNotDistinct === true,
      };
  }
  for (const f of byType("fks")) {
    const table = tableOf(f);
    if (table?.foreignKeys)
      table.foreignKeys[String(f.name)] = { ...foreignKeyOf(f), schemaTo: String(f.schemaTo ?? "public") };
  }
  for (const c of byType("checks")) {
    const table = tableOf(c);
    if (table?.checkConstraints)
      table.checkConstraints[String(c.name)] = { name: String(c.name), value: String(c.value) };
  }
  for (const i of byType("indexes")) {
    const table = tableOf(i);
    if (table?.indexes === undefined) continue;
    table.indexes[String(i.name)] = {
      name: String(i.name),
      columns: (i.columns as Record<string, unknown>[]).map((c) => ({
        expression: String(c.value),
        isExpression: c.isExpression === true,
        asc: c.asc !== false,
        nulls: c.nullsFirst === true ? "first" : "last",
        ...(text(c.opclass) === undefined ? {} : { opclass: String(c.opclass) }),
      })),
      isUnique: i.isUnique === true,
      ...(text(i.where) === undefined ? {} : { where: String(i.where) }),
      method: String(i.method ?? "btree"),
    };
  }
  for (const e of byType("enums"))
    out.enums[key(e.schema, e.name)] = {
      name: String(e.name),
      schema: String(e.schema),
      values: e.values as string[],
    };
  for (const s of byType("schemas")) if (s.name !== "public") out.schemas[String(s.name)] = String(s.name);
  for (const s of byType("sequences"))
    out.sequences[key(s.schema, s.name)] = {
      name: String(s.name),
      schema: String(s.schema),
      increment: numberText(s.incrementBy ?? s.increment),
      minValue: numberText(s.minValue),
      maxValue: numberText(s.maxValue),
      startWith: numberText(s.startWith),
      cache: numberText(s.cacheSize ?? s.cache),
      cycle: s.cycle === true,
    };
  for (const v of byType("views")) out.views[key(v.schema, v.name)] = v as unknown as KitView;
  for (const r of [...byType("roles"), ...byType("privileges")])
    out.roles[`${r.entityType}:${key(r.name)}`] = r;
  for (const p of byType("policies")) {
    const table = tableOf(p);
    // 1.0 names a policy's roles `roles`; 0.31 called them `to`.
    const policy: KitPolicy = {
      name: String(p.name),
      as: String(p.as ?? "PERMISSIVE"),
      for: String(p.for ?? "ALL"),
      to: (p.roles ?? p.to ?? ["public"]) as string[],
      using: (p.using ?? null) as string | null,
      withCheck: (p.withCheck ?? null) as string | null,
    };
    if (table) table.policies = { ...table.policies, [policy.name]: policy };
    else out.policies[key(p.schema, p.table, p.name)] = p;
  }
  return out;
}
