import {
  ERROR_CODES,
  type ErrorCode,
  PROBLEM_TYPE_BASE,
  Problem,
  type Problem as ProblemBody,
} from '@oneteamgov/schema';

type FieldError = NonNullable<ProblemBody['errors']>[number];

/** The one error type handlers and services throw; onError turns it into problem+json. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export function problemBody(
  code: ErrorCode,
  init: { detail?: string; requestId?: string; instance?: string; errors?: FieldError[] } = {},
): ProblemBody {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    code,
    ...(init.detail ? { detail: init.detail } : {}),
    ...(init.instance ? { instance: init.instance } : {}),
    ...(init.requestId ? { requestId: init.requestId } : {}),
    ...(init.errors?.length ? { errors: init.errors } : {}),
  };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * OpenAPI error responses for a route, generated from the same ERROR_CODES table
 * the runtime uses, so the document and the server cannot disagree.
 */
export function errorResponses<S extends number>(...statuses: S[]) {
  // Any call may carry a bad key (401), any caller may exceed its budget (429), and any
  // call may meet the database down (503, database_unavailable).
  const all = [...new Set([...statuses, 401, 429, 503])].sort() as (S | 401 | 429 | 503)[];
  const entries = all.map((status) => {
    const codes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
      (c) => ERROR_CODES[c].status === status,
    );
    const description = codes.map((c) => `\`${c}\`: ${ERROR_CODES[c].title}`).join('; ');
    return [status, { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } } }];
  });
  return Object.fromEntries(entries) as {
    [K in S | 401 | 429 | 503]: {
      description: string;
      content: { 'application/problem+json': { schema: typeof Problem } };
    };
  };
}
