import type { StampedRevisionFolder } from "@athanor/core/preflight";
import type { ResolvedConfig } from "../config/resolved-config.js";

/**
 * What bin.js's no-op attempt (noop-upgrade.ts) already did before a plain `upgrade` goes on to
 * the full run in main.js (`Context.prepared`): the config, read once, and the revision folder,
 * stamped before anything was read.
 */
export interface PreparedUpgrade {
  readonly configFile: string;
  /** Taken before the config was loaded (the PGlite record's check). */
  readonly configStamp: string | undefined;
  readonly config: ResolvedConfig;
  /** Undefined where the target has no summary (PGlite). */
  readonly folder: StampedRevisionFolder | undefined;
}
