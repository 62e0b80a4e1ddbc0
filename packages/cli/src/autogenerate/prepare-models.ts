import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { DatabaseRun } from "../database/open-database-run.js";
import { prepareImport } from "../database/revision-importer.js";

/**
 * Starts transpiling the schema files the config names (plain files; folders and globs are
 * expanded only by `loadModels`) while the run reads its revision headers and checks the
 * heads, so `loadModels` does not wait for the compiler. Changes nothing it will import:
 * the import reads each file again and takes the early body only for the same text. Settles
 * (never rejects) once the compiler has every file: the header read that follows blocks this
 * thread, which would otherwise hold the compiler's start until it ends.
 */
export async function prepareModels(run: Pick<DatabaseRun, "config">): Promise<void> {
  const { schema, root } = run.config;
  const started: Promise<void>[] = [];
  for (const path of typeof schema === "string" ? [schema] : (schema ?? [])) {
    const file = resolve(root, path);
    if (isPlainFile(file)) started.push(prepareImport(file));
  }
  await Promise.all(started);
}

/** Whether `file` is a file; a path that cannot be looked at (ENOTDIR, EACCES) is left for the import to report. */
function isPlainFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
