// A multi-statement round trip sent as a command of mysql2's own queue, reading only what the
// runner needs from each reply: whether it ended a statement, whether more follow, the error.
// mysql2's Query builds a result object, emits events and parses the OK packet's text for every
// reply (docs/performance.md, "MariaDB revert, twenty-fourth session"). It relies on mysql2's
// command protocol (`addCommand`, `writePacket`, `_resetSequenceId`, the parser's packet);
// `leanBatchFits` checks for each and mysql-driver.ts falls back to mysql2's query otherwise.
// lean-batch.test.ts pins that mysql2 still offers them.
import { EventEmitter } from "node:events";

/** The parser's packet, as mysql2 hands it to a command: one reply in `buffer[offset..end)`. */
interface ReplyPacket {
  readonly buffer: Buffer;
  readonly offset: number;
  readonly start: number;
  readonly end: number;
  asError(encoding: string): Error;
}

/** What a command may write through: mysql2 frames it (length, sequence id) with `writeHeader`. */
interface OutgoingPacket {
  readonly buffer: Buffer;
  length(): number;
  writeHeader(sequenceId: number): void;
}

/** The slice of mysql2's connection a queued command uses. */
export interface CommandConnection {
  addCommand(command: object): unknown;
  writePacket(packet: OutgoingPacket): void;
  _resetSequenceId(): void;
  serverStatus: number;
  readonly clientEncoding?: string;
  readonly serverCapabilityFlags?: number;
  readonly config?: {
    readonly clientFlags?: number;
    /** mysql2 keeps the COMPRESS capability bit here once the server agreed to it. */
    readonly compress?: boolean | number;
    readonly debug?: boolean;
  };
}

const COM_QUERY = 0x03;
const OK = 0x00;
const ERR = 0xff;
const EOF = 0xfe;
const LOCAL_INFILE = 0xfb;
/** SERVER_MORE_RESULTS_EXISTS: another statement's reply follows. */
const MORE_RESULTS = 0x0008;
/** MySQL 8's query attributes change COM_QUERY's layout; mysql2's own query handles that. */
const CLIENT_QUERY_ATTRIBUTES = 1 << 27;

/**
 * Whether `core` takes a lean batch: mysql2's command queue and packet writer are there, and the
 * connection uses nothing the lean command does not speak (compression, query attributes, a
 * character set other than UTF-8, debug logging, a server that asks for a file).
 */
export function leanBatchFits(core: unknown, sql: string): core is CommandConnection {
  const c = core as Partial<CommandConnection> | undefined;
  if (
    typeof c?.addCommand !== "function" ||
    typeof c.writePacket !== "function" ||
    typeof c._resetSequenceId !== "function" ||
    typeof c.serverStatus !== "number"
  )
    return false;
  const flags = (c.config?.clientFlags ?? 0) & (c.serverCapabilityFlags ?? 0);
  return (
    c.clientEncoding === "utf8" &&
    !c.config?.compress &&
    c.config?.debug !== true &&
    (flags & CLIENT_QUERY_ATTRIBUTES) === 0 &&
    !/infile/i.test(sql)
  );
}

/** How a lean batch ended: no error, or mysql2's own for the failing statement with its index. */
export type LeanBatchDone = (error?: Error & { readonly statementIndex: number }) => void;

/**
 * Queues `sql` (statements joined for one round trip) on `core`; `done` is called when the
 * server has answered the last of them, from the reply's own callback (as mysql2's query emits
 * its events): with no error, or with mysql2's own error for the failing statement (its code,
 * errno, SQL state) carrying `statementIndex`, the statements finished before it. A lost session
 * reaches the connection, not this command, as with mysql2's query: the caller watches the
 * connection (watchSessionLoss), and reads how many statements had finished from the result.
 *
 * @example
 * ```ts
 * const batch = sendLeanBatch(core, sql, (error) => (error ? reject(error) : resolve()));
 * watchSessionLoss(core, (error) => reject(Object.assign(error, { statementIndex: batch.finished })));
 * ```
 */
export function sendLeanBatch(
  core: CommandConnection,
  sql: string,
  done: LeanBatchDone,
): { readonly finished: number } {
  const command = new LeanBatchCommand(sql, done);
  core.addCommand(command);
  return command;
}

