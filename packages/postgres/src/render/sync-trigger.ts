import type { OperationOf } from "@athanor/core";
import { quoteIdent, quoteQualified } from "../quote.js";
import { dollarTag } from "./dollar-tag.js";

type SyncTrigger = OperationOf<"createSyncTrigger"> | OperationOf<"dropSyncTrigger">;

/** The trigger's function, in the table's schema (unqualified with the table). */
const functionName = (op: SyncTrigger) =>
  quoteQualified(
    op.table.schema === undefined ? { name: op.name } : { schema: op.table.schema, name: op.name },
  );

/**
 * One plpgsql function and a BEFORE INSERT OR UPDATE trigger calling it. On INSERT the side the
 * code left empty is filled from the other; on UPDATE the side that changed is copied over
 * (both ways only with `twoWay`). `toTarget` / `toSource` are written as given: SQL over `NEW`.
 *
 * @example
 * ```ts
 * renderCreateSyncTrigger(operations.createSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: false }));
 * // ['CREATE FUNCTION "t_a_b_sync"() RETURNS trigger LANGUAGE plpgsql AS $$ ...', 'CREATE TRIGGER "t_a_b_sync" BEFORE INSERT OR UPDATE ON "t" ...']
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
    [
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS ${tag}`,
      "BEGIN",
      ...body,
      "  RETURN NEW;",
      "END",
      tag,
    ].join("\n"),
    `CREATE TRIGGER ${quoteIdent(op.name)} BEFORE INSERT OR UPDATE ON ${quoteQualified(op.table)} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
  ];
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
