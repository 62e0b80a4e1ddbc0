import type {
  AddUnique,
  ConstraintDefinition,
  CreateIndex,
  DropConstraint,
  IndexKey,
  ReferentialAction,
} from "@athanor/core";
import { quoteIdent, quoteQualified } from "../quote.js";
import { atLeast } from "../server.js";
import {
  alterTable,
  assumedServerAdvice,
  type MysqlRenderContext,
  onlineClauses,
  serverName,
  unsupported,
} from "./context.js";

const columnList = (columns: readonly string[]) => `(${columns.map(quoteIdent).join(", ")})`;

const ACTIONS: Readonly<Record<ReferentialAction, string>> = {
  "no action": "NO ACTION",
  restrict: "RESTRICT",
  cascade: "CASCADE",
  "set null": "SET NULL",
  "set default": "SET DEFAULT",
};

/**
 * The body of a table constraint, after `CONSTRAINT name`. Features InnoDB would parse and
 * then ignore (deferrable, MATCH FULL, NOT VALID, NULLS NOT DISTINCT) are refused with
 * ATHANOR_UNSUPPORTED instead of being dropped silently.
 *
 * @example
 * ```ts
 * renderConstraintBody({ type: "check", expression: "qty > 0" }, ctx, "addCheck"); // CHECK (qty > 0)
 * ```
 */
export function renderConstraintBody(
  c: ConstraintDefinition,
  ctx: MysqlRenderContext,
  kind: string,
  ownerSchema?: string,
): string {
  if ("deferrable" in c && c.deferrable === true) {
    throw unsupported(
      ctx,
      kind,
      "deferrable constraints",
      `Drop \`deferrable\`; ${serverName(ctx)} checks every constraint immediately`,
    );
  }
  switch (c.type) {
    case "primaryKey":
      return `PRIMARY KEY ${columnList(c.columns)}`;
    case "unique":
      if (c.nullsNotDistinct === true) {
        throw unsupported(
          ctx,
          kind,
          "UNIQUE NULLS NOT DISTINCT",
          "Make the columns NOT NULL, or index a generated COALESCE column",
        );
      }
      return `UNIQUE ${columnList(c.columns)}`;
    case "foreignKey": {
      if (c.notValid === true) {
        throw unsupported(
          ctx,
          kind,
          "NOT VALID foreign keys",
          "Add the foreign key validated (clean the rows first)",
        );
      }
      if (c.match === "full") throw unsupported(ctx, kind, "enforced MATCH FULL", 'Drop `match: "full"`');
      // MySQL resolves an unqualified REFERENCES against the new table's database, not the
      // session's, so "the default schema" cannot be expressed from another database.
      if (ownerSchema !== undefined && c.references.table.schema === undefined) {
        throw unsupported(
          ctx,
          kind,
          "an unqualified reference from a table in another database",
          "Give `references.table` its schema (database) explicitly",
        );
      }
      const ref = `REFERENCES ${quoteQualified(c.references.table)} ${columnList(c.references.columns)}`;
      // Always explicit, as drizzle-kit writes it: left out, MariaDB would store RESTRICT where
      // the operation (and PostgreSQL, and MySQL 8) mean NO ACTION.
      const onDelete = ` ON DELETE ${ACTIONS[c.onDelete ?? "no action"]}`;
      const onUpdate = ` ON UPDATE ${ACTIONS[c.onUpdate ?? "no action"]}`;
      return `FOREIGN KEY ${columnList(c.columns)} ${ref}${onDelete}${onUpdate}`;
    }
    case "check":
      if (c.notValid === true) {
        throw unsupported(
          ctx,
          kind,
          "NOT VALID check constraints",
          "Add the check validated (fix the rows first)",
        );
      }
      if (ctx.server.flavor === "mysql" && !atLeast(ctx.server, 8, 0, 16)) {
        throw unsupported(
          ctx,
          kind,
          "enforced CHECK constraints before 8.0.16",
          ctx.serverAssumed === true ? assumedServerAdvice("8.0.16") : "Upgrade the server",
        );
      }
      return `CHECK (${c.expression})`;
  }
}

