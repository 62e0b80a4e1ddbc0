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

/** Imports an optional peer package, or explains which one to install (ATHANOR_PACKAGE_MISSING). */
export function importPeer<T>(name: string, load: () => Promise<T>, why: string): Promise<T> {
  return importPeerOf(load, name, { install: [name], purpose: `${why} needs it`, dev: true });
}
