/**
 * The bulk catalogue queries behind `introspectPostgres`: one query per kind of object for the
 * whole database, never one per table. Each query starts from the same scope CTEs, over two
 * values that catalogReader writes into the text as literals (always as `$n::text::jsonb`):
 *
 * - `$1` a JSON array of schema names to read, or SQL NULL for every user schema;
 * - `$2` a JSON array of `[schema | null, table]` pairs to leave out (`null` = any schema).
 *
 * Lists travel as JSON text rather than driver arrays because postgres.js and PGlite serialise
 * JS arrays differently; JSON text is the one form both send verbatim. For the same reason
 * every list and big number in the results comes back as text (`::text`, JSON) and is parsed
 * here, so no driver-side type parsing is relied upon.
 *
 * Everything used exists in PostgreSQL 15 and later (`indnullsnotdistinct` is the newest).
 */

/**
 * The relations of the schemas in scope, as `c` (a `from` item). Every query names them with this
 * text, so that {@link narrowScope} can swap it: a scan of `pg_class` (it has no index on
 * `relnamespace`), which suits a database of thousands of tables read whole.
 */
export const CLASSES_OF_NS = "pg_catalog.pg_class c join ns on ns.oid = c.relnamespace";

/**
 * The same relations found from their schema's own catalogue rows: every relation but a composite
 * type or a TOAST table records a normal dependency on its schema (`pg_depend`, index on the
 * referenced object), kept by `ALTER … SET SCHEMA`. Index lookups per relation: for a schema of a
 * few tables (a probe's) a read of a few dozen buffers instead of scans of `pg_class`,
 * `pg_constraint` and `pg_index`; for thousands of tables slower than the scan.
 */
const CLASSES_OF_NS_BY_DEPENDENCY = `ns join pg_catalog.pg_depend nd
    on nd.refclassid = 'pg_catalog.pg_namespace'::regclass and nd.refobjid = ns.oid and nd.refobjsubid = 0
    and nd.classid = 'pg_catalog.pg_class'::regclass and nd.deptype = 'n'
  join pg_catalog.pg_class c on c.oid = nd.objid and c.relnamespace = ns.oid`;

/**
 * A catalogue query of this module (or view-queries.ts) reading the relations of its schemas
 * through their dependencies on them ({@link CLASSES_OF_NS_BY_DEPENDENCY}): the same rows, for
 * a read of a few tables, such as a probe schema's.
 *
 * @example
 * ```ts
 * await conn.query(narrowScope(TABLES_QUERY)); // after the `$1`/`$2` literals are written in
 * ```
 */
export function narrowScope(sql: string): string {
  return sql.replaceAll(CLASSES_OF_NS, CLASSES_OF_NS_BY_DEPENDENCY);
}

/** Schemas (`ns`) and tables (`rel`) in scope: user schemas, never `pg_*`, `information_schema` or extension-owned ones. */
export const SCOPE = `
with ns as (
  select n.oid, n.nspname
  from pg_catalog.pg_namespace n
  where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and ($1::text::jsonb is null or n.nspname in (select jsonb_array_elements_text($1::text::jsonb)))
    and not exists (select 1 from pg_catalog.pg_depend d
      where d.classid = 'pg_catalog.pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')
),
rel as (
  select c.oid, c.relname, ns.nspname
  from ${CLASSES_OF_NS}
  where c.relkind in ('r', 'p') and not c.relispartition
    and not exists (select 1 from pg_catalog.pg_depend d
      where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    and not exists (select 1 from jsonb_array_elements($2::text::jsonb) x
      where (x->>0 is null or x->>0 = ns.nspname) and x->>1 = c.relname)
)`;

export const SCHEMAS_QUERY = `${SCOPE}
select nspname as name from ns`;

export const TABLES_QUERY = `${SCOPE}
select rel.oid::text as oid, rel.nspname as schema, rel.relname as name, dsc.description as comment
from rel
left join pg_catalog.pg_description dsc
  on dsc.objoid = rel.oid and dsc.classoid = 'pg_catalog.pg_class'::regclass and dsc.objsubid = 0`;

/** Columns; an identity column's sequence is looked up for identity columns only (lateral: a join probed pg_depend for every column). */
export const COLUMNS_QUERY = `${SCOPE}
select a.attrelid::text as table_oid, a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
  not a.attnotnull as nullable,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) as expression,
  a.attgenerated::text as generated, a.attidentity::text as identity,
  case when a.attcollation <> t.typcollation then co.collname end as collation,
  dsc.description as comment,
  pg_catalog.format_type(s.seqtypid, null) as seq_type, s.seqstart::text as seq_start,
  s.seqincrement::text as seq_increment, s.seqmin::text as seq_min, s.seqmax::text as seq_max,
  s.seqcache::text as seq_cache, s.seqcycle as seq_cycle
from pg_catalog.pg_attribute a
join rel on rel.oid = a.attrelid
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_catalog.pg_collation co on co.oid = a.attcollation
left join pg_catalog.pg_description dsc
  on dsc.objoid = a.attrelid and dsc.classoid = 'pg_catalog.pg_class'::regclass and dsc.objsubid = a.attnum
left join lateral (select d.objid from pg_catalog.pg_depend d
  where a.attidentity <> '' and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjid = a.attrelid
  and d.refobjsubid = a.attnum and d.classid = 'pg_catalog.pg_class'::regclass and d.deptype = 'i') dep on true
left join pg_catalog.pg_sequence s on s.seqrelid = dep.objid
where a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum`;

