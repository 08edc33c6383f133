import type { ErrorRequestHandler } from 'express';
import { sendError, toMockError } from './send-error.js';

/**
 * The app's one error handler: every failure leaves as a JSON error with the status of its code.
 * When headers are already out, the connection is closed instead (never express's default
 * handler, which would log).
 */
export function errorHandler(): ErrorRequestHandler {
  // biome-ignore lint/complexity/useMaxParams: express recognises error handlers by their four parameters.
  return (err, _req, res, _next) => {
    if (res.headersSent) {
      res.socket?.destroy();
      return;
    }
    sendError(res, toMockError(err));
  };
}
