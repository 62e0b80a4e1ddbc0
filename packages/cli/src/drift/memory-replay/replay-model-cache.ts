import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { SchemaModel } from "@athanor/core";
import { ensurePrivateDir, isPrivateFile } from "@athanor/core/dialect";
import { cliVersion } from "../../cli-version.js";

/** Bump when the model's shape or what the replay models changes: an older file is then ignored. */
const FORMAT = 1;

interface CacheFile {
  readonly format: number;
  readonly key: string;
  readonly sha256: string;
  readonly model: SchemaModel;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The key of one in-memory replay: athanor's version, the dialect and the conventions it was
 * modelled under, and every replayed revision with its checksum, in replay order — so a file
 * edited, added or reordered is a miss, never a stale model. The server's version is not in it:
 * the model comes from the operations alone, and is compared with the live database each time.
 *
 * @example
 * ```ts
 * replayKey(["postgresql", "public"], [["ae10", "9f3c…"]]);
 * ```
 */
export function replayKey(
  dialect: readonly string[],
  revisions: readonly (readonly [string, string])[],
): string {
  return sha256(JSON.stringify([cliVersion(), FORMAT, dialect, revisions]));
}

/**
 * The last in-memory replay of one versions folder, kept beside its header cache
 * (`replay-<folder key>.json`, private: a folder of this user's, mode 0600, written whole then
 * renamed). Read only when the file is private, its key is the run's and its model hashes to the
 * SHA-256 stored with it; anything else is a miss. A model that answers is still compared with
 * the live database: a stale or forged one can only disagree and send the check to the server.
 *
 * @example
 * ```ts
 * const cache = replayModelCache(run.migration.options.headerCache);
 * const model = cache?.read(key) ?? replay();
 * ```
 */
export function replayModelCache(headerCache: string | undefined) {
  if (headerCache === undefined) return undefined;
  const path = join(dirname(headerCache), basename(headerCache).replace(/^headers-/, "replay-"));
  return {
    read(key: string): SchemaModel | undefined {
      if (!isPrivateFile(path)) return undefined;
      try {
        const file = JSON.parse(readFileSync(path, "utf8")) as Partial<CacheFile>;
        if (file.format !== FORMAT || file.key !== key || typeof file.sha256 !== "string") return undefined;
        if (sha256(JSON.stringify(file.model)) !== file.sha256) return undefined;
        return file.model;
      } catch {
        return undefined;
      }
    },
    write(key: string, model: SchemaModel): void {
      if (!ensurePrivateDir(dirname(path))) return;
      const file: CacheFile = { format: FORMAT, key, sha256: sha256(JSON.stringify(model)), model };
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, JSON.stringify(file), { mode: 0o600 });
        renameSync(temporary, path);
      } catch {
        // a cache that cannot be written is no cache; the answer stands
      }
    },
  };
}
