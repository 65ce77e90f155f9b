import { METHODS, type ServerResponse } from 'node:http';
import { refuse, type EdgeMiddleware, type EdgeRequest } from './request-edge';

/** The parts of an Express 5 router layer this reads: its path matcher and, for a route, its methods. */
interface RouterLayer {
  match(path: string): unknown;
  route?: { _methods(): string[] };
}

export interface ExpressApp {
  router: { stack: RouterLayer[] };
}

/**
 * 405 with an `Allow` header for a method a known path does not serve (TRACE, DELETE on a case, ...), instead of
 * the 404 Express would give. Routes are read from the router on the first request, once every module has
 * registered its own.
 */
export function methodNotAllowed(express: ExpressApp): EdgeMiddleware {
  let routes: Array<{ layer: RouterLayer; methods: string[] }> | undefined;
  return (request: EdgeRequest, response: ServerResponse, next) => {
    routes ??= express.router.stack.flatMap((layer) => {
      const methods = layer.route?._methods().map((m) => m.toUpperCase()) ?? [];
      // Nest mounts middleware for every method (`forRoutes({ method: ALL })`) as a route taking each of them:
      // that is a pass-through, not an endpoint, and says nothing about which methods a path serves.
      const passThrough = METHODS.every((m) => methods.includes(m));
      return layer.route && !passThrough ? [{ layer, methods }] : [];
    });
    const method = request.method.toUpperCase();
    // Preflights belong to the route's own CORS handling (the codec endpoint's), or to Express.
    if (method === 'OPTIONS') return next();
    const path = request.url.split('?', 1)[0] ?? '/';
    let allowed: Set<string> | undefined;
    for (const { layer, methods } of routes) {
      let matches: unknown;
      try {
        matches = layer.match(path);
      } catch {
        matches = false; // a malformed parameter: Nest's own handling answers it
      }
      if (!matches) continue;
      if (methods.includes(method)) return next();
      allowed ??= new Set();
      for (const m of methods) allowed.add(m);
    }
    if (!allowed) return next();
    const allow = [...allowed].sort().join(', ');
    request.resume();
    refuse(response, 405, 'Method Not Allowed', `${method} is not allowed on this path; it allows ${allow}`, {
      allow,
    });
  };
}
