import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 nothing listens on right now, for servers a test starts itself (Galera
 * nodes, PostgreSQL standbys). The OS picks it; another process could take it before the server
 * binds, which the server then reports loudly.
 *
 * @example
 * ```ts
 * const port = await freeLocalPort();
 * ```
 */
export async function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}