function renderKey(key: IndexKey, ctx: MysqlRenderContext, kind: string): string {
  if (key.nulls !== undefined)
    throw unsupported(
      ctx,
      kind,
      "NULLS FIRST/LAST in index keys",
      `Drop \`nulls\`; ${serverName(ctx)} sorts NULLs first ascending`,
    );
  if (key.opclass !== undefined) throw unsupported(ctx, kind, "operator classes", "Drop `opclass`");
  let body: string;
  if (key.expression !== undefined) {
    if (ctx.server.flavor === "mariadb" || !atLeast(ctx.server, 8, 0, 13)) {
      throw unsupported(
        ctx,
        kind,
        "expression (functional) index keys",
        "Index a generated column holding the expression",
      );
    }
    body = `(${key.expression})`;
  } else {
    body = quoteIdent(key.column);
  }
  return key.order === "desc" ? `${body} DESC` : body;
}

/**
 * `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX ... [USING BTREE|HASH]`. PostgreSQL-only features
 * (partial, INCLUDE, CONCURRENTLY, NULLS NOT DISTINCT) are refused; online building is asked
 * for with the dialect's ALGORITHM/LOCK options instead of `concurrently`.
 *
 * @example
 * ```ts
 * renderCreateIndex(operations.createIndex("users_email_idx", "users", ["email"], { unique: true }), ctx);
 * // CREATE UNIQUE INDEX `users_email_idx` ON `users` (`email`)
 * ```
 */
export function renderCreateIndex(op: CreateIndex, ctx: MysqlRenderContext): string {
  const { prefix, using, keys } = indexParts(op, ctx);
  return `CREATE ${prefix}INDEX ${quoteIdent(op.name)}${using} ON ${quoteQualified(op.table)} (${keys})${online(ctx)}`;
}

/**
 * The `ADD ...` action of an `ALTER TABLE` that builds the index or unique key `op` describes
 * (what `replaces` pairs with the old one's `DROP INDEX`).
 *
 * @example
 * ```ts
 * renderAddIndexAction(operations.addUnique("u", "users", ["tenant", "email"]), ctx);
 * // ADD CONSTRAINT `u` UNIQUE (`tenant`, `email`)
 * ```
 */
export function renderAddIndexAction(op: CreateIndex | AddUnique, ctx: MysqlRenderContext): string {
  if (op.kind === "addUnique")
    return `ADD CONSTRAINT ${quoteIdent(op.name)} ${renderConstraintBody({ type: "unique", ...op }, ctx, op.kind)}`;
  const { prefix, using, keys } = indexParts(op, ctx);
  return `ADD ${prefix}INDEX ${quoteIdent(op.name)}${using} (${keys})`;
}

/**
 * An index or unique key that takes the place of the one of its name (`replaces`), in one
 * `ALTER TABLE t DROP INDEX x, ADD ... x (...)`: atomic, and no moment without the index (a
 * unique rule stays enforced), where a `dropIndex` and a `createIndex` were two statements. One
 * plain statement, so a run that fails on it (rows that repeat a value under the new key) leaves
 * the old index and resumes by running it again. A foreign key that stands on the old index alone
 * and not on the new one makes the server refuse it (error 1553), nothing changed: autogenerate
 * writes that case as a `dropIndex` (which keeps the key indexed) and a `createIndex`.
 *
 * @example
 * ```ts
 * renderReplaceIndex(operations.addUnique("u", "users", ["tenant", "email"], { replaces: { existing: { type: "unique", columns: ["email"] } } }), ctx);
 * // ALTER TABLE `users` DROP INDEX `u`, ADD CONSTRAINT `u` UNIQUE (`tenant`, `email`)
 * ```
 */
