import { nextStep } from "../text/next-step.js";
import type { FleetTargetError, TargetOutcome } from "./fleet-record.js";
import type { CancelReport } from "./statement-cancel.js";

/**
 * ATHANOR_FLEET_TIMEOUT for a target stopped after `timeoutMs`: whether its running statement was
 * cancelled on the server and is gone, and what was applied. It says "nothing applied" only when
 * that is verified: the runner saw the stopped revision leave nothing (rolled back, or no COMMIT
 * sent), no earlier revision of the run was applied, and the server shows the statement gone.
 */
export function timeoutError(
  target: string,
  timeoutMs: number,
  outcome: TargetOutcome,
  cancel: CancelReport,
  gone: boolean,
  expandOnly?: boolean,
): FleetTargetError {
  const cause = outcome.error as FleetTargetError;
  const stopped = outcome.stopped;
  const applied = outcome.revisions;
  const how =
    cancel.failure !== undefined
      ? `its statement could not be cancelled on the server (${cancel.failure})`
      : cancel.sent
        ? "its running statement was cancelled on the server"
        : "it stopped at a safe point (no statement left to cancel)";
  const cancelled = `${how}${gone ? ", and no statement of it runs there any more" : ", and the server still showed its session busy 5 s later"}`;
  const verified = gone && (stopped === undefined || stopped.kept === "nothing");
  const before = applied.length === 0 ? "" : `${applied.join(", ")} applied before it (kept); `;
  const kept =
    stopped === undefined
      ? verified
        ? applied.length === 0
          ? "nothing applied"
          : `${applied.join(", ")} applied (kept)`
        : `what was applied is not verified: check with \`${nextStep({ kind: "fleet-status" })}\``
      : stopped.kept === "part"
        ? `${before}${stopped.revision} stopped part-way: resume it with \`${nextStep({ kind: "fleet-resume", expandOnly })}\``
        : verified
          ? applied.length === 0
            ? `nothing applied (${stopped.revision} rolled back)`
            : `${before}nothing of ${stopped.revision} applied (rolled back)`
          : `${before}whether anything of ${stopped.revision} was applied is not verified: check with \`${nextStep({ kind: "fleet-status" })}\``;
  return {
    code: "ATHANOR_FLEET_TIMEOUT",
    message: `${target} ran for longer than ${timeoutMs} ms and was stopped: ${cancelled}; ${kept}. (${cause.message})`,
    revision: cause.revision,
    sql: cause.sql,
    meta: {
      target,
      timeoutMs,
      cancelled: cancel.sent,
      statementGone: gone,
      applied: [...applied],
      nothingApplied: verified && applied.length === 0 && stopped?.kept !== "part",
      cause: { code: cause.code, message: cause.message },
    },
  };
}