/** mysql2 calls `execute` with no packet to start a command, then with each reply packet. */
class LeanBatchCommand extends EventEmitter {
  /** The statements the server has answered without an error so far. */
  finished = 0;
  /** Column definitions still to come of a result set; then its EOF, then rows to an EOF. */
  private columnsLeft = 0;
  private state: "reply" | "columns" | "rows" = "reply";
  private fileRefused = false;

  constructor(
    private readonly sql: string,
    private readonly done: LeanBatchDone,
  ) {
    super();
  }

  /** True when the command is done (mysql2 then starts the next one in its queue). */
  execute(packet: ReplyPacket | undefined, connection: CommandConnection): boolean {
    if (packet === undefined) {
      connection._resetSequenceId();
      connection.writePacket(queryPacket(this.sql));
      return false;
    }
    const { buffer, offset } = packet;
    const first = buffer[offset];
    if (first === ERR) {
      const error = packet.asError(connection.clientEncoding ?? "utf8");
      this.done(Object.assign(error, { sql: this.sql, statementIndex: this.finished }));
      return true;
    }
    if (this.state === "rows") {
      if (first !== EOF || packet.end - packet.start >= 13) return false;
      return this.statementDone(buffer.readUInt16LE(offset + 3), connection);
    }
    if (this.state === "columns") {
      // the column definitions, then the EOF that ends them
      if (this.columnsLeft-- === 0) this.state = "rows";
      return false;
    }
    if (first === OK) return this.statementDone(okStatus(buffer, offset), connection);
    if (first === LOCAL_INFILE) {
      // the server waits for a file: an empty packet tells it there is none
      this.fileRefused = true;
      connection.writePacket(queryPacket(undefined));
      return false;
    }
    this.columnsLeft = lengthCoded(buffer, offset);
    this.state = "columns";
    return false;
  }

  private statementDone(status: number, connection: CommandConnection): boolean {
    // mysql2 keeps the last status: its escaping reads NO_BACKSLASH_ESCAPES from it
    connection.serverStatus = status;
    this.state = "reply";
    if (!this.fileRefused) this.finished++;
    if ((status & MORE_RESULTS) !== 0) return false;
    if (this.fileRefused)
      this.done(
        Object.assign(new Error("the server asked for a local file, and athanor sends none"), {
          code: "ATHANOR_LOCAL_INFILE",
          statementIndex: this.finished,
        }),
      );
    else this.done();
    return true;
  }
}

/** A COM_QUERY packet for `sql`, or an empty packet; mysql2 writes the header's length and sequence id. */
function queryPacket(sql: string | undefined): OutgoingPacket {
  const head = sql === undefined ? 4 : 5;
  const bytes = sql === undefined ? 0 : Buffer.byteLength(sql, "utf8");
  const buffer = Buffer.allocUnsafe(head + bytes);
  if (sql !== undefined) {
    buffer[4] = COM_QUERY;
    buffer.write(sql, head, bytes, "utf8");
  }
  return {
    buffer,
    length: () => buffer.length,
    writeHeader(sequenceId) {
      buffer.writeUIntLE(buffer.length - 4, 0, 3);
      buffer[3] = sequenceId;
    },
  };
}

/** An OK packet's status flags: after its header byte, affected rows and insert id (length-coded). */
function okStatus(buffer: Buffer, offset: number): number {
  let at = offset + 1;
  for (let field = 0; field < 2; field++) at += lengthCodedSize(buffer[at] as number);
  return buffer.readUInt16LE(at);
}

function lengthCodedSize(first: number): number {
  if (first < 0xfb) return 1;
  if (first === 0xfc) return 3;
  if (first === 0xfd) return 4;
  return 9;
}

/** A length-coded integer (a result set's column count). */
function lengthCoded(buffer: Buffer, offset: number): number {
  const first = buffer[offset] as number;
  if (first < 0xfb) return first;
  if (first === 0xfc) return buffer.readUInt16LE(offset + 1);
  if (first === 0xfd) return buffer.readUIntLE(offset + 1, 3);
  return Number(buffer.readBigUInt64LE(offset + 1));
}