export function renderReplaceIndex(op: CreateIndex | AddUnique, ctx: MysqlRenderContext): string {
  return alterTable(op.table, [`DROP INDEX ${quoteIdent(op.name)}`, renderAddIndexAction(op, ctx)], ctx);
}

function indexParts(
  op: CreateIndex,
  ctx: MysqlRenderContext,
): { prefix: string; using: string; keys: string } {
  if (op.where !== undefined)
    throw unsupported(
      ctx,
      "createIndex",
      "partial indexes (WHERE)",
      "Index every row, or index a generated column",
    );
  if (op.include !== undefined && op.include.length > 0) {
    throw unsupported(ctx, "createIndex", "INCLUDE columns", "Append the columns to the index keys");
  }
  if (op.nullsNotDistinct === true)
    throw unsupported(ctx, "createIndex", "NULLS NOT DISTINCT", "Make the columns NOT NULL");
  if (op.with !== undefined)
    throw unsupported(ctx, "createIndex", "index storage parameters (WITH)", "Leave `with` out");
  if (op.concurrently === true) {
    throw unsupported(
      ctx,
      "createIndex",
      "CREATE INDEX CONCURRENTLY",
      'Drop `concurrently` and set the dialect\'s `algorithm: "INPLACE", lock: "NONE"`',
    );
  }
  const method = op.method?.toLowerCase();
  const prefix =
    method === "fulltext"
      ? "FULLTEXT "
      : method === "spatial"
        ? "SPATIAL "
        : op.unique === true
          ? "UNIQUE "
          : "";
  const using = method === "btree" ? " USING BTREE" : method === "hash" ? " USING HASH" : "";
  if (method !== undefined && !["btree", "hash", "fulltext", "spatial"].includes(method)) {
    throw unsupported(
      ctx,
      "createIndex",
      `the ${JSON.stringify(op.method)} index method`,
      "Use btree, hash, fulltext or spatial",
    );
  }
  const keys = op.keys.map((k) => renderKey(k, ctx, "createIndex")).join(", ");
  return { prefix, using, keys };
}

// CREATE INDEX takes ALGORITHM and LOCK as trailing options without a comma.
const online = (ctx: MysqlRenderContext) => onlineClauses(ctx).replaceAll(",", "");

/**
 * Drops a constraint with the statement its type needs: PRIMARY KEY, a unique's INDEX, a
 * FOREIGN KEY (its implicit index stays, as MySQL always does), or a CHECK. Without a recorded
 * type, `DROP CONSTRAINT` (MySQL 8.0.19+, MariaDB 10.2+) lets the server find it.
 *
 * @example
 * ```ts
 * renderDropConstraint(reverse(operations.addUnique("u_email", "users", ["email"])) as DropConstraint, ctx);
 * // ALTER TABLE `users` DROP INDEX `u_email`
 * ```
 */
export function renderDropConstraint(op: DropConstraint, ctx: MysqlRenderContext): string {
  const name = quoteIdent(op.name);
  switch (op.existing?.type) {
    case "primaryKey":
      return alterTable(op.table, ["DROP PRIMARY KEY"], ctx);
    case "unique":
      return alterTable(op.table, [`DROP INDEX ${name}`], ctx);
    case "foreignKey":
      return alterTable(op.table, [`DROP FOREIGN KEY ${name}`], ctx);
    case "check":
      return alterTable(
        op.table,
        [ctx.server.flavor === "mysql" ? `DROP CHECK ${name}` : `DROP CONSTRAINT ${name}`],
        ctx,
      );
    case "notNull":
      throw unsupported(
        ctx,
        op.kind,
        "named NOT NULL constraints",
        "Use op.alterColumn(table, column, { nullable: true, existingNullable: false, existingType })",
      );
    case undefined:
      if (op.name === "PRIMARY") return alterTable(op.table, ["DROP PRIMARY KEY"], ctx);
      return alterTable(op.table, [`DROP CONSTRAINT ${name}`], ctx);
  }
}
