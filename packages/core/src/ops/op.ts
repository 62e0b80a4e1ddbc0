/**
 * The `op` object handed to `upgrade(op)` / `downgrade(op)`.
 * Placeholder contract until the operations module lands (issue 3).
 */
export interface Op {
  execute(sql: string): void;
}
