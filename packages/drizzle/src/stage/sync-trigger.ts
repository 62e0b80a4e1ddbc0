import { createHash } from "node:crypto";
import { type Execute, operations } from "@athanor/core";
import { isPostgres, type NameContext } from "../diff/model-to-input.js";
import { quoteName, quoteQualifiedName } from "../diff/raw-sql.js";

/**
 * A column kept in step with another while old and new code run side by side. `toTarget` /
 * `toSource` are SQL expressions over a row reference (`NEW`) converting one side to the other's
 * type; `twoWay` also copies target → source (a rename: new code writes only the new name).
 */
export interface SyncPair {
  readonly schema: string;
  readonly table: string;
  readonly source: string;
  readonly target: string;
  readonly toTarget: (row: string) => string;
  readonly toSource: (row: string) => string;
  readonly twoWay: boolean;
}

/** PostgreSQL's identifier limit is 63 bytes, MySQL's 64 characters: long names keep a hash suffix. */
export function shortName(name: string, limit = 63): string {
  if (Buffer.byteLength(name) <= limit) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, limit - 9)}_${hash}`;
}

/** `users_mail_email_sync`: the trigger (and on PostgreSQL its function) of one pair. */
export function syncName(pair: SyncPair): string {
  return shortName(`${pair.table}_${pair.source}_${pair.target}_sync`, 58);
}

/**
 * The statements that create the sync for `pair`, as `execute` operations whose `down` drops
 * what they create (so `reverse` of the list, in reverse order, removes it again). PostgreSQL:
 * one plpgsql function and a BEFORE INSERT OR UPDATE trigger. MySQL/MariaDB: two single-statement
 * BEFORE triggers (no DELIMITER needed); assignment converts types, so no casts there.
 *
 * @example
 * ```ts
 * createSyncOperations(ctx, { schema: "public", table: "users", source: "mail", target: "email", twoWay: true, ... });
 * ```
 */
export function createSyncOperations(ctx: NameContext, pair: SyncPair): Execute[] {
  return isPostgres(ctx.dialect) ? postgresSync(ctx, pair) : mysqlSync(ctx, pair);
}

function postgresSync(ctx: NameContext, pair: SyncPair): Execute[] {
  const q = (n: string) => quoteName(ctx, n);
  const name = syncName(pair);
  const fn = quoteQualifiedName(ctx, pair.schema, name);
  const table = quoteQualifiedName(ctx, pair.schema, pair.table);
  const [s, t] = [q(pair.source), q(pair.target)];
  const body = pair.twoWay
    ? [
        "  IF TG_OP = 'INSERT' THEN",
        `    NEW.${t} := COALESCE(NEW.${t}, ${pair.toTarget("NEW")});`,
        `    NEW.${s} := COALESCE(NEW.${s}, ${pair.toSource("NEW")});`,
        `  ELSIF NEW.${s} IS DISTINCT FROM OLD.${s} AND NEW.${t} IS NOT DISTINCT FROM OLD.${t} THEN`,
        `    NEW.${t} := ${pair.toTarget("NEW")};`,
        `  ELSIF NEW.${t} IS DISTINCT FROM OLD.${t} AND NEW.${s} IS NOT DISTINCT FROM OLD.${s} THEN`,
        `    NEW.${s} := ${pair.toSource("NEW")};`,
        "  END IF;",
      ]
    : [
        // OLD is unassigned on INSERT, so the UPDATE test sits in its own branch.
        "  IF TG_OP = 'INSERT' THEN",
        `    NEW.${t} := ${pair.toTarget("NEW")};`,
        `  ELSIF NEW.${s} IS DISTINCT FROM OLD.${s} THEN`,
        `    NEW.${t} := ${pair.toTarget("NEW")};`,
        "  END IF;",
      ];
  const createFunction = [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    "BEGIN",
    ...body,
    "  RETURN NEW;",
    "END",
    "$$",
  ].join("\n");
  return [
    operations.execute(createFunction, { down: `DROP FUNCTION ${fn}()` }),
    operations.execute(
      `CREATE TRIGGER ${q(name)} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      { down: `DROP TRIGGER ${q(name)} ON ${table}` },
    ),
  ];
}

function mysqlSync(ctx: NameContext, pair: SyncPair): Execute[] {
  const q = (n: string) => quoteName(ctx, n);
  const name = syncName(pair);
  const table = quoteQualifiedName(ctx, pair.schema, pair.table);
  const [s, t] = [q(pair.source), q(pair.target)];
  const trigger = (suffix: string) => quoteQualifiedName(ctx, pair.schema, `${name}_${suffix}`);
  // The second assignment sees the first one's result, so exactly one direction is copied.
  const insert = pair.twoWay
    ? `SET NEW.${t} = COALESCE(NEW.${t}, NEW.${s}), NEW.${s} = COALESCE(NEW.${s}, NEW.${t})`
    : `SET NEW.${t} = NEW.${s}`;
  const update = pair.twoWay
    ? `SET NEW.${t} = IF(NOT (NEW.${s} <=> OLD.${s}) AND (NEW.${t} <=> OLD.${t}), NEW.${s}, NEW.${t}), ` +
      `NEW.${s} = IF(NOT (NEW.${t} <=> OLD.${t}) AND (NEW.${s} <=> OLD.${s}), NEW.${t}, NEW.${s})`
    : `SET NEW.${t} = IF(NOT (NEW.${s} <=> OLD.${s}), NEW.${s}, NEW.${t})`;
  return [
    operations.execute(`CREATE TRIGGER ${trigger("ins")} BEFORE INSERT ON ${table} FOR EACH ROW ${insert}`, {
      down: `DROP TRIGGER ${trigger("ins")}`,
    }),
    operations.execute(`CREATE TRIGGER ${trigger("upd")} BEFORE UPDATE ON ${table} FOR EACH ROW ${update}`, {
      down: `DROP TRIGGER ${trigger("upd")}`,
    }),
  ];
}
