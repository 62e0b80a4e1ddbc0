import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Below the kernel's ephemeral range, so no outgoing connection's local port lands on it. */
const LOWEST = 20_000;

/**
 * The first port of the kernel's ephemeral range (outgoing connections take their local port
 * from it): 32768 where /proc does not say.
 */
function ephemeralStart(): number {
  try {
    const first = Number(
      readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0],
    );
    return Number.isInteger(first) && first > LOWEST + 1_000 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** Whether nothing listens on `port` of 127.0.0.1 now (it can be bound). */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port on 127.0.0.1 nothing listens on right now, for servers a test starts itself (Galera
 * nodes, PostgreSQL standbys). Chosen at random below the kernel's ephemeral range: a port the
 * OS hands out for `listen(0)` comes from the range outgoing connections use, and on a machine
 * whose tests open thousands of database connections one of them took such a port in the
 * seconds before the server bound it (a standby then failed to start). Another test could still
 * pick the same port before the server binds, which the server then reports loudly.
 *
 * @example
 * ```ts
 * const port = await freeLocalPort();
 * ```
 */
export async function freeLocalPort(): Promise<number> {
  const span = ephemeralStart() - LOWEST;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * span);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${LOWEST} and ${LOWEST + span} after 50 tries`);
}
