import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isAthanorError } from "@athanor/core";
import { createJiti } from "jiti";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { loadDrizzleSchema } from "./load-drizzle-schema.js";

describe("loadDrizzleSchema", () => {
  let dir: string;
  beforeAll(async () => {
    // Inside the package so the modules resolve this package's drizzle-orm.
    dir = await mkdtemp(join(import.meta.dirname, "..", ".tmp-schema-"));
    await mkdir(join(dir, "schema", "nested"), { recursive: true });
    await writeFile(
      join(dir, "schema", "users.ts"),
      `import { pgTable, integer, pgEnum } from "drizzle-orm/pg-core";
       import { relations } from "drizzle-orm";
       export const mood = pgEnum("mood", ["a", "b"]);
       export const users = pgTable("users", { id: integer("id").primaryKey(), m: mood("m") });
       export const usersRelations = relations(users, () => ({}));
       export const notASchemaObject = 42;`,
    );
    await writeFile(
      join(dir, "schema", "nested", "posts.ts"),
      `import { pgTable, integer, pgView } from "drizzle-orm/pg-core";
       import { users } from "../users.ts";
       export { users };
       export const posts = pgTable("posts", { id: integer("id"), userId: integer("user_id").references(() => users.id) });
       export const v = pgView("v").as((qb) => qb.select().from(posts));`,
    );
    await writeFile(join(dir, "schema", "users.test.ts"), `throw new Error("tests are not schema modules");`);
    await writeFile(join(dir, "broken.ts"), `throw new Error("boom");`);
    await writeFile(join(dir, "schema", "README.md"), "not a module");
    // a folder whose name is a glob pattern, as Next.js routes are
    await mkdir(join(dir, "app", "[id]"), { recursive: true });
    await writeFile(
      join(dir, "app", "[id]", "schema.ts"),
      `import { pgTable, integer } from "drizzle-orm/pg-core";
       export const pages = pgTable("pages", { id: integer("id") });`,
    );
    await writeFile(join(dir, "app", "i"), "a file the pattern [id] would match");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const jiti = () => {
    const j = createJiti(import.meta.url);
    return (path: string) => j.import(path) as Promise<Record<string, unknown>>;
  };

  test("a folder: every module under it, once each; relations left out, a view read", async () => {
    const collected = await loadDrizzleSchema(join(dir, "schema"), { importer: jiti() });
    expect(collected.pgTables).toHaveLength(2); // `users` re-exported by posts.ts is the same object
    expect(collected.enums).toHaveLength(1);
    expect(collected.ignored).toEqual({ views: 1, relations: 1 });
    const model = drizzleToSchemaModel(collected, { dialect: "postgresql" });
    expect(model.tables.map((t) => t.name)).toEqual(["posts", "users"]);
    expect(model.views?.map((v) => v.name)).toEqual(["v"]);
  });

  test("globs as drizzle-kit takes them: matching modules only, tests and other files left out", async () => {
    const importer = jiti();
    const seen: string[] = [];
    const recording = (path: string) => {
      seen.push(path.slice(dir.length + 1));
      return importer(path);
    };
    await loadDrizzleSchema(["schema/*"], { importer: recording, cwd: dir });
    expect(seen).toEqual(["schema/users.ts"]);
    seen.length = 0;
    const collected = await loadDrizzleSchema(join(dir, "schema/**/*.ts"), { importer: recording });
    expect(seen).toEqual(["schema/nested/posts.ts", "schema/users.ts"]);
    expect(collected.pgTables).toHaveLength(2);
    const none = await loadDrizzleSchema("schema/*.mts", { cwd: dir }).catch((e: unknown) => e);
    expect(isAthanorError(none) && none.code).toBe("ATHANOR_SCHEMA_LOAD_FAILED");
    expect(isAthanorError(none) && none.message).toMatch(/No schema modules were found in "schema\/\*\.mts"/);
  });

  test("a path that exists is taken as written, even when it looks like a pattern", async () => {
    const collected = await loadDrizzleSchema("app/[id]/schema.ts", { importer: jiti(), cwd: dir });
    expect(collected.pgTables).toHaveLength(1);
  });

  test("relative paths resolve against cwd; a missing path and a failing module are coded errors", async () => {
    const collected = await loadDrizzleSchema(["schema/users.ts"], { importer: jiti(), cwd: dir });
    expect(collected.pgTables).toHaveLength(1);
    const missing = await loadDrizzleSchema("nope.ts", { cwd: dir }).catch((e: unknown) => e);
    expect(isAthanorError(missing) && missing.code).toBe("ATHANOR_SCHEMA_LOAD_FAILED");
    const broken = await loadDrizzleSchema("broken.ts", { importer: jiti(), cwd: dir }).catch(
      (e: unknown) => e,
    );
    expect(isAthanorError(broken) && broken.message).toMatch(/broken\.ts failed: boom/);
  });
});
