/** Which release of the service code answers a request. */
export type CodeVersion = "v1" | "v2";

/**
 * A user as the traffic sees it. v1 shows its `name` column as `displayName` and knows no
 * timezone; v2 reads `display_name` and `timezone`.
 *
 * @example
 * ```ts
 * const user: UserView = { id: 7, displayName: "Ada", timezone: "Europe/London" };
 * ```
 */
export interface UserView {
  readonly id: number;
  readonly displayName: string;
  readonly timezone?: string | undefined;
}

/**
 * Every user with their order count, read in one go to compare with what the traffic wrote.
 *
 * @example
 * ```ts
 * const snap: Snapshot = { users: [{ id: 1, displayName: "Ada" }], orderCounts: new Map([[1, 2]]), orders: 2 };
 * ```
 */
export interface Snapshot {
  readonly users: readonly UserView[];
  readonly orderCounts: ReadonlyMap<number, number>;
  readonly orders: number;
}

/**
 * The service's operations, implemented by each code version over Drizzle. Both versions speak
 * the same language to their callers, so one traffic generator can drive either and check the
 * answers; only the columns they touch differ.
 *
 * @example
 * ```ts
 * const id = await service.createUser({ email: "ada@example.com", displayName: "Ada", timezone: "UTC" });
 * await service.renameUser(id, "Ada L.");
 * ```
 */
export interface UserService {
  readonly version: CodeVersion;
  /** Inserts a user; v1 ignores `timezone` (it does not know the column). */
  createUser(input: { email: string; displayName: string; timezone: string }): Promise<number>;
  /** v1 writes `name`, v2 writes `display_name` and, when given, `timezone`. */
  updateUser(id: number, changes: { displayName: string; timezone?: string | undefined }): Promise<void>;
  getUser(id: number): Promise<UserView | undefined>;
  placeOrder(userId: number, totalCents: number): Promise<void>;
  /** A join: the customer's name as this version reads it, and how many orders they have. */
  orderSummary(userId: number): Promise<{ customer: string; orders: number } | undefined>;
  snapshot(): Promise<Snapshot>;
}

/**
 * v1 also seeds the database: the rollout starts from a base schema that already holds data.
 *
 * @example
 * ```ts
 * await v1.seed([{ email: "ada@example.com", displayName: "Ada" }]);
 * ```
 */
export interface SeedingService extends UserService {
  /** Inserts many users with one order each; read them back with `snapshot()`. */
  seed(users: readonly { email: string; displayName: string }[]): Promise<void>;
}
