import type { NextFunction, Request, Response } from 'express';

/**
 * The pages' Content-Security-Policy: scripts, styles, fonts and frames from this origin only, no inline script or
 * style, forms post only here. It replaces the API-wide policy, which lets the Swagger UI at /docs run inline code.
 */
export const WORKSPACE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "frame-src 'self'",
  "object-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
].join('; ');

export function workspaceHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', WORKSPACE_CSP);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'same-origin');
  next();
}
