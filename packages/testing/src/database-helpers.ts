import type { Connection, Dialect } from "@athanor/core";
import { importPeer as importPeerOf } from "@athanor/core/dialect";

/** The URL with its password hidden, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  }
}

/** The URL of database `name` on the server of `url`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Imports an optional peer package, or explains which one to install (ATHANOR_PACKAGE_MISSING). */
export function importPeer<T>(name: string, load: () => Promise<T>, why: string): Promise<T> {
  return importPeerOf(load, name, { install: [name], purpose: `${why} needs it`, dev: true });
}

/** Runs `work` on a new session of `dialect` and always closes it. */
export async function withConnection<T>(
  dialect: Dialect,
  work: (conn: Connection) => Promise<T>,
): Promise<T> {
  const conn = await dialect.connect();
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}
