import { basename, dirname, join, resolve } from "node:path";
import { AthanorError } from "../errors.js";
import type { FileStamp } from "../revision/file-stamp-cache.js";
import { loadRevisionHeaders } from "../revision/load-revision-headers.js";
import { loadRevisionModule, type RevisionImporter } from "../revision/load-revision-module.js";
import type { RevisionDefinition, RevisionSource } from "../revision/revision.js";
import { headerOf } from "../revision/revision.js";
import { fileChecksum, moduleChecksum } from "./checksum.js";
import { ChecksumCache } from "./checksum-cache.js";
import type { RevisionModule } from "./runner-options.js";

/**
 * The revisions of one run: headers up front (cheap, for the graph), module code only when a
 * step needs it, checksums on demand.
 *
 * @example
 * ```ts
 * const set = await openRevisionSet("migrations/versions");
 * const definition = await set.definition("3f2a9c1b7d4e");
 * ```
 */
export interface RevisionSet {
  readonly sources: readonly RevisionSource[];
  definition(id: string): Promise<RevisionDefinition>;
  /** Revision `id`'s definition when it is loaded already (its module imported), else undefined. */
  loaded?(id: string): RevisionDefinition | undefined;
  checksum(id: string): string;
  /** Persists checksums computed so far (a folder with a header cache keeps them beside it). */
  saveCaches(): void;
}

/** Builds a {@link RevisionSet} from a folder (headers parsed without executing) or from modules. */
export async function openRevisionSet(
  revisions: string | readonly RevisionModule[],
  importer?: RevisionImporter,
  headerCache?: string,
): Promise<RevisionSet> {
  return typeof revisions === "string" ? folderSet(revisions, importer, headerCache) : moduleSet(revisions);
}

async function folderSet(
  dir: string,
  importer: RevisionImporter | undefined,
  headerCache: string | undefined,
): Promise<RevisionSet> {
  // the stamp each file was stat'ed under for its header: the checksum cache reuses it (one stat per file)
  const stamps = new Map<string, FileStamp>();
  // the text of each file whose header was parsed from it (a cold run): checksummed and run as is
  const texts = new Map<string, string>();
  const sources = await loadRevisionHeaders(dir, { cache: headerCache, stamps, texts });
  const checksums = ChecksumCache.open(
    headerCache === undefined ? undefined : checksumCachePath(headerCache),
    resolve(dir),
    sources.map((s) => basename(s.file ?? "")),
  );
  const byId = new Map(sources.map((s) => [s.id, s]));
  const source = (id: string): RevisionSource & { file: string } => {
    const s = byId.get(id);
    if (s?.file === undefined) throw unknownRevision(id);
    return s as RevisionSource & { file: string };
  };
  // one value per revision per run: `--sql` asks for each revision's checksum three times
  const known = new Map<string, string>();
  /** The checksum of revision `id`; `onText` gets the file's text when it was read for it. */
  const checksumOf = (id: string, onText?: (text: string) => void): string => {
    let value = known.get(id);
    if (value === undefined) {
      const { file } = source(id);
      const name = basename(file);
      const text = texts.get(name);
      const compute = (read: string) => {
        onText?.(read);
        return fileChecksum(read);
      };
      value =
        text === undefined
          ? checksums.checksum(file, name, compute, stamps.get(name))
          : checksums.checksumOfText(name, text, fileChecksum, stamps.get(name));
      known.set(id, value);
    }
    return value;
  };
  const checksum = (id: string): string => checksumOf(id);
  // one module per revision per run: the placeholder check, the render and lint share it
  const definitions = new Map<string, Promise<RevisionDefinition>>();
  // the same, once imported: a synchronous step takes it without an await (online-step.ts)
  const imported = new Map<string, RevisionDefinition>();
  const load = async (id: string): Promise<RevisionDefinition> => {
    // the importer runs only text with the checksum that was verified and is recorded; when the
    // text that checksum was computed from is in hand (read for the header or the checksum just
    // now), it gets that text and need not read the file again
    const name = basename(source(id).file);
    let text = texts.get(name);
    const verified = checksumOf(id, (read) => {
      text = read;
    });
    texts.delete(name);
    const expected = text === undefined ? { checksum: verified } : { checksum: verified, text };
    return (await loadRevisionModule(source(id), importer, expected)).definition;
  };
  return {
    sources,
    definition(id) {
      let definition = definitions.get(id);
      if (definition === undefined) {
        definition = load(id);
        definitions.set(id, definition);
        definition.then(
          (loaded) => imported.set(id, loaded),
          () => undefined,
        );
      }
      return definition;
    },
    loaded: (id) => imported.get(id),
    checksum,
    saveCaches: () => checksums.save(),
  };
}

/** `…/headers-1a2b.json` → `…/checksums-1a2b.json`: one key, two files, so listing commands never parse checksums. */
function checksumCachePath(headerCache: string): string {
  const name = basename(headerCache);
  return join(
    dirname(headerCache),
    name.startsWith("headers") ? `checksums${name.slice(7)}` : `checksums-${name}`,
  );
}

function moduleSet(modules: readonly RevisionModule[]): RevisionSet {
  const entries = modules.map((m, index) => {
    const definition = definitionOf(m);
    if (definition === undefined) {
      throw new AthanorError(
        "ATHANOR_REVISION_FILE_INVALID",
        `Revision module #${index} is neither a defineRevision({...}) result nor a module whose default export is one.`,
        { index },
      );
    }
    const explicit = "default" in m && typeof m.checksum === "string" ? m.checksum : undefined;
    return { definition, checksum: explicit as string | undefined };
  });
  const byId = new Map(entries.map((e) => [e.definition.id, e]));
  const entry = (id: string) => {
    const e = byId.get(id);
    if (e === undefined) throw unknownRevision(id);
    return e;
  };
  return {
    sources: entries.map((e) => headerOf(e.definition)),
    async definition(id) {
      return entry(id).definition;
    },
    loaded: (id) => byId.get(id)?.definition,
    checksum(id) {
      // once per revision per run: verifying the history and each step's record both ask
      const e = entry(id);
      e.checksum ??= moduleChecksum(e.definition);
      return e.checksum;
    },
    saveCaches: () => undefined,
  };
}

function definitionOf(value: unknown): RevisionDefinition | undefined {
  const isDefinition = (v: unknown): v is RevisionDefinition =>
    typeof v === "object" &&
    v !== null &&
    typeof (v as RevisionDefinition).id === "string" &&
    typeof (v as RevisionDefinition).upgrade === "function";
  if (isDefinition(value)) return value;
  const inner = (value as { default?: unknown } | null)?.default;
  if (isDefinition(inner)) return inner;
  // a CommonJS-transpiled module seen through ESM interop: { default: { default: def } }
  const nested = (inner as { default?: unknown } | undefined)?.default;
  return isDefinition(nested) ? nested : undefined;
}

function unknownRevision(id: string): AthanorError {
  return new AthanorError("ATHANOR_UNKNOWN_REVISION", `No revision "${id}" in this revision set.`, {
    revision: id,
  });
}
