import { type ChecksumMismatch, type FleetReading, readFleet } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { acceptChecksum, checkChecksums } from "@athanor/core/runner";
import { inertText } from "@athanor/core/text";
import type { Context } from "../context.js";
import { acceptAdvice, acceptedLines, checksumLines } from "../format/checksum-lines.js";
import { EXIT, printJson } from "../output.js";
import { withFleet } from "./fleet-command.js";
import { type FleetCommandOptions, fleetRunOptions } from "./fleet-options.js";
import type { OpenedFleet } from "./fleet-targets.js";
import { firstLine } from "./report-fleet.js";

/** `checksums --fleet`'s options. */
export type ChecksumsFleetOptions = FleetCommandOptions & {
  readonly reason?: string | undefined;
  readonly json?: boolean | undefined;
};

/**
 * `athanor checksums [accept REV...] --fleet [NAME]`. Listing: every target's changed revisions
 * (exit 1 when any target has one or could not be read). Accepting: every target is read first —
 * reachable, and each named revision applied there with a changed checksum — and only when every
 * target passes is any changed; otherwise ATHANOR_FLEET_ACCEPT_REFUSED names each refusing target
 * and why, and nothing was written anywhere. A target that fails while accepting (after every
 * check passed) is reported with its error beside the targets that accepted; exit 1.
 */
export async function checksumsFleetCommand(
  ctx: Context,
  configPath: string | undefined,
  options: ChecksumsFleetOptions,
  accept: readonly string[] | undefined,
): Promise<number> {
  const { concurrency } = fleetRunOptions(options);
  return withFleet(ctx, configPath, options, async (run, opened) => {
    const source = { context: run.migration, targets: opened.targets, concurrency };
    const read = await readFleet(source, async (target) => ({
      heads: [],
      value: await checkChecksums(target),
    }));
    if (accept === undefined) return listFleet(ctx, opened, read);
    refuseUnlessEveryTargetAccepts(read, accept);
    const accepted = await readFleet(source, async (target) => ({
      heads: [],
      value: await acceptChecksum(target, accept, { note: options.reason }),
    }));
    const failed = accepted.records.filter((r) => r.error !== undefined);
    if (ctx.json)
      printJson(ctx, {
        command: "checksums accept",
        fleet: opened.fleet.name,
        reason: options.reason ?? null,
        records: accepted.records.map((r) => ({
          target: r.target,
          accepted: accepted.values.get(r.target) ?? [],
          error: r.error ?? null,
        })),
      });
    else {
      const lines = accepted.records.flatMap((r) =>
        r.error === undefined
          ? prefixed(r.target, acceptedLines(accepted.values.get(r.target) ?? []))
          : [
              `${inertText(r.target)}: not accepted: ${r.error.code} ${inertText(firstLine(r.error.message))}`,
            ],
      );
      if (failed.length > 0)
        lines.push(
          `${failed.length} target(s) failed after every target passed the check; the others accepted. Run the same command again with --target for each failed one.`,
        );
      ctx.stdout.write(`${lines.join("\n")}\n`);
    }
    return failed.length === 0 ? EXIT.ok : EXIT.failure;
  });
}

/** Why one target cannot accept: `code` when it could not be read, the revisions not changed there. */
interface AcceptProblem {
  readonly target: string;
  readonly code: string | null;
  readonly message: string;
  readonly missing: readonly string[];
}

/**
 * Throws ATHANOR_FLEET_ACCEPT_REFUSED unless every target was read and has each of `accept`
 * applied with a changed checksum: a fleet whose targets differ is not changed in part.
 */
function refuseUnlessEveryTargetAccepts(
  read: FleetReading<readonly ChecksumMismatch[]>,
  accept: readonly string[],
): void {
  const problems = read.records.flatMap((r): AcceptProblem[] => {
    if (r.error !== undefined)
      return [
        {
          target: r.target,
          code: r.error.code,
          message: `could not be read: ${r.error.code} ${firstLine(r.error.message)}`,
          missing: [...accept],
        },
      ];
    const changed = (read.values.get(r.target) ?? []).map((m) => m.revision);
    const missing = accept.filter((id) => !changed.includes(id));
    if (missing.length === 0) return [];
    return [
      {
        target: r.target,
        code: null,
        message: `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not applied there with a changed checksum (changed there: ${changed.join(", ") || "none"})`,
        missing,
      },
    ];
  });
  if (problems.length === 0) return;
  throw new AthanorError(
    "ATHANOR_FLEET_ACCEPT_REFUSED",
    `Nothing was accepted on any target: ${problems.length} of ${read.records.length} target(s) did not pass the check made on every target first.\n` +
      problems.map((p) => `${inertText(p.target)}: ${inertText(p.message)}`).join("\n"),
    {
      targets: problems.map((p) => p.target),
      problems,
      count: problems.length,
      hint: "fix or leave out those targets (--target NAME for the others), then run the same command again",
    },
  );
}

/** `checksums --fleet`: each target's changed revisions; exit 1 when any has one or could not be read. */
function listFleet(
  ctx: Context,
  opened: OpenedFleet,
  read: FleetReading<readonly ChecksumMismatch[]>,
): number {
  const problems = read.records.filter(
    (r) => r.error !== undefined || (read.values.get(r.target) ?? []).length > 0,
  );
  if (ctx.json)
    printJson(ctx, {
      command: "checksums",
      fleet: opened.fleet.name,
      records: read.records.map((r) => ({
        target: r.target,
        mismatches: read.values.get(r.target) ?? [],
        error: r.error ?? null,
      })),
    });
  else {
    const lines = read.records.flatMap((r) =>
      r.error === undefined
        ? prefixed(r.target, checksumLines(read.values.get(r.target) ?? []))
        : [
            `${inertText(r.target)}: could not be read: ${r.error.code} ${inertText(firstLine(r.error.message))}`,
          ],
    );
    const changed = [...new Set([...read.values.values()].flat().map((m) => m.revision))];
    const advice = acceptAdvice(changed, ` --fleet ${inertText(opened.fleet.name)}`);
    ctx.stdout.write(`${[...lines, ...advice].join("\n")}\n`);
  }
  return problems.length === 0 ? EXIT.ok : EXIT.failure;
}

/** A single-target formatter's lines, each behind `<target>: `. */
function prefixed(target: string, lines: readonly string[]): string[] {
  return lines.map((line) => `${inertText(target)}: ${line}`);
}
