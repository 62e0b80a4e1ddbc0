import {
  autogenerate,
  type DiffResult,
  parseRenameHint,
  type RenameCandidate,
  type RenameHint,
} from "@athanor/autogenerate";
import { AthanorError } from "@athanor/core";
import type { Context } from "../context.js";
import type { LiveAndDesired } from "./live-and-desired.js";

/** How renames are decided for one command. */
export interface RenameFlags {
  /** `--rename table.old:new` / `--rename old:new`, repeatable. */
  readonly rename?: readonly string[] | undefined;
  /** `--accept-drop-add`: leave rename candidates as a drop and an add without asking. */
  readonly acceptDropAdd?: boolean | undefined;
}

function describe(c: RenameCandidate): string {
  return c.kind === "table" ? `table ${c.from} → ${c.to}` : `column ${c.table}.${c.from} → ${c.to}`;
}

/**
 * Diffs the models against the database. Rename candidates are settled by `--rename` flags;
 * those left are asked about on a TTY (one yes/no prompt each) and, without a TTY, stop the
 * command with ATHANOR_RENAME_UNDECIDED (exit 2) naming the flag to pass — unless `ask` is
 * false (check, diff only report) or `--accept-drop-add` was given.
 */
export async function decideDiff(
  ctx: Context,
  models: LiveAndDesired,
  flags: RenameFlags,
  ask: boolean,
): Promise<DiffResult> {
  const hints: RenameHint[] = (flags.rename ?? []).map(parseRenameHint);
  const run = () => autogenerate({ ...models, renames: hints });
  let result = run();
  if (!ask || flags.acceptDropAdd === true) return result;
  const refused = new Set<string>();
  // Accepting a table rename can reveal column candidates inside it: ask until nothing new comes up.
  for (let round = 0; round < 10; round++) {
    const open = result.renameCandidates.filter((c) => !refused.has(c.hint));
    if (open.length === 0) return result;
    if (!ctx.isTTY) {
      throw new AthanorError(
        "ATHANOR_RENAME_UNDECIDED",
        `Autogenerate found ${open.length} possible rename${open.length === 1 ? "" : "s"} (${open.map(describe).join("; ")}) and cannot ask without a terminal. Say what they are: pass --rename for each real rename, or --accept-drop-add to drop and re-add (losing the data).`,
        { candidates: open.map((c) => ({ ...c })), hint: open.map((c) => `--rename ${c.hint}`).join(" ") },
      );
    }
    const { confirm, isCancel } = await import("@clack/prompts");
    for (const candidate of open) {
      const answer = await confirm({
        message: `Was ${describe(candidate)} renamed? (no = drop and add, losing the data)`,
        initialValue: true,
      });
      if (isCancel(answer)) throw new AthanorError("ATHANOR_USAGE", "Cancelled; nothing was written.");
      if (answer === true) hints.push(parseRenameHint(candidate.hint));
      else refused.add(candidate.hint);
    }
    result = run();
  }
  return result;
}
