/**
 * Everything the review page loads, served from the package itself (no CDN: it works offline): the page,
 * its style sheet and the ES modules compiled from `src/review/web/` by the same `tsc` (into
 * `dist/review/web/`). Only these names are served; there is no path from a URL to the file system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../contract/paths.js';
import { REVIEW_CSS } from './web-style.js';

export interface Asset {
  type: string;
  body: Buffer;
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>chartcoder review</title>
<link rel="icon" href="assets/icon.svg">
<link rel="stylesheet" href="assets/review.css">
<script type="module" src="assets/app.js"></script>
</head>
<body>
<header id="top"><strong>chartcoder review</strong> <span id="batch"></span> <span id="coder"></span><span id="status" role="status" aria-live="polite"></span><button id="help-button" type="button" title="Keys (?)">?</button></header>
<main id="view"></main>
<dialog id="dialog"></dialog>
</body>
</html>
`;

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#22303f"/><path d="M4 8l3 3 5-6" stroke="#fff" stroke-width="2" fill="none"/></svg>';

const webDir = path.join(packageRoot, 'dist', 'review', 'web');
let assets: Map<string, Asset> | undefined;

function load(): Map<string, Asset> {
  const map = new Map<string, Asset>();
  map.set('index.html', { type: 'text/html; charset=utf-8', body: Buffer.from(INDEX_HTML) });
  map.set('assets/icon.svg', { type: 'image/svg+xml', body: Buffer.from(ICON) });
  map.set('assets/review.css', { type: 'text/css; charset=utf-8', body: Buffer.from(REVIEW_CSS) });
  for (const name of readdirSync(webDir).filter((n) => n.endsWith('.js'))) {
    map.set(`assets/${name}`, { type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(webDir, name)) });
  }
  return map;
}

/** The asset at this route (`index.html`, `assets/app.js`, …), or undefined. */
export function staticAsset(route: string): Asset | undefined {
  assets ??= load();
  return assets.get(route);
}
