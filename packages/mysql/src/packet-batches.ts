import { AthanorError } from "@athanor/core/errors";

// A query packet is the SQL's bytes plus the COM_QUERY byte, and the server refuses one that
// reaches max_allowed_packet; 16 bytes of slack cover both (measured on MariaDB 10.11: 65,534
// bytes of SQL pass a 65,536 limit, 65,535 do not).
const PACKET_SLACK = 16;
/** The least max_allowed_packet a server accepts: a script this small needs no limit read. */
const SMALLEST_LIMIT = 1024;
/** Between two statements of a multi-statement round trip. */
export const STATEMENT_JOIN = ";\n";

/** The session's limit on one round trip (read-only per session: the global value at connect). */
export const MAX_PACKET_SQL = "SELECT @@SESSION.max_allowed_packet AS maxPacket";

/** Consecutive statements sent in one round trip; `start` is the first one's index in the script. */
export interface PacketBatch {
  readonly start: number;
  readonly statements: readonly string[];
}

/**
 * Whether `statements` surely fit one round trip under `maxPacket` — by default any server's
 * least, so the limit need not be read — without encoding them (a step's batch under the
 * session's known limit goes out without `packetBatches`).
 */
export function fitsOnePacket(statements: readonly string[], maxPacket = SMALLEST_LIMIT): boolean {
  // a UTF-16 code unit is at most 3 UTF-8 bytes: an upper bound without encoding anything
  let bound = 0;
  for (const sql of statements) bound += sql.length * 3 + STATEMENT_JOIN.length;
  return bound <= maxPacket - PACKET_SLACK;
}

/**
 * Splits a script into round trips of at most `maxPacket` bytes each, in order. A statement that
 * cannot fit alone fails before anything is sent, with ATHANOR_STATEMENT_TOO_LARGE and its
 * `statementIndex` (the runner names the statement from it).
 *
 * @example
 * ```ts
 * packetBatches(["CREATE TABLE a (id int)", "CREATE TABLE b (id int)"], 16 * 1024 * 1024);
 * // [{ start: 0, statements: [both] }]
 * ```
 */
export function packetBatches(statements: readonly string[], maxPacket: number): PacketBatch[] {
  const budget = maxPacket - PACKET_SLACK;
  const sizes = statements.map((sql) => Buffer.byteLength(sql, "utf8"));
  const tooLarge = sizes.findIndex((bytes) => bytes > budget);
  if (tooLarge >= 0)
    throw statementTooLarge(statements[tooLarge] as string, tooLarge, sizes[tooLarge] as number, maxPacket);
  const batches: PacketBatch[] = [];
  let start = 0;
  let bytes = 0;
  for (const [index, size] of sizes.entries()) {
    const joined = index === start ? size : bytes + STATEMENT_JOIN.length + size;
    if (joined > budget) {
      batches.push({ start, statements: statements.slice(start, index) });
      start = index;
      bytes = size;
    } else bytes = joined;
  }
  batches.push({ start, statements: statements.slice(start) });
  return batches;
}

function statementTooLarge(sql: string, index: number, bytes: number, maxPacket: number): AthanorError {
  // One line, cut between characters: a cut inside a surrogate pair (an emoji in the data) left
  // half a character, printed as U+FFFD and written to --json as a lone \ud83d.
  const line = sql.replace(/\s+/g, " ");
  const chars = Array.from(line);
  const head = chars.length > 80 ? `${chars.slice(0, 80).join("")}…` : line;
  const error = new AthanorError(
    "ATHANOR_STATEMENT_TOO_LARGE",
    `the statement is ${bytes} bytes, more than the server's max_allowed_packet of ${maxPacket} bytes allows in one round trip (${head}); nothing of its batch was sent. Split it into smaller statements (insert the data in several), or raise max_allowed_packet on the server (SET GLOBAL max_allowed_packet and the server's configuration; new sessions take it).`,
    { bytes, maxAllowedPacket: maxPacket, statementIndex: index },
  );
  return Object.assign(error, { statementIndex: index });
}
