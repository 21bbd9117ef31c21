// How the Integration Server answers: a JSON envelope with `responseCode` (and `responseMessage` on failure),
// normally under HTTP 200 even for errors [3P]; bare text for an export's file name; raw bytes for a download;
// HTML error pages for some malformed requests (section 13).
import { json, text, type SimResponse } from '../http-server.ts';
import type { ExpensifySimOptions } from './options.ts';

export const RATE_LIMIT_MESSAGE =
  'You have been rate-limited. Please try again later or contact help@expensify.com for assistance.';

export class Responder {
  private readonly options: ExpensifySimOptions;

  constructor(options: ExpensifySimOptions) {
    this.options = options;
  }

  ok(body: Record<string, unknown>, operation: string): SimResponse {
    return { ...json(200, { responseCode: 200, ...body }), operation };
  }

  /** An error envelope; HTTP 200 unless the errorHttpStatus option mirrors the code. */
  error(responseCode: number, responseMessage: string, operation: string): SimResponse {
    const status =
      this.options.errorHttpStatus === 'match-code' && responseCode >= 400 && responseCode < 600
        ? responseCode
        : 200;
    return { ...json(status, { responseMessage, responseCode }), operation };
  }

  rateLimited(operation = 'rejected.rateLimit'): SimResponse {
    const status = this.options.rateLimitStatus === 'http-429' ? 429 : 200;
    // Deliberately no Retry-After header: no source documents one [U].
    return { ...json(status, { responseCode: 429, responseMessage: RATE_LIMIT_MESSAGE }), operation };
  }

  /** The servlet container's error page, as older or malformed requests received (section 13). */
  htmlPage(status: number, title: string, operation: string): SimResponse {
    return {
      ...text(
        status,
        `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${title}</title></head><body><h1>HTTP Status ${status} - ${title}</h1></body></html>`,
        'text/html;charset=utf-8',
      ),
      operation,
    };
  }

  malformed(detail: string, operation = 'rejected.malformed'): SimResponse {
    if (this.options.malformedRequest === 'http-500-page')
      return this.htmlPage(500, 'requestJobDescription', operation);
    return this.error(500, detail, operation);
  }
}
