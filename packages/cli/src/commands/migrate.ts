import { defineCommand } from "../command.js";
import revision from "./revision.js";

/**
 * `athanor migrate -m MSG [--rename old:new]...`: Flask-Migrate's name for
 * `revision --autogenerate` — writes a revision with the differences between the Drizzle
 * models and the database.
 */
export default defineCommand<Record<string, unknown>>({
  name: "migrate",
  summary: "Autogenerate a revision from the models (alias of revision --autogenerate)",
  json: true,
  options: (revision.options ?? []).filter((o) => o.flags !== "--autogenerate"),
  run: (ctx, input) => revision.run(ctx, { ...input, options: { ...input.options, autogenerate: true } }),
});
