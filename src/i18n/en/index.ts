// One import per area; add an area here and in ../zh-CN/index.ts.
import { common } from './common.js';

export const en = { common };
