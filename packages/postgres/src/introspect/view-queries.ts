import { CLASSES_OF_NS, SCOPE } from "./catalog-queries.js";

// Views, materialized views, row-level security and policies, read in bulk with the same scope
// parameters as the other catalogue queries (see catalog-queries.ts).

/** Views (`v`) and materialized views (`m`), their definition as `pg_get_viewdef` prints it, and reloptions. */
export const VIEWS_QUERY = `${SCOPE}
select ns.nspname as schema, c.relname as name, c.relkind = 'm' as materialized,
  pg_catalog.pg_get_viewdef(c.oid) as definition,
  coalesce(to_json(c.reloptions)::text, '[]') as with
from ${CLASSES_OF_NS}
where c.relkind in ('v', 'm')
  and not exists (select 1 from pg_catalog.pg_depend d
    where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  and not exists (select 1 from jsonb_array_elements($2::text::jsonb) x
    where (x->>0 is null or x->>0 = ns.nspname) and x->>1 = c.relname)`;

/** Tables with row-level security enabled. */
export const ROW_SECURITY_QUERY = `${SCOPE}
select rel.oid::text as table_oid
from rel
join pg_catalog.pg_class c on c.oid = rel.oid
where c.relrowsecurity`;

/** Policies; `roles` is a JSON array of role names, `public` for PUBLIC (role oid 0). */
export const POLICIES_QUERY = `${SCOPE}
select p.polrelid::text as table_oid, p.polname as name, p.polpermissive as permissive,
  p.polcmd::text as command,
  (select json_agg(case when r = 0 then 'public' else pg_catalog.pg_get_userbyid(r)::text end)::text
   from unnest(p.polroles) r) as roles,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using,
  pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from pg_catalog.pg_policy p
join rel on rel.oid = p.polrelid`;
