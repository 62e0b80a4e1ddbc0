import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { current, type Dialect } from "@athanor/core";
import type { DatabaseChoice } from "../database/database-choice.js";
import { REVISIONS } from "../revisions.js";
import type { Timeline } from "./timeline.js";

/**
 * The example's folder (where athanor.config.ts lives), found from this module whether it runs
 * compiled from `dist/` or as TypeScript under vitest.
 *
 * @example
 * ```ts
 * join(exampleRoot(), "athanor.config.ts");
 * ```
 */
export function exampleRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "athanor.config.ts"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("apps/example: athanor.config.ts not found above this module");
    dir = parent;
  }
  return dir;
}

/**
 * Shows `athanor history` and `athanor current` during the rollout by running the real CLI on
 * the example's athanor.config.ts, asynchronously so live traffic keeps flowing. PGlite is one
 * process's database: while the rollout holds it, another process must not open the folder, so
 * there `current` is read in-process through the same session the runner uses (what the CLI
 * would print), and `history` shows the revision graph, which needs no database.
 *
 * @example
 * ```ts
 * const views = new AthanorViews(choice, db.dialect, timeline);
 * await views.current();
 * ```
 */
export class AthanorViews {
  readonly #bin = join(dirname(createRequire(import.meta.url).resolve("athanor/package.json")), "bin.js");
  readonly #config = join(exampleRoot(), "athanor.config.ts");
  #graphShown = false;

  constructor(
    private readonly choice: DatabaseChoice,
    private readonly dialect: Dialect,
    private readonly timeline: Timeline,
  ) {}

  /**
   * `athanor history --graph -i` on a server (applied or pending). On PGlite the graph alone,
   * once: without the database it would print the same every time.
   */
  async history(): Promise<void> {
    if (this.choice.kind !== "pglite") return this.#cli(["history", "--graph", "-i"]);
    if (this.#graphShown) return;
    this.#graphShown = true;
    await this.#cli(["history", "--graph"]);
  }

  /** `athanor current`. */
  async current(): Promise<void> {
    if (this.choice.kind !== "pglite") return this.#cli(["current"]);
    this.timeline.command("athanor current   (read in-process: the rollout holds the embedded database)");
    const state = await current({ dialect: this.dialect, revisions: REVISIONS });
    const byId = new Map(REVISIONS.map((r) => [r.default.id, r.default]));
    const graphHead = REVISIONS.at(-1)?.default.id;
    if (state.heads.length === 0) this.timeline.note("(base: no revision applied)");
    for (const head of state.heads) {
      this.timeline.note(`${head}${head === graphHead ? " (head)" : ""}, ${byId.get(head)?.message ?? ""}`);
    }
  }

  async #cli(args: readonly string[]): Promise<void> {
    this.timeline.command(`athanor ${args.join(" ")}`);
    const env = { ...process.env, NO_COLOR: "1" } as NodeJS.ProcessEnv;
    if (this.choice.kind === "pglite") delete env.DATABASE_URL;
    else env.DATABASE_URL = this.choice.url;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [this.#bin, ...args, "-c", this.#config],
        { env },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`athanor ${args.join(" ")} failed: ${stderr || error.message}`));
          else resolve(stdout);
        },
      );
    });
    for (const line of output.trimEnd().split("\n")) this.timeline.note(line);
  }
}
