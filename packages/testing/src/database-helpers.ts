import { AthanorError, type Connection, type Dialect } from "@athanor/core";

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

/** Imports an optional peer package, or explains which one to install. */
export async function importPeer<T>(name: string, load: () => Promise<T>, why: string): Promise<T> {
  try {
    return await load();
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw cause;
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${why} needs the package ${name}, which is not installed. Add it to your devDependencies (npm i -D ${name}).`,
      { package: name },
      { cause },
    );
  }
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
