import { test } from "vitest";
import { expectReadmeFoldersImported } from "./testing/testing-readme-example.js";

// packages/testing/README.md's examples, copied into a project whose revisions are .ts files
// (every project the CLI starts): each call naming a folder must pass vitest's import.
test("every @athanor/testing README example that names a revisions folder passes an importer", () => {
  expectReadmeFoldersImported();
});
