import { ERROR_CODES, type ErrorCode } from '@oneteamgov/schema';
import type { z } from 'zod';

/** A field of the input that is wrong, named by its path in the input (not in any request). */
export interface FieldProblem {
  field: string;
  detail: string;
}

/**
 * What services throw when a request cannot be done. It knows nothing of HTTP:
 * the edge (lib/errors-handler.ts) turns it into problem+json with the status,
 * title and pointers of the one error-code table.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[] | undefined;
  /** A schema check the input failed (e.g. a PATCH merged into what is stored). */
  readonly validation: z.core.$ZodError | undefined;
  /** When trying again makes sense, how long to wait first. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      fields?: FieldProblem[];
      validation?: z.core.$ZodError;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'DomainError';
    this.code = code;
    this.fields = options.fields;
    this.validation = options.validation;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
