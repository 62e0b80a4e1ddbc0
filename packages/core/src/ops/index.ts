export type { Op } from "./op.js";
export type { Operation } from "./operation.js";
