/**
 * Failures an operator can fix, told in one or two plain sentences that name
 * the setting to change. main.ts prints `message` alone (no stack) and exits
 * with `exitCode`; anything not translated here is a bug and keeps its stack
 * only at LOG_LEVEL=debug.
 */
export class OperatorError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

type SystemError = Error & { code?: string; errno?: number; syscall?: string; hostname?: string };

const codeOf = (error: unknown) => (error as SystemError | undefined)?.code;

/** A postgres:// URL without its password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable URL)';
  }
}

/** Why `listen()` failed, naming PORT or HOST. */
export function explainListenError(error: unknown, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new OperatorError(
        `Port ${port} on ${host} is already in use by another process. Stop that process, or set PORT to a free port (PORT=0 picks one).`,
      );
    case 'EACCES':
      return new OperatorError(
        `Not allowed to listen on ${where}: ports below 1024 need extra privileges. Set PORT to 1024 or above.`,
      );
    case 'EADDRNOTAVAIL':
      return new OperatorError(
        `HOST=${host} is not an address of this machine. Set HOST to one of its addresses, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new OperatorError(
        `HOST=${host} does not resolve to an address. Set HOST to an IP address of this machine, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
      );
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** PostgreSQL error codes an operator meets when DATABASE_URL is wrong. */
const POSTGRES_CAUSES: Record<string, string> = {
  '28P01': 'the password was refused',
  '28000': 'the role may not log in',
  '3D000': 'the database does not exist',
  '42501': 'the role lacks a privilege the migrations need',
  '53300': 'the server has no connection slots left',
  '57P03': 'the server is starting up or shutting down',
};

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening at that host and port',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  ETIMEDOUT: 'the connection timed out',
  CONNECT_TIMEOUT: 'the connection timed out',
  ECONNRESET: 'the server closed the connection',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** "the password was refused (28P01)", or undefined for an error that is not about reaching the database. */
export function databaseCause(error: unknown): string | undefined {
  // Query builders wrap the driver's error ("Failed query: …"); the code is on its cause.
  for (let e = error, depth = 0; e && depth < 5; e = (e as Error).cause, depth += 1) {
    const code = codeOf(e);
    const cause = code ? (POSTGRES_CAUSES[code] ?? NETWORK_CAUSES[code]) : undefined;
    if (cause) return `${cause} (${code})`;
  }
  return undefined;
}

/**
 * Why opening or migrating PostgreSQL failed, naming DATABASE_URL (password
 * hidden). Errors that are not about reaching the database pass through.
 */
export function explainDatabaseError(error: unknown, url: string | undefined): Error {
  const cause = databaseCause(error);
  if (!url || !cause) return error instanceof Error ? error : new Error(String(error));
  return new OperatorError(
    `Cannot use the database at DATABASE_URL=${redactUrl(url)}: ${cause}. Check DATABASE_URL and that PostgreSQL is running and reachable from here; \`otg-hub doctor\` checks every setting.`,
  );
}

/** A required CLI flag or argument was left out: exit code 2, like any usage error. */
export function missingFlags(command: string, missing: string[], usage: string): OperatorError {
  const names = missing.join(', ');
  return new OperatorError(
    `${command}: missing ${missing.length === 1 ? '' : 'required '}${names}.\nUsage:\n${usage}`,
    2,
  );
}

/** 2 for usage mistakes (a missing or unknown flag), 1 for anything else. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof OperatorError) return error.exitCode;
  return codeOf(error)?.startsWith('ERR_PARSE_ARGS_') ? 2 : 1;
}
