import type { Dialect } from "../dialect/dialect.js";
import type { FleetTarget } from "./fleet-target.js";

/** Tenants read per UNION query: long enough to save round trips, short enough for any server. */
const CHUNK = 200;
/** Tenants per query of a dialect's own one-query read ({@link Dialect.fleetHeadsSql}). */
const ONE_QUERY_CHUNK = 1000;

// Groups (schema, version) rows into each target's sorted heads.
function collect(
  found: Map<FleetTarget, readonly string[]>,
  bySchema: ReadonlyMap<string, FleetTarget>,
  rows: readonly { s: string; v: string }[],
): void {
  const heads = new Map<string, string[]>();
  for (const row of rows) {
    const list = heads.get(String(row.s));
    if (list === undefined) heads.set(String(row.s), [String(row.v)]);
    else list.push(String(row.v));
  }
  for (const [schema, list] of heads) {
    const target = bySchema.get(schema);
    if (target !== undefined) found.set(target, list.sort());
  }
}

/**
 * The heads of every schema target, read in a few queries per server instead of a session, a
 * lock and several reads per tenant: which tenants have the version table
 * (`information_schema.tables`), then their rows in UNION ALL queries of up to 200 tenants.
 * Names reach SQL only through the dialect's `quoteIdent` / `quoteLiteral`. A tenant without the
 * table has no entry; a server this cannot read (no `information_schema`, a failing query) gives
 * no entries at all — those targets then run the ordinary way, which checks everything. A
 * dialect with its own one-query read ({@link Dialect.fleetHeadsSql}) answers in one round trip
 * per 1,000 tenants instead.
 */
export async function readHeadsInBulk(
  targets: readonly FleetTarget[],
  versionTable: string,
): Promise<Map<FleetTarget, readonly string[]>> {
  const found = new Map<FleetTarget, readonly string[]>();
  const byServer = new Map<Dialect, FleetTarget[]>();
  for (const target of targets) {
    if (target.schema === undefined || target.dialect.bookkeepingSql.catalog !== undefined) continue;
    const members = byServer.get(target.dialect);
    if (members === undefined) byServer.set(target.dialect, [target]);
    else members.push(target);
  }
  for (const [dialect, members] of byServer) {
    const conn = await dialect.connect().catch(() => undefined);
    if (conn === undefined) continue;
    try {
      const q = (name: string) => dialect.quoteIdent(name);
      const l = (value: string) => dialect.quoteLiteral(value);
      const bySchema = new Map(members.map((t) => [t.schema as string, t]));
      if (dialect.fleetHeadsSql !== undefined) {
        for (let at = 0; at < members.length; at += ONE_QUERY_CHUNK) {
          const schemas = members.slice(at, at + ONE_QUERY_CHUNK).map((t) => t.schema as string);
          const { rows } = await conn.query<{ s: string; v: string } | { s: string; v: string }[]>(
            dialect.fleetHeadsSql(schemas, versionTable),
          );
          // a compound statement (MariaDB) answers with result sets: the rows are the first
          const first = rows[0];
          collect(found, bySchema, (Array.isArray(first) ? first : rows) as { s: string; v: string }[]);
        }
        continue;
      }
      const withTable: string[] = [];
      for (let at = 0; at < members.length; at += CHUNK) {
        const schemas = members.slice(at, at + CHUNK).map((t) => l(t.schema as string));
        const { rows } = await conn.query<{ s: string }>(
          `SELECT table_schema AS s FROM information_schema.tables WHERE table_name = ${l(versionTable)} AND table_schema IN (${schemas.join(", ")})`,
        );
        withTable.push(...rows.map((r) => String(r.s)));
      }
      for (let at = 0; at < withTable.length; at += CHUNK) {
        const chunk = withTable.slice(at, at + CHUNK);
        const union = chunk
          .map((s) => `SELECT ${l(s)} AS s, ${q("version_num")} AS v FROM ${q(s)}.${q(versionTable)}`)
          .join(" UNION ALL ");
        const { rows } = await conn.query<{ s: string; v: string }>(union);
        const heads = new Map(chunk.map((s) => [s, [] as string[]]));
        for (const row of rows) heads.get(String(row.s))?.push(String(row.v));
        for (const [schema, list] of heads) {
          const target = bySchema.get(schema);
          if (target !== undefined) found.set(target, list.sort());
        }
      }
    } catch {
      // an unreadable catalogue is not an answer: those targets take the ordinary path
    } finally {
      await conn.close().catch(() => undefined);
    }
  }
  return found;
}
