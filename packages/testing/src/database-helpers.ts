import { importPeer as importPeerOf } from "@athanor/core/dialect";

/** Imports an optional peer package, or explains which one to install (ATHANOR_PACKAGE_MISSING). */
export function importPeer<T>(name: string, load: () => Promise<T>, why: string): Promise<T> {
  return importPeerOf(load, name, { install: [name], purpose: `${why} needs it`, dev: true });
}
