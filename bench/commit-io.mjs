// What a SQLite process writes and syncs, counted with strace (load does not change these counts,
// unlike its times): per file, the pwrite64 calls and the whole pages among them, and the
// fsync/fdatasync calls. apply-sqlite.mjs --io divides them by the revisions to compare the shell's
// commits with athanor's.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { basename } from "node:path";

const PAGE = 4096; // SQLite's default page size, as every file of the benchmark has

/**
 * Runs `cmd args` under `strace -f` and counts its writes and syncs: `byFile` maps each file
 * name (the journal, the database) to `{ writes, pages }`; `fsync` / `fdatasync` count the calls
 * (the directory's too, which SQLite syncs after creating a journal). Undefined when strace is
 * missing or not allowed here.
 *
 * @example
 * ```js
 * const io = commitIo("sqlite3", [file, ".read x.sql"], traceFile);
 * io?.byFile.get("x.db-journal")?.pages;
 * ```
 */
export function commitIo(cmd, args, traceFile, env = process.env) {
  const r = spawnSync(
    "strace",
    ["-f", "-qq", "-o", traceFile, "-e", "trace=openat,pwrite64,fsync,fdatasync", cmd, ...args],
    { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error !== undefined || r.status !== 0) return undefined;
  const names = new Map(); // "pid fd" → file name, from the openat that returned it
  const byFile = new Map();
  const counts = { fsync: 0, fdatasync: 0 };
  for (const line of readFileSync(traceFile, "utf8").split("\n")) {
    const pid = line.slice(0, line.indexOf(" "));
    const open = /openat\([^"]*"([^"]*)".*\)\s+= (\d+)$/.exec(line);
    if (open !== null) {
      names.set(`${pid} ${open[2]}`, basename(open[1]));
      continue;
    }
    const write = /pwrite64\((\d+),.*, (\d+), \d+\)\s+= \d+$/.exec(line);
    if (write !== null) {
      const name = names.get(`${pid} ${write[1]}`) ?? `fd ${write[1]}`;
      const f = byFile.get(name) ?? { writes: 0, pages: 0 };
      f.writes++;
      if (Number(write[2]) === PAGE) f.pages++;
      byFile.set(name, f);
      continue;
    }
    if (/ fsync\(/.test(line)) counts.fsync++;
    else if (/ fdatasync\(/.test(line)) counts.fdatasync++;
  }
  rmSync(traceFile, { force: true });
  return { byFile, ...counts };
}
