import { randomBytes } from "node:crypto";
import type { SchemaModel, ScratchAreaDatabase } from "@athanor/core";
import { assembleFromMysqlProbes } from "./canonicalize-mysql-probe.js";
import type { mysqlProbeStatements } from "./canonicalize-mysql-statements.js";
import type { CanonicalizeOptions } from "./canonicalize-scratch.js";

/**
 * Whether MySQL's probes go on the live session (see {@link probeMysqlOnLive}): a live session is
 * given and its area allows it.
 */
export async function mayProbeMysqlOnLive(options: CanonicalizeOptions): Promise<boolean> {
  const live = options.liveSession;
  if (live === undefined || options.area.mayProbeOnLive === undefined) return false;
  return options.area.mayProbeOnLive(live);
}

/** A name for the probes' own database on the live server. */
export const mysqlProbeDatabaseName = (): string => `athanor_probe_${randomBytes(6).toString("hex")}`;

/**
 * MySQL's probes (canonicalize-mysql-probe.ts) sent on the live session (`options.liveSession`)
 * into a database of their own, `probes`' (named by {@link mysqlProbeDatabaseName}), created and
 * dropped there: no second and third session (the scratch database's admin and its own), and the
 * DROP runs on the server while the rows read back are assembled. The same server, user and
 * statements as the scratch database's probes, so the same printed text. `undefined` — and the
 * caller goes the full way in the scratch database, which reports the server's own error — when
 * the database could not be created (a missing privilege) or the server refused a probe.
 *
 * @example
 * ```ts
 * const database = mysqlProbeDatabaseName();
 * const canonical = await probeMysqlOnLive(model, mysqlProbeStatements(model, database, options), database, area, options);
 * ```
 */
export async function probeMysqlOnLive(
  model: SchemaModel,
  { plan, statements }: ReturnType<typeof mysqlProbeStatements>,
  database: string,
  area: ScratchAreaDatabase,
  options: CanonicalizeOptions,
): Promise<SchemaModel | undefined> {
  const live = options.liveSession;
  if (live === undefined) return undefined;
  // created on its own, so a database of that name that this run did not create is never dropped
  const created = await live.executeScript(area.create(database)).then(
    () => true,
    () => false,
  );
  if (!created) return undefined;
  const drop = () => live.executeScript(area.drop(database));
  try {
    await live.executeScript(statements);
  } catch {
    await drop();
    return undefined;
  }
  let read: SchemaModel;
  try {
    read = await options.introspect(live, { schemas: [database] });
  } catch (error) {
    await drop();
    throw error;
  }
  // the server drops it while the rows are put together (no turn of the loop passes before the
  // await below, so its failure is never unhandled); a failure to drop is reported all the same
  const dropping = drop();
  let assembled: SchemaModel;
  try {
    assembled = assembleFromMysqlProbes(model, plan, read);
  } catch (error) {
    await dropping;
    throw error;
  }
  await dropping;
  return assembled;
}
