import { AthanorError } from "@athanor/core/errors";
import { defineCommand } from "../command.js";

/**
 * `athanor import drizzle [--out <folder>] [--no-stamp] [--dry-run] [--json]`: adopts a
 * drizzle-kit project. Every migration of drizzle-kit's folder becomes a revision (its SQL byte
 * for byte, a downgrade from the snapshot pair), and the database is stamped from
 * `__drizzle_migrations` so nothing is replayed. Running it again only adds new migrations.
 */
export default defineCommand<{ out?: string; stamp?: boolean; dryRun?: boolean; json?: boolean }>({
  name: "import",
  summary: "Adopt a drizzle-kit project: its migrations become revisions, the database is stamped",
  arguments: ["<source>"],
  json: true,
  options: [
    {
      flags: "--out <folder>",
      description: "drizzle-kit's migrations folder (default: `out` of drizzle.config)",
    },
    { flags: "--no-stamp", description: "write the revisions, leave the database alone" },
    { flags: "--dry-run", description: "report what would be written; touch no file and no database" },
  ],
  async run(ctx, { args, options, configPath }) {
    if (args[0] !== "drizzle") {
      throw new AthanorError(
        "ATHANOR_USAGE",
        `athanor can import from "drizzle" (drizzle-kit), not ${JSON.stringify(args[0])}.`,
        {
          source: args[0],
          hint: "run `athanor import drizzle`",
        },
      );
    }
    const { importDrizzleKit } = await import("../import/import-drizzle-kit.js");
    const { printImportReport } = await import("../import/print-import-report.js");
    const report = await importDrizzleKit(ctx, configPath, {
      out: options.out,
      stamp: options.stamp !== false,
      dryRun: options.dryRun === true,
    });
    return printImportReport(ctx, report);
  },
});
