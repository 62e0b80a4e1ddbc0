import type { OperationOf } from "@athanor/core";
import { qualifiedNameText, quoteIdent, quoteLiteral, quoteQualified } from "../quote.js";
import { dollarTag } from "./dollar-tag.js";

type SyncTrigger = OperationOf<"createSyncTrigger"> | OperationOf<"dropSyncTrigger">;

/** How the comment of a sync trigger's function starts: the guard tells athanor's triggers apart by it. */
const SYNC_MARK = "athanor sync trigger:";

/** The trigger's function, in the table's schema (unqualified with the table). */
const functionName = (op: SyncTrigger) =>
  quoteQualified(
    op.table.schema === undefined ? { name: op.name } : { schema: op.table.schema, name: op.name },
  );

/**
 * A guard against hand-written BEFORE triggers that would fire after it (see
 * `renderLaterTriggerGuard`), one plpgsql function (its comment marks it athanor's) and a BEFORE
 * INSERT OR UPDATE trigger calling it. On INSERT the side the
 * code left empty is filled from the other; on UPDATE the side that changed is copied over
 * (both ways only with `twoWay`). `toTarget` / `toSource` are written as given: SQL over `NEW`.
 *
 * @example
 * ```ts
 * renderCreateSyncTrigger(operations.createSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: false }));
 * // ['DO $athanor$ ...', 'CREATE FUNCTION "t_a_b_sync"() RETURNS trigger LANGUAGE plpgsql AS $$ ...', 'CREATE TRIGGER "t_a_b_sync" BEFORE INSERT OR UPDATE ON "t" ...']
 * ```
 */
export function renderCreateSyncTrigger(op: OperationOf<"createSyncTrigger">): string[] {
  const fn = functionName(op);
  const [s, t] = [quoteIdent(op.source), quoteIdent(op.target)];
  const toTarget = op.toTarget ?? `NEW.${s}`;
  const toSource = op.toSource ?? `NEW.${t}`;
  const body = op.twoWay
    ? [
        "  IF TG_OP = 'INSERT' THEN",
        `    NEW.${t} := COALESCE(NEW.${t}, ${toTarget});`,
        `    NEW.${s} := COALESCE(NEW.${s}, ${toSource});`,
        `  ELSIF NEW.${s} IS DISTINCT FROM OLD.${s} AND NEW.${t} IS NOT DISTINCT FROM OLD.${t} THEN`,
        `    NEW.${t} := ${toTarget};`,
        `  ELSIF NEW.${t} IS DISTINCT FROM OLD.${t} AND NEW.${s} IS NOT DISTINCT FROM OLD.${s} THEN`,
        `    NEW.${s} := ${toSource};`,
        "  END IF;",
      ]
    : [
        // OLD is unassigned on INSERT, so the UPDATE test sits in its own branch.
        "  IF TG_OP = 'INSERT' THEN",
        `    NEW.${t} := ${toTarget};`,
        `  ELSIF NEW.${s} IS DISTINCT FROM OLD.${s} THEN`,
        `    NEW.${t} := ${toTarget};`,
        "  END IF;",
      ];
  // The body is a dollar-quoted string: a tag no expression contains cannot be ended early.
  // (`$$` as before, unless an expression holds it.)
  const tag = dollarTag(body.join("\n"), "$$");
  return [
    renderLaterTriggerGuard(op),
    [
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS ${tag}`,
      "BEGIN",
      ...body,
      "  RETURN NEW;",
      "END",
      tag,
    ].join("\n"),
    `COMMENT ON FUNCTION ${fn}() IS ${quoteLiteral(`${SYNC_MARK} keeps ${op.target} in step with ${op.source} while a staged change runs`)}`,
    `CREATE TRIGGER ${quoteIdent(op.name)} BEFORE INSERT OR UPDATE ON ${quoteQualified(op.table)} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
  ];
}

/**
 * PostgreSQL fires a table's BEFORE triggers in name order (byte order): a hand-written one that
 * sorts after the sync trigger runs after the copy, so what it changes on the old column (a
 * normalisation) never reaches the new one — silently. Autogenerate names the sync trigger to sort
 * late (`zz_...`); this statement, run before it is created, refuses (nothing applied, the
 * revision's transaction rolls back) when a BEFORE INSERT/UPDATE row trigger of the table still
 * sorts after it, naming each.
 */
function renderLaterTriggerGuard(op: OperationOf<"createSyncTrigger">): string {
  const table = quoteLiteral(qualifiedNameText(op.table));
  const name = quoteLiteral(op.name);
  const body = [
    "DECLARE later text;",
    "BEGIN",
    // tgtype bits: 1 row, 2 before, 4 insert, 16 update
    `  SELECT string_agg(quote_ident(tgname), ', ' ORDER BY tgname::text COLLATE "C") INTO later FROM pg_trigger`,
    `  WHERE tgrelid = ${table}::regclass AND NOT tgisinternal AND tgtype & 3 = 3 AND tgtype & 20 <> 0`,
    // athanor's own sync triggers (marked by their function's comment) copy other columns
    `    AND coalesce(obj_description(tgfoid, 'pg_proc'), '') NOT LIKE ${quoteLiteral(`${SYNC_MARK}%`)}`,
    `    AND tgname::text COLLATE "C" > ${name} COLLATE "C";`,
    "  IF later IS NOT NULL THEN",
    `    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = format('BEFORE trigger(s) %s on %s fire after the sync trigger %s (PostgreSQL fires them in name order): the copy to the new column would miss what they change. Rename them to sort before it (ALTER TRIGGER ... RENAME TO ...) and run the revision again', later, ${table}, ${name});`,
    "  END IF;",
    "END",
  ].join("\n");
  const tag = dollarTag(body);
  return `DO ${tag}\n${body}\n${tag}`;
}

/**
 * The trigger, then its function.
 *
 * @example
 * ```ts
 * renderDropSyncTrigger(operations.dropSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: false }));
 * // ['DROP TRIGGER "t_a_b_sync" ON "t"', 'DROP FUNCTION "t_a_b_sync"()']
 * ```
 */
export function renderDropSyncTrigger(op: OperationOf<"dropSyncTrigger">): string[] {
  return [
    `DROP TRIGGER ${quoteIdent(op.name)} ON ${quoteQualified(op.table)}`,
    `DROP FUNCTION ${functionName(op)}()`,
  ];
}
