import type { CommandDefinition } from "../command.js";

type Loader = () => Promise<{ default: CommandDefinition<never> }>;

/**
 * Every command, loaded on demand: `athanor heads` imports only `heads.js` (and what it needs).
 * Adding a command = one file in this folder + one line here. Order = order in `--help`.
 */
export const COMMANDS: Readonly<Record<string, Loader>> = {
  init: () => import("./init.js"),
  revision: () => import("./revision.js"),
  migrate: () => import("./migrate.js"),
  check: () => import("./check.js"),
  diff: () => import("./diff.js"),
  merge: () => import("./merge.js"),
  heads: () => import("./heads.js"),
  branches: () => import("./branches.js"),
  history: () => import("./history.js"),
  show: () => import("./show.js"),
  graph: () => import("./graph.js"),
  upgrade: () => import("./upgrade.js"),
  downgrade: () => import("./downgrade.js"),
  current: () => import("./current.js"),
  status: () => import("./status.js"),
  stamp: () => import("./stamp.js"),
  import: () => import("./import.js"),
  checksums: () => import("./checksums.js"),
  lint: () => import("./lint.js"),
};
