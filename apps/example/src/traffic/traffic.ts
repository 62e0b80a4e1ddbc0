import type { CodeVersion, UserService } from "../app/user-service.js";
import type { Ledger } from "./ledger.js";
import type { RolloutStats } from "./phase-stats.js";

/** Which code the load balancer sends requests to. */
export type Routing = "v1" | "v1 + v2" | "v2";

/** Options of {@link Traffic}. */
export interface TrafficOptions {
  /** Concurrent clients, each with its own users and one request in flight at a time. */
  readonly clients: number;
  /** Pause between a client's requests, so the load is steady rather than a flood. */
  readonly thinkMs: number;
}

const TIMEZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"];

/**
 * Live traffic against the service: N clients sending reads and writes to v1, v2 or both (as
 * a load balancer would during a rolling deploy), checking every answer against the ledger and
 * counting requests, failures and wrong answers per phase.
 *
 * @example
 * ```ts
 * const traffic = new Traffic({ v1, v2 }, ledger, stats, { clients: 8, thinkMs: 5 });
 * traffic.start();
 * traffic.routing = "v1 + v2";
 * await traffic.stop();
 * ```
 */
export class Traffic {
  routing: Routing = "v1";
  #running = false;
  #loops: Promise<void>[] = [];
  /** Requests each version is serving right now. */
  readonly #inFlight: Record<CodeVersion, number> = { v1: 0, v2: 0 };

  constructor(
    private readonly services: Readonly<Record<CodeVersion, UserService>>,
    private readonly ledger: Ledger,
    private readonly stats: RolloutStats,
    private readonly options: TrafficOptions,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loops = Array.from({ length: this.options.clients }, (_, index) => this.#client(index));
  }

  /**
   * Resolves once no request is in flight on a version the routing no longer sends to: a rolling
   * deploy drains the retired instances before the schema stops serving them (a contract must not
   * run under a v1 request that started before the switch, however slow the machine).
   */
  async drained(): Promise<void> {
    const retired = (["v1", "v2"] as const).filter((v) => !this.routing.includes(v));
    while (retired.some((v) => this.#inFlight[v] > 0)) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Lets every client finish its request in flight, then returns. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  #pick(): UserService {
    if (this.routing === "v1 + v2") return Math.random() < 0.5 ? this.services.v1 : this.services.v2;
    return this.routing === "v1" ? this.services.v1 : this.services.v2;
  }

  async #client(index: number): Promise<void> {
    const owned = this.ledger.idsOf(index, this.options.clients);
    let counter = 0;
    while (this.#running) {
      const service = this.#pick();
      const started = performance.now();
      let problem: { kind: "failed" | "wrong"; message: string } | undefined;
      this.#inFlight[service.version]++;
      try {
        const wrong = await this.#request(service, owned, index, ++counter);
        if (wrong !== undefined) problem = { kind: "wrong", message: wrong };
      } catch (error) {
        problem = { kind: "failed", message: (error as Error)?.message ?? String(error) };
      } finally {
        this.#inFlight[service.version]--;
      }
      this.stats.record(service.version, performance.now() - started, problem);
      await new Promise((resolve) => setTimeout(resolve, this.options.thinkMs));
    }
  }

  /** One request; resolves to a description of a wrong answer, or undefined. */
  async #request(
    service: UserService,
    owned: number[],
    client: number,
    n: number,
  ): Promise<string | undefined> {
    const id = owned[Math.floor(Math.random() * owned.length)];
    const roll = Math.random();
    if (id === undefined || roll < 0.1) {
      // names with a quote and non-ASCII letters travel through the sync trigger and the backfill
      const displayName = `Zoë O'Brien c${client}-${n}`;
      const timezone = pickTimezone();
      const created = await service.createUser({
        email: `c${client}-${n}-${Date.now()}@example.com`,
        displayName,
        timezone,
      });
      this.ledger.users.set(created, {
        displayName,
        timezone: service.version === "v2" ? timezone : undefined,
        orders: 0,
      });
      owned.push(created);
      return undefined;
    }
    const want = this.ledger.users.get(id);
    if (want === undefined) return `user ${id} is not in the ledger`;
    if (roll < 0.3) {
      const displayName = `User ${id} (${service.version} edit ${client}-${n})`;
      const timezone = service.version === "v2" && Math.random() < 0.5 ? pickTimezone() : undefined;
      await service.updateUser(id, { displayName, timezone });
      want.displayName = displayName;
      if (timezone !== undefined) want.timezone = timezone;
      return undefined;
    }
    if (roll < 0.45) {
      await service.placeOrder(id, 100 + n);
      want.orders++;
      return undefined;
    }
    if (roll < 0.6) {
      const summary = await service.orderSummary(id);
      if (summary === undefined) return `user ${id} has no order summary`;
      if (summary.customer !== want.displayName || summary.orders !== want.orders)
        return `user ${id}: ${service.version} summary says "${summary.customer}" with ${summary.orders} orders, expected "${want.displayName}" with ${want.orders}`;
      return undefined;
    }
    return this.ledger.mismatch(id, await service.getUser(id), service.version);
  }
}

function pickTimezone(): string {
  return TIMEZONES[Math.floor(Math.random() * TIMEZONES.length)] as string;
}
