/**
 * The review page's local web server (node:http, nothing else). Chart text is PHI, so:
 * - it listens on 127.0.0.1 only, and answers only requests addressed to that host (no DNS rebinding);
 * - every URL starts with a random token (`/<token>/…`): a request without it is 401, page and assets alike;
 * - every answer carries a strict Content-Security-Policy (scripts, styles and requests from this origin only,
 *   nothing inline), no caching, no referrer; every asset is served from the package (works offline);
 * - what it reports to the caller (`onRequest`) is method, route, status and time: never a URL's query (a
 *   search may hold chart words), a body or chart text.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isChartcoderError } from '../contract/errors.js';
import { handleApi, HttpError } from './api-routes.js';
import type { ReviewSession } from './review-session.js';
import { staticAsset } from './web-assets.js';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface RequestEvent {
  method: string;
  route: string;
  status: number;
  ms: number;
}

export interface ReviewServerOptions {
  session: ReviewSession;
  coder: string;
  /** 0: any free port. */
  port?: number;
  /** Told of every request (no URL query, no body, no chart text). */
  onRequest?: (e: RequestEvent) => void;
}

export interface ReviewServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const token = randomBytes(32).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let port = 0;
  const server: Server = createServer((req, res) => {
    const t0 = performance.now();
    let route = 'unknown';
    const done = (status: number) =>
      opts.onRequest?.({ method: req.method ?? '', route, status, ms: Math.round(performance.now() - t0) });
    res.on('finish', () => done(res.statusCode));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, first, ...rest] = url.pathname.split('/');
    if (!hostAllowed(req.headers.host, port)) return send(res, 421, { error: 'expected a request to 127.0.0.1' });
    const given = Buffer.from(first ?? '');
    if (given.length !== tokenBuf.length || !timingSafeEqual(given, tokenBuf))
      return send(res, 401, { error: 'expected the access token printed by chartcoder review' });
    route = rest.join('/');
    serve(req, res, route, url, opts).catch((e: unknown) => fail(res, e));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  url: URL,
  opts: ReviewServerOptions,
): Promise<void> {
  if (route.startsWith('api/')) {
    if (req.method === 'POST' && !sameOrigin(req))
      return send(res, 403, { error: 'expected a request from the review page' });
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const result = await handleApi(
      opts.session,
      opts.coder,
      req.method ?? 'GET',
      route.slice(4),
      url.searchParams,
      body,
    );
    return send(res, 200, result);
  }
  if (req.method !== 'GET') return send(res, 405, { error: 'expected GET' });
  const asset = staticAsset(route === '' ? 'index.html' : route);
  if (!asset) return send(res, 404, { error: 'no such page' });
  res.writeHead(200, { ...HEADERS, 'Content-Type': asset.type, 'Content-Length': asset.body.length });
  res.end(asset.body);
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    ...HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

/** Coded errors go to the page (their messages never hold chart text); anything else is a bare 500. */
function fail(res: ServerResponse, e: unknown): void {
  if (res.headersSent) return void res.destroy();
  if (e instanceof HttpError) return send(res, e.status, { error: e.message });
  if (isChartcoderError(e))
    return send(res, e.code === 'REVIEW_NOT_FOUND' ? 404 : 400, { error: e.message, code: e.code });
  send(res, 500, { error: 'internal error' });
}

function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Browsers send Origin on POST; a page of another origin is refused even if it learnt the token. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<unknown> {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
    return Promise.reject(new HttpError(415, 'expected application/json'));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_BODY) reject(new HttpError(413, 'expected a body under 64 KB'));
      else parts.push(b);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'expected a JSON body'));
      }
    });
    req.on('error', reject);
  });
}
