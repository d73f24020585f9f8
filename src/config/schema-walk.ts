/** Looking inside the zod schema: what is under a wrapper, and which keys an object at a path accepts. */
import { z } from 'zod';
import type { PathSegment } from './problems.js';

export interface Unwrapped {
  /** the schema under prefault/default/optional/nullable wrappers */
  core: z.ZodType;
  hasDefault: boolean;
  defaultValue?: unknown;
  optional: boolean;
  nullable: boolean;
  description?: string;
}

export function unwrap(schema: z.ZodType): Unwrapped {
  const out: Unwrapped = { core: schema, hasDefault: false, optional: false, nullable: false, description: schema.description };
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodPrefault || s instanceof z.ZodDefault) {
      if (!out.hasDefault) {
        out.hasDefault = true;
        out.defaultValue = s._zod.def.defaultValue;
      }
      s = s._zod.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodOptional) {
      out.optional = true;
      s = s._zod.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodNullable) {
      out.nullable = true;
      s = s._zod.def.innerType as z.ZodType;
    } else {
      break;
    }
    out.description ??= s.description;
  }
  out.core = s;
  return out;
}

/** The object schema at `path` (records step over their key), or undefined when the path leaves the schema. */
export function objectAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodObject | undefined {
  let s = unwrap(schema).core;
  for (const seg of path) {
    if (s instanceof z.ZodObject) {
      const next = (s.shape as Record<string, z.ZodType>)[String(seg)];
      if (!next) return undefined;
      s = unwrap(next).core;
    } else if (s instanceof z.ZodRecord) {
      s = unwrap(s._zod.def.valueType as z.ZodType).core;
    } else if (s instanceof z.ZodArray) {
      s = unwrap(s._zod.def.element as z.ZodType).core;
    } else {
      return undefined;
    }
  }
  return s instanceof z.ZodObject ? s : undefined;
}

export function knownKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const obj = objectAt(schema, path);
  return obj ? Object.keys(obj.shape) : [];
}
