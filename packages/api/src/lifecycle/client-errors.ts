import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '@oneteamgov/schema';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../lib/problem.js';

/**
 * Requests Node refuses before the app sees them: a request line or headers
 * over Node's 16 KB limit (a very long URL), or bytes that are not HTTP. Node's
 * own answer is a bare status line; clients of this API get a problem like
 * every other error, then the connection is closed (the rest of what the
 * client sent cannot be parsed).
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, detail]: [number, ErrorCode, string] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The URL and headers together are limited to 16 KB']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request_timeout', 'The request did not arrive in time']
          : [400, 'invalid_request', 'The request is not valid HTTP'];
    const requestId = randomUUID();
    logger.info({ requestId, status, reason: error.code }, 'request refused before routing');
    const body = JSON.stringify(problemBody(code, { detail, requestId }));
    socket.end(
      [
        `HTTP/1.1 ${status} ${statusText(status)}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Cache-Control: no-store',
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}

function statusText(status: number): string {
  return status === 431
    ? 'Request Header Fields Too Large'
    : status === 408
      ? 'Request Timeout'
      : 'Bad Request';
}
