import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";

// Each in-process CLI call on a project without a URL starts PGlite on the project's folder and
// closes it again (~0.3-0.6 s of CPU a start). A story suite runs dozens of calls on one folder,
// so its embedded backend holds the folder's instance open from the first call that created it:
// the CLI's own open then shares it (@athanor/postgres keeps one instance per folder in a process,
// and closes it on the last release). What a closed-and-reopened folder proves (the state record,
// a restart, a crash) is pglite-state-record.test.ts's and pglite-start.test.ts's, in processes
// of their own, and stays there.

const HOLDS = Symbol("athanor.embeddedHolds");

/** The default embedded folder of a test project (`init` writes no URL). */
export const embeddedFolder = (project: string) => join(project, ".athanor/pglite");

/** The open instances of one backend, one per project folder, until `closeAll`. */
export class EmbeddedHolds {
  readonly #held = new Map<string, Promise<Connection>>();

  /** An env for `runCli` that tells it to hold the project's folder after each call. */
  tag(env: Record<string, string>): Record<string, string> {
    return Object.defineProperty(env, HOLDS, { value: this, enumerable: false });
  }

  /** The project's held connection, opening (or creating) its database if no call has yet. */
  connection(project: string): Promise<Connection> {
    let held = this.#held.get(project);
    if (held === undefined) {
      held = openFolder(embeddedFolder(project));
      this.#held.set(project, held);
      held.catch(() => this.#held.delete(project));
    }
    return held;
  }

  /**
   * After a CLI call: once the call created the database, hold it; then check the call left no
   * transaction open (a separate process's exit would have discarded it, a shared instance would
   * not) and reset the session as a new process would find it.
   */
  async afterCall(project: string, argv: readonly string[]): Promise<void> {
    if (!this.#held.has(project) && !existsSync(join(embeddedFolder(project), "PG_VERSION"))) return;
    const conn = await this.connection(project);
    // DISCARD ALL is refused inside a transaction block, so its refusal is the check. (Comparing
    // now() with statement_timestamp() was not: PGlite's clock gave BEGIN and the check the same
    // timestamp on a fast run, and the open transaction went unseen.)
    await conn.executeScript(["DISCARD ALL"]).catch((error: unknown) => {
      if (!/inside a transaction block/.test(String(error))) throw error;
      throw new Error(`athanor ${argv.join(" ")} left a transaction open: ${String(error)}`);
    });
  }

  async closeAll(): Promise<void> {
    const held = [...this.#held.values()];
    this.#held.clear();
    for (const conn of held) await (await conn.catch(() => undefined))?.close();
  }
}

/** The holds an env was tagged with, if any. */
export function holdsOf(env: object | undefined): EmbeddedHolds | undefined {
  return (env as { [HOLDS]?: EmbeddedHolds } | undefined)?.[HOLDS];
}

async function openFolder(dataDir: string): Promise<Connection> {
  const { pgliteDialect } = await import("@athanor/postgres");
  mkdirSync(join(dataDir, ".."), { recursive: true });
  return pgliteDialect({ dataDir }).connect();
}
