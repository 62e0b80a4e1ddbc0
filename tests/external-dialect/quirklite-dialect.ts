// A dialect that lives outside packages/: PGlite registered under another name, the way Atlas
// adds CockroachDB as a flavour of postgres and Alembic's tests/test_external_dialect.py adds a
// dialect from outside the repository. It reaches athanor as any outside package would, through
// the published entry points (the built `dist`, as the packages' export maps name them), and
// changes nothing in core, the CLI, drizzle or testing.
//
// Its quirks, so the proof is not PGlite under a new label only:
// - every statement its renderer emits carries a `/* quirklite */` marker, so whatever runs
//   through it visibly went through this module and not @athanor/postgres's renderer;
// - it takes URLs `quirklite:memory` (in-memory) and `quirklite:///path` (a data folder);
// - it has no migration lock of its own kind: an in-process mutex per data folder (PGlite
//   is one process anyway), with the runner's try-lock-and-poll contract.
import type {
  Connection,
  Dialect,
  DialectModule,
  DialectTarget,
  LockOptions,
  Operation,
} from "../../packages/core/dist/index.js";
import {
  pgliteDialect,
  postgresDialectModule,
  postgresDifferHooks,
  renderPostgres,
} from "../../packages/postgres/dist/index.js";

/** The marker every rendered statement starts with. */
export const QUIRK_MARKER = "/* quirklite */ ";

const held = new Map<string, number>();

function quirkliteDialect(dataDir: string | undefined): Dialect & { close(): Promise<void> } {
  const inner = pgliteDialect(dataDir === undefined ? {} : { dataDir });
  const lockKey = (key: string) => `${dataDir ?? "memory"}\u0000${key}`;
  return {
    ...inner,
    name: "quirklite",
    render: (op: Operation) => renderPostgres(op).map((sql) => `${QUIRK_MARKER}${sql}`),
    async acquireLock(_conn: Connection, key: string, options: LockOptions) {
      const started = Date.now();
      while (held.has(lockKey(key))) {
        if (Date.now() - started > options.timeoutMs) throw new Error(`quirklite: lock ${key} timed out`);
        await new Promise((resolve) => setTimeout(resolve, options.pollMs));
      }
      held.set(lockKey(key), process.pid);
      return { waitedMs: Date.now() - started };
    },
    async releaseLock(_conn: Connection, key: string) {
      held.delete(lockKey(key));
    },
    lockHolder: undefined,
  };
}

function dataDirOf(url: string | undefined): string | undefined {
  if (url === undefined || url === "quirklite:memory") return undefined;
  return decodeURIComponent(new URL(url).pathname);
}

/**
 * The module: PostgreSQL's introspection, lint rules, scratch handling and autogenerate hooks
 * (it is PGlite underneath), its own name, URL scheme, renderer and lock.
 */
export const quirkliteModule: DialectModule = {
  ...postgresDialectModule,
  name: "quirklite",
  flavours: ["quirklite"],
  urlSchemes: ["quirklite"],
  label: () => "QuirkLite",
  target: ({ url }): DialectTarget => {
    const dataDir = dataDirOf(url);
    return { dialect: "quirklite", flavour: "quirklite", ...(dataDir === undefined ? {} : { dataDir }) };
  },
  open(target) {
    const dialect = quirkliteDialect(target.dataDir);
    return { dialect, close: () => dialect.close() };
  },
  // Its own differ hooks: PostgreSQL's decisions under its own name. The differ, stager and code
  // generator ask these, never the name; underneath this is PGlite.
  differHooks: () => ({ ...postgresDifferHooks, name: "quirklite" }),
  lintFlavour: () => "postgresql",
  scratch: {
    ...postgresDialectModule.scratch,
    inMemory: {
      label: "QuirkLite",
      open() {
        const dialect = quirkliteDialect(undefined);
        return { dialect, close: () => dialect.close() };
      },
    },
  },
};
