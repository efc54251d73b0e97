import type * as z from 'zod/mini';
import { type FieldIssue, ValidationError } from '../errors.js';

/** zod issues → one `FieldIssue` per problem, the field named by its path (`events[2].status`). */
export function toFieldIssues(error: z.core.$ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    let field = prefix;
    for (const key of issue.path) {
      field += typeof key === 'number' ? `[${key}]` : field ? `.${String(key)}` : String(key);
    }
    return { field: field || '(input)', message: issue.message };
  });
}

/** Parses at a front door: valid input comes back typed; invalid input throws a ValidationError naming each field. */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, prefix));
  return result.data;
}
