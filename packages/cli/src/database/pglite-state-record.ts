import { lstatSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ensurePrivateDir } from "@athanor/core/dialect";
import { parseRunState, type RunState } from "@athanor/core/runner";
import { cliVersion } from "../cli-version.js";
import {
  configStampOf,
  type FileStampLine,
  folderStamps,
  newestStampNs,
  timestampGranularityMs,
} from "./folder-stamps.js";

/** Bump when the record's shape or what it means changes: an older record is then ignored. */
const RECORD_FORMAT = 1;

/** What a record is about: the same values must hold for it to answer. */
export interface StateRecordSubject {
  /** Absolute path of the PGlite data folder. */
  readonly dataDir: string;
  /** Absolute path of the config file. */
  readonly configFile: string;
  /** Its stamp when the run started, before it was loaded ({@link configStampOf}). */
  readonly configStamp: FileStampLine | undefined;
  readonly versions: string;
  readonly versionTable: { readonly name: string; readonly schema?: string | undefined };
}

interface RecordFile {
  readonly format: number;
  readonly key: string;
  /** Every stamp is older than this instant minus the filesystem's granularity (ns, decimal). */
  readonly stampedAtNs: string;
  readonly granularityMs: number;
  readonly config: FileStampLine;
  readonly folder: readonly FileStampLine[];
  readonly state: unknown;
}

/**
 * The record behind a no-op `upgrade` on PGlite that does not start PGlite: the version table
 * and history as a run read and verified them, kept in the user's cache folder with the stamp
 * (size, mtime and ctime in ns, inode) of every file of the data folder and of the config. It
 * answers only while every stamp is unchanged, the key (athanor's version, the folders, the
 * version table) is the same, and every stamp was older than the filesystem's timestamp
 * granularity when taken, so a write can never hide under an equal timestamp. Anything else —
 * a missing, unreadable, foreign, widened, symlinked or malformed record — is no answer.
 *
 * Callers hold the embedded database's process lock around {@link read}, {@link invalidate} and
 * {@link writeVerified}; every athanor open of the folder invalidates the record first, so a run
 * killed mid-way leaves none behind.
 *
 * @example
 * ```ts
 * const record = new PgliteStateRecord(path, subject);
 * const state = record.read(); // RunState or undefined
 * ```
 */
export class PgliteStateRecord {
  private verified: RunState | undefined;
  private readonly key: string;

  constructor(
    readonly path: string,
    private readonly subject: StateRecordSubject,
  ) {
    this.key = JSON.stringify([
      cliVersion(),
      subject.dataDir,
      subject.versions,
      subject.versionTable.schema ?? null,
      subject.versionTable.name,
    ]);
  }

  /** The recorded state when every rule above holds, else undefined. */
  read(): RunState | undefined {
    const record = readOwnRecord(this.path);
    const config = this.subject.configStamp;
    if (record?.format !== RECORD_FORMAT || record.key !== this.key) return undefined;
    if (config === undefined || record.config !== config) return undefined;
    const folder = folderStamps(this.subject.dataDir);
    if (folder === undefined || !sameLines(folder, record.folder)) return undefined;
    if (!olderThanWindow([...folder, config], record)) return undefined;
    return parseRunState(record.state);
  }

  /** Removes the record: the folder is about to be opened, and what it says may stop being true. */
  invalidate(): void {
    try {
      unlinkSync(this.path);
    } catch {}
  }

  /** Keeps the state a run read and verified; written by {@link writeVerified} once PGlite is closed. */
  remember(state: RunState): void {
    this.verified = state;
  }

  /**
   * Writes the remembered state with the folder's stamps, after PGlite closed (its shut-down
   * checkpoint writes files). Waits out the filesystem's timestamp granularity (20 ms on Linux's
   * usual filesystems) so every stamp is older than it; writes nothing when the config changed
   * during the run, a PGlite still has the folder open (`postmaster.pid`), or the wait would be
   * longer than 0.1 s (coarse timestamps).
   */
  async writeVerified(): Promise<void> {
    const state = this.verified;
    const config = this.subject.configStamp;
    if (state === undefined || config === undefined) return;
    const granularityMs = timestampGranularityMs(this.subject.dataDir);
    for (let attempt = 0; attempt < 2; attempt++) {
      const stampedAtNs = BigInt(Date.now()) * 1_000_000n;
      const folder = folderStamps(this.subject.dataDir);
      if (folder === undefined || folder.some((line) => line.startsWith("postmaster.pid "))) return;
      if (configStampOf(this.subject.configFile) !== config) return;
      const waitMs = Number(newestStampNs([...folder, config]) - stampedAtNs) / 1e6 + granularityMs;
      if (waitMs < 0) {
        writeRecord(this.path, {
          format: RECORD_FORMAT,
          key: this.key,
          stampedAtNs: String(stampedAtNs),
          granularityMs,
          config,
          folder,
          state,
        });
        return;
      }
      if (waitMs > 100) return;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs) + 1));
    }
  }
}

function sameLines(current: readonly string[], recorded: unknown): boolean {
  return (
    Array.isArray(recorded) &&
    recorded.length === current.length &&
    current.every((line, i) => line === recorded[i])
  );
}

/** Every stamp was older than the record's stamping instant minus the granularity it used. */
function olderThanWindow(lines: readonly string[], record: RecordFile): boolean {
  if (typeof record.stampedAtNs !== "string" || !/^\d{1,25}$/.test(record.stampedAtNs)) return false;
  if (typeof record.granularityMs !== "number" || !(record.granularityMs >= 20)) return false;
  const windowNs = BigInt(Math.ceil(record.granularityMs)) * 1_000_000n;
  return newestStampNs(lines) < BigInt(record.stampedAtNs) - windowNs;
}

/** The record when it is a regular file of this user's that no one else may read or write. */
function readOwnRecord(path: string): RecordFile | undefined {
  try {
    const stats = lstatSync(path);
    const uid = process.getuid?.();
    if (!stats.isFile() || (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o077) !== 0)))
      return undefined;
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as RecordFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Write-then-rename into a private (0700) folder, mode 0600; a record is an optimisation, so failures are ignored. */
function writeRecord(path: string, record: RecordFile): void {
  if (!ensurePrivateDir(dirname(path))) return;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
    renameSync(temp, path);
  } catch {
    try {
      unlinkSync(temp);
    } catch {}
  }
}
