/** The CLI has a TypeScript loader, so source revisions win over compiled twins beside them. */
export const CLI_REVISION_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"] as const;
