export type { Op } from "./op.js";
