import { randomBytes } from "node:crypto";
import type { Connection, SchemaModel } from "@athanor/core";
import { normalizeSchemaModel } from "@athanor/core";
import { assembleFromProbes, probeStatements } from "./canonicalize-postgres-probe.js";
import { planProbe } from "./canonicalize-probe-plan.js";
import type { CanonicalizeOptions } from "./canonicalize-scratch.js";

/**
 * PostgreSQL's probes on the live database (`options.liveSession`), so no scratch database is
 * created: everything goes into a schema `athanor_probe_<random>` inside one transaction that is
 * always rolled back, whatever happens. The probe columns use the live database's own types,
 * enums and sequences (the model's are the same names); the model's sequences are copied into
 * the probe schema to read their options back. `undefined` — and the caller builds in the
 * scratch database, which reports the server's errors — when the area does not allow it, two
 * sequences share a name, or the server refused any statement (a type or enum value the live
 * database lacks).
 *
 * @example
 * ```ts
 * const canonical = await probeOnLive(model, { ...options, liveSession: live });
 * ```
 */
export async function probeOnLive(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel | undefined> {
  const live = options.liveSession;
  const { area } = options;
  if (live === undefined || area.mayProbeOnLive === undefined) return undefined;
  // the copies of the sequences share the probe schema
  if (new Set(model.sequences.map((s) => s.name)).size !== model.sequences.length) return undefined;
  const may = area.mayProbeOnLive(live);
  may.catch(() => undefined); // awaited below; planning comes first
  // planned while the server answers whether it may probe
  const probeSchema = `athanor_probe_${randomBytes(6).toString("hex")}`;
  const plan = planProbe(model, probeSchema, options.hooks, { onLive: true });
  if (!(await may)) return undefined;
  const script = live.executeScript([...area.begin, ...probeStatements(plan, options)]);
  // Read back in the same pipeline, without a round trip between: after a refused statement
  // the transaction is aborted, so this read fails too and the refusal decides, as before.
  // `fewTables`: the probe schema's two or three tables are found by index, not by scanning the
  // live database's whole catalogue, on the critical path of `check`.
  const reading = (async () => options.introspect(live, { schemas: [probeSchema], fewTables: true }))();
  reading.catch(() => undefined);
  try {
    await script;
  } catch {
    await reading.catch(() => undefined);
    await rollback(live, options);
    return undefined;
  }
  let read: SchemaModel;
  try {
    read = await reading;
  } finally {
    await rollback(live, options);
  }
  const home = new Map(model.sequences.map((s) => [s.name, s.schema]));
  return assembleFromProbes(
    model,
    plan,
    normalizeSchemaModel({
      schemas: [...model.schemas, probeSchema],
      tables: read.tables,
      enums: model.enums,
      sequences: read.sequences.map((s) => ({ ...s, schema: home.get(s.name) ?? s.schema })),
    }),
  );
}

// A failed statement leaves the transaction aborted: the rollback ends it either way.
async function rollback(live: Connection, options: CanonicalizeOptions): Promise<void> {
  await live.executeScript(options.area.rollback);
}
