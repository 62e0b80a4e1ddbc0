// The public API of the `athanor` package, kept tiny: `athanor.config.ts` imports it, and
// loading a config must not pull in the CLI's commands or their dependencies.

// A dialect package from outside athanor registers itself from the config (docs/architecture.md).
export type { DialectEntry, DialectModule } from "@athanor/core/dialect";
export { registerDialect } from "@athanor/core/dialect";
export type { AthanorConfig, Dialect, DialectName, FleetConfig } from "./config/define-config.js";
export { defineConfig } from "./config/define-config.js";
export { CLI_ERROR_CODES } from "./error-codes.js";
