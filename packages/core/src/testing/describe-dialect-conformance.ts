import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../dialect/dialect.js";
import { isAthanorError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { reverse, reverseAll } from "../ops/reverse.js";
import {
  diffSchemaModels,
  formatSchemaDifferences,
  type SchemaDifference,
} from "../schema/diff-schema-models.js";
import type { SchemaModel } from "../schema/schema-model.js";
import type {
  ConformanceCase,
  ConformanceCases,
  ConformanceContext,
  ConformanceDatabase,
  ConformanceDialectData,
  DialectConformanceOptions,
  ExpectedDifference,
} from "./conformance-types.js";
import { CONSTRAINT_CASES } from "./constraint-cases.js";
import { DEPENDENTS_GUARD_CASES } from "./dependents-guard-cases.js";
import { SETTING_CASES } from "./setting-cases.js";
import { SYNC_TRIGGER_CASES } from "./sync-trigger-cases.js";
import { TABLE_CASES } from "./table-cases.js";
import { TYPE_CASES } from "./type-cases.js";
import { VIEW_CASES } from "./view-cases.js";

/**
 * The built-in cases, at least one per operation kind (the mapped type makes a new kind
 * without a case a compile error).
 *
 * @example
 * ```ts
 * Object.keys(CONFORMANCE_CASES).length; // one entry per Operation kind
 * ```
 */
export const CONFORMANCE_CASES: ConformanceCases = {
  ...TABLE_CASES,
  ...CONSTRAINT_CASES,
  ...TYPE_CASES,
  ...SETTING_CASES,
  ...VIEW_CASES,
  ...SYNC_TRIGGER_CASES,
  ...DEPENDENTS_GUARD_CASES,
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Builds the context the case builders receive from a dialect's data.
 *
 * @example
 * ```ts
 * conformanceContext(POSTGRES_DATA).table("items"); // 'table "public"."items"'
 * ```
 */
export function conformanceContext(data: ConformanceDialectData): ConformanceContext {
  const path =
    (kind: string) =>
    (name: string, schema: string = data.defaultSchema) =>
      `${kind} ${quote(schema)}.${quote(name)}`;
  return {
    ...data,
    table: path("table"),
    enum: path("enum"),
    sequence: path("sequence"),
    view: path("view"),
  };
}

interface SuiteState {
  db: ConformanceDatabase;
  dialect: Pick<Dialect, "render">;
  /** The fresh database's model: every case must leave the database exactly like this. */
  initial: SchemaModel;
}

const byPath = (a: { readonly path: readonly string[] }, b: { readonly path: readonly string[] }) => {
  const x = a.path.join("\u0000");
  const y = b.path.join("\u0000");
  return x < y ? -1 : x > y ? 1 : 0;
};

async function runCase(
  c: ConformanceCase,
  ctx: ConformanceContext,
  state: SuiteState,
  options: DialectConformanceOptions,
): Promise<void> {
  const conn = state.db.connection;
  const apply = (op: Operation) => conn.executeScript(state.dialect.render(op));
  const model = () => options.introspect(conn);
  const diff = (a: SchemaModel, b: SchemaModel): SchemaDifference[] =>
    diffSchemaModels(a, b).filter((d) => !(options.ignoreDifference?.(d) ?? false));
  const expectSame = (a: SchemaModel, b: SchemaModel, when: string) => {
    const differences = diff(a, b);
    expect(differences, `${when}, the schema differs:\n${formatSchemaDifferences(differences)}`).toEqual([]);
  };

  const setup = c.setup?.(ctx) ?? [];
  for (const op of setup) await apply(op);
  const start = await model();

  const op = c.op(ctx);
  await apply(op);
  const after = await model();
  const actual = diff(start, after).sort(byPath);
  const expected: ExpectedDifference[] = [...c.expect(ctx)].sort(byPath);
  expect(actual, `after ${op.kind}, the differences were:\n${formatSchemaDifferences(actual)}`).toMatchObject(
    expected,
  );
  await c.verify?.(conn, ctx);

  const mode = c.reverse ?? "start";
  if (mode === "irreversible") {
    let code: unknown;
    try {
      reverse(op);
    } catch (error) {
      code = isAthanorError(error) ? error.code : error;
    }
    expect(code, `reverse(${op.kind}) must refuse with a coded error`).toBe("ATHANOR_IRREVERSIBLE_OPERATION");
  } else {
    await apply(reverse(op));
    expectSame(mode === "start" ? start : after, await model(), `after reverse(${op.kind})`);
  }

  for (const undo of reverseAll(setup)) await apply(undo);
  expectSame(state.initial, await model(), "after tearing the setup down");
}

/** Applies setup, the operation, its reverse and the teardown: proves the SQL runs, nothing more. */
async function runCaseWithoutModel(c: ConformanceCase, ctx: ConformanceContext, state: SuiteState) {
  const apply = (op: Operation) => state.db.connection.executeScript(state.dialect.render(op));
  const setup = c.setup?.(ctx) ?? [];
  for (const op of setup) await apply(op);
  const op = c.op(ctx);
  await apply(op);
  await c.verify?.(state.db.connection, ctx);
  if ((c.reverse ?? "start") !== "irreversible") await apply(reverse(op));
  for (const undo of reverseAll(setup)) await apply(undo);
}

/** Applies setup, expects the operation to fail on the server, checks nothing changed, tears down. */
async function runCaseOnOlderServer(
  c: ConformanceCase,
  ctx: ConformanceContext,
  state: SuiteState,
  options: DialectConformanceOptions,
) {
  const conn = state.db.connection;
  const apply = (op: Operation) => conn.executeScript(state.dialect.render(op));
  const setup = c.setup?.(ctx) ?? [];
  for (const op of setup) await apply(op);
  const start = await options.introspect(conn);
  const op = c.op(ctx);
  const failure = await apply(op).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure, `${op.kind} ran on a server older than it needs`).toBeDefined();
  const differences = diffSchemaModels(start, await options.introspect(conn));
  expect(differences, `the refused ${op.kind} changed the schema`).toEqual([]);
  for (const undo of reverseAll(setup)) await apply(undo);
}

/**
 * How a dialect without a case's capability deals with it: it must refuse one of the case's
 * operations (setup, the operation or its inverse) with ATHANOR_UNSUPPORTED, or render the operation as nothing (e.g. VALIDATE on a
 * database that validates on creation). Rendering SQL for it instead would be silently wrong.
 */
function refusal(
  c: ConformanceCase,
  ctx: ConformanceContext,
  dialect: Pick<Dialect, "render">,
): "refused" | "renders nothing" | undefined {
  const op = c.op(ctx);
  const inverse = (c.reverse ?? "start") === "irreversible" ? [] : [reverse(op)];
  for (const candidate of [...(c.setup?.(ctx) ?? []), op, ...inverse]) {
    try {
      const sql = dialect.render(candidate);
      if (candidate === op && sql.length === 0) return "renders nothing";
    } catch (error) {
      if (isAthanorError(error) && error.code === "ATHANOR_UNSUPPORTED") return "refused";
      throw error;
    }
  }
  return undefined;
}

/**
 * Registers the dialect conformance suite with vitest: for every operation kind, each case
 * renders the operation with the dialect, applies it to a real database, introspects and
 * checks the exact model change, applies `reverse(op)` and checks the model is back to where
 * it started, then removes its setup and checks nothing is left. Cases needing a capability
 * the dialect lacks check instead that the dialect refuses them (see `refusal`).
 *
 * @example
 * ```ts
 * import { describeDialectConformance } from "@athanor/core/testing";
 * describeDialectConformance({ name: "PostgreSQL 15", createDialect, introspect: (c) => introspectPostgres(c),
 *   freshDatabase, capabilities: ["schemas", "enumTypes", "sequences"], data: POSTGRES_DATA });
 * ```
 */
export function describeDialectConformance(options: DialectConformanceOptions): void {
  const ctx = conformanceContext(options.data);
  const timeout = options.timeoutMs ?? 30_000;
  const cases: [string, ConformanceCase][] = [
    ...Object.entries(CONFORMANCE_CASES).flatMap(([kind, list]) =>
      (list as readonly ConformanceCase[]).map((c): [string, ConformanceCase] => [`${kind}: ${c.name}`, c]),
    ),
    ...(options.extraCases ?? []).map((c): [string, ConformanceCase] => [`extra: ${c.name}`, c]),
  ];

  describe(`dialect conformance: ${options.name}`, () => {
    let state: SuiteState | undefined;
    const fresh = async (dialect: Pick<Dialect, "render">): Promise<SuiteState> => {
      const db = await options.freshDatabase();
      return { db, dialect, initial: await options.introspect(db.connection) };
    };

    beforeAll(async () => {
      state = await fresh(await options.createDialect());
    }, timeout * 2);
    afterAll(async () => {
      await state?.db.dispose();
    });

    for (const [title, c] of cases) {
      const missing = (c.requires ?? []).filter((capability) => !options.capabilities.includes(capability));
      const renderOnly = options.renderOnlyCapabilities ?? [];
      if (missing.length > 0 && missing.every((capability) => renderOnly.includes(capability))) {
        it(
          `${title}: applies and reverses (introspection does not read ${missing.join(", ")})`,
          async () => {
            const current = state ?? (await fresh(await options.createDialect()));
            state = current;
            if (refusal(c, ctx, current.dialect) !== undefined) return; // a coded refusal is honest too
            try {
              await runCaseWithoutModel(c, ctx, current);
            } catch (error) {
              await current.db.dispose().catch(() => undefined);
              state = await fresh(current.dialect);
              throw error;
            }
          },
          timeout,
        );
        continue;
      }
      const newer = options.data.newerServerCapabilities ?? [];
      if (missing.length > 0 && missing.every((capability) => newer.includes(capability))) {
        it(
          `${title}: the server refuses it (${missing.join(", ")} needs a newer server)`,
          async () => {
            const current = state ?? (await fresh(await options.createDialect()));
            state = current;
            try {
              await runCaseOnOlderServer(c, ctx, current, options);
            } catch (error) {
              await current.db.dispose().catch(() => undefined);
              state = await fresh(current.dialect);
              throw error;
            }
          },
          timeout,
        );
        continue;
      }
      if (missing.length > 0) {
        it(`${title}: refused without ${missing.join(", ")}`, async () => {
          const dialect = state?.dialect ?? (await options.createDialect());
          expect(refusal(c, ctx, dialect), `${options.name} lacks ${missing.join(", ")}`).not.toBeUndefined();
        });
        continue;
      }
      it(
        title,
        async () => {
          if (state === undefined)
            throw new Error("the conformance database was not created (see beforeAll)");
          try {
            await runCase(c, ctx, state, options);
          } catch (error) {
            // The database is in an unknown state: give the next case a fresh one.
            const { dialect } = state;
            await state.db.dispose().catch(() => undefined);
            state = await fresh(dialect);
            throw error;
          }
        },
        timeout,
      );
    }
  });
}