/**
 * Column names of `keys` of relation `relid`, in key order, as JSON text. Each name is a lookup by
 * the (attrelid, attnum) index: joined instead, the planner hashes every column of the table for
 * each constraint.
 */
const columnNames = (keys: string, relid: string) =>
  `(select json_agg((select a.attname from pg_catalog.pg_attribute a
      where a.attrelid = ${relid} and a.attnum = k.num) order by k.ord)::text
    from unnest(${keys}) with ordinality k(num, ord))`;

/** PRIMARY KEY, UNIQUE, FOREIGN KEY and CHECK constraints (PG 18's NOT NULL constraints are columns' `nullable`). */
export const CONSTRAINTS_QUERY = `${SCOPE}
select con.conrelid::text as table_oid, con.conname as name, con.contype::text as type,
  con.condeferrable as deferrable, con.condeferred as deferred, con.convalidated as validated,
  ${columnNames("con.conkey", "con.conrelid")} as columns,
  fn.nspname as ref_schema, fc.relname as ref_table,
  ${columnNames("con.confkey", "con.confrelid")} as ref_columns,
  con.confupdtype::text as on_update, con.confdeltype::text as on_delete, con.confmatchtype::text as match,
  case when con.contype = 'c' then pg_catalog.pg_get_expr(con.conbin, con.conrelid) end as expression,
  coalesce(i.indnullsnotdistinct, false) as nulls_not_distinct
from pg_catalog.pg_constraint con
join rel on rel.oid = con.conrelid
left join pg_catalog.pg_class fc on fc.oid = con.confrelid
left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace
left join pg_catalog.pg_index i on con.contype = 'u' and i.indexrelid = con.conindid
where con.contype in ('p', 'u', 'f', 'c')`;

/**
 * Indexes that back no constraint of their own table. (A foreign key's `conindid` names the
 * referenced table's index, hence the `conrelid` condition.) Exclusion-constraint indexes are
 * left out with their constraint, which the model does not describe.
 */
export const INDEXES_QUERY = `${SCOPE}
select i.indrelid::text as table_oid, ic.relname as name, i.indisunique as unique, am.amname as method,
  i.indisvalid as valid, i.indnullsnotdistinct as nulls_not_distinct, i.indnkeyatts as key_count,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate,
  coalesce(to_json(ic.reloptions)::text, '[]') as with,
  (select json_agg(json_build_object(
      'column', (select a.attname from pg_catalog.pg_attribute a
        where k.num <> 0 and a.attrelid = i.indrelid and a.attnum = k.num),
      'expression', case when k.num = 0 then pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) end,
      'option', i.indoption[k.ord - 1],
      'opclass', (select opc.opcname from pg_catalog.pg_opclass opc
        where opc.oid = i.indclass[k.ord - 1] and not opc.opcdefault)
    ) order by k.ord)::text
   from unnest(i.indkey::int2[]) with ordinality k(num, ord)) as keys
from pg_catalog.pg_index i
join rel on rel.oid = i.indrelid
join pg_catalog.pg_class ic on ic.oid = i.indexrelid
join pg_catalog.pg_am am on am.oid = ic.relam
where not exists (select 1 from pg_catalog.pg_constraint c
  where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))`;

export const ENUMS_QUERY = `${SCOPE}
select ns.nspname as schema, t.typname as name,
  coalesce(json_agg(e.enumlabel order by e.enumsortorder) filter (where e.enumlabel is not null), '[]')::text as values
from pg_catalog.pg_type t
join ns on ns.oid = t.typnamespace
left join pg_catalog.pg_enum e on e.enumtypid = t.oid
where t.typtype = 'e'
  and not exists (select 1 from pg_catalog.pg_depend d
    where d.classid = 'pg_catalog.pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
group by ns.nspname, t.typname`;

/**
 * Sequences except identity sequences (described on their column) and those owned by a table
 * outside the scope (the version history table's, for one).
 */
export const SEQUENCES_QUERY = `${SCOPE}
select ns.nspname as schema, c.relname as name, pg_catalog.format_type(s.seqtypid, null) as type,
  s.seqstart::text as start, s.seqincrement::text as increment, s.seqmin::text as min,
  s.seqmax::text as max, s.seqcache::text as cache, s.seqcycle as cycle,
  oc.relname as owner_table, oa.attname as owner_column
from ${CLASSES_OF_NS}
join pg_catalog.pg_sequence s on s.seqrelid = c.oid
left join pg_catalog.pg_depend d
  on d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid
  and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0 and d.deptype in ('a', 'i')
left join pg_catalog.pg_class oc on oc.oid = d.refobjid
left join pg_catalog.pg_attribute oa on oa.attrelid = d.refobjid and oa.attnum = d.refobjsubid
where (d.deptype is null or (d.deptype = 'a' and d.refobjid in (select oid from rel)))
  and not exists (select 1 from pg_catalog.pg_depend x
    where x.classid = 'pg_catalog.pg_class'::regclass and x.objid = c.oid and x.deptype = 'e')`;
