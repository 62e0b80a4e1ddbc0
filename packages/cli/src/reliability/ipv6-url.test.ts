import { createConnection, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 item 13: `postgres://…@[::1]:5432/…` and `mysql://…@[::1]:3306/…` reach the server
// over IPv6. The test servers listen on 127.0.0.1 only, so each test puts a plain TCP relay on
// [::1] in front of its server: the driver really connects to the IPv6 loopback address.
describe.each(["postgresql", "mysql"] as const)("%s", (dialect) => {
  let db: ScratchDatabase;
  let relay: Server;
  let port: number;
  beforeAll(async () => {
    db = await scratchDatabase(dialect, "ipv6");
    const target = new URL(db.url);
    relay = createServer((client) => {
      const server = createConnection({ host: target.hostname, port: Number(target.port) });
      client.pipe(server).pipe(client);
      client.on("error", () => server.destroy());
      server.on("error", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => relay.listen(0, "::1", resolve).once("error", reject));
    port = (relay.address() as { port: number }).port;
  }, 60_000);
  afterAll(async () => {
    relay?.close();
    await db?.dispose();
  });

  const ipv6Url = (p: number) => {
    const url = new URL(db.url);
    return `${url.protocol}//${url.username}@[::1]:${p}${url.pathname}`;
  };

  it("upgrade and current work through a bracketed IPv6 host", async () => {
    await db.reset();
    const dir = tempDir("athanor-ipv6-");
    await ok(dir, ["init", "--dialect", dialect]);
    await ok(dir, ["revision", "-m", "one table", "--rev-id", "a1"]);
    setBody(dir, "a1", 'op.execute("CREATE TABLE over_ipv6 (id int)")', 'op.execute("DROP TABLE over_ipv6")');
    const env = { DATABASE_URL: ipv6Url(port) };
    const upgrade = await runCli(dir, ["upgrade", "--json"], { env });
    expect(upgrade.code, upgrade.stdout).toBe(0);
    const current = await runCli(dir, ["current", "--json"], { env });
    expect(current.code, current.stdout).toBe(0);
    expect(current.stdout).toContain('"a1"');
    expect(await db.versionRows()).toEqual(["a1"]);
  });

  it("a closed IPv6 port is ATHANOR_CONNECTION_FAILED naming the address, not a DNS failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "::1", resolve));
    const free = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const dir = tempDir("athanor-ipv6-");
    await ok(dir, ["init", "--dialect", dialect]);
    const run = await runCli(dir, ["current", "--json"], { env: { DATABASE_URL: ipv6Url(free) } });
    expect(run.code).toBe(1);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe("ATHANOR_CONNECTION_FAILED");
    expect(error.message).toContain("[::1]");
    expect(error.message).not.toMatch(/resolve/);
  });
});
