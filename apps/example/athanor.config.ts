// The example's athanor config. No `url`: `DATABASE_URL` decides (postgres://…, mysql://… or file:…),
// and without it athanor uses the embedded PGlite database in `.athanor/pglite` next to this file.
export default {
  versions: "migrations/versions",
};
