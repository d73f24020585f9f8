import type { en } from '../en/index.js';
import { common } from './common.js';

export const zhCN: { [A in keyof typeof en]: Record<keyof (typeof en)[A], string> } = { common };
