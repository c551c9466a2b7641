#!/usr/bin/env node
// A tiny static file server for the built app (node:http, no dependencies).
//   node scripts/serve.js [dir=dist]      PORT=8080 to choose the port (default 5173, else a free one)
// Also importable: startServer({ root, port, host, isolation }) → { url, close() } (used by e2e/run.js);
// isolation: false sends no COOP/COEP, as a static host that cannot set headers (the service worker adds them).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.wgsl': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // shown as text in the browser (the page links docs/geometry.md)
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    const st = statSync(full);
    if (st.isDirectory()) return fileFor(root, join(path, 'index.html'));
    return { full, size: st.size };
  } catch {
    return null;
  }
}

function listen(server, port, host) {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done(server.address().port);
    });
  });
}

export async function startServer({ root = 'dist', port = 5173, host = '127.0.0.1', isolation = true } = {}) {
  const dir = resolve(root);
  try {
    statSync(join(dir, 'index.html'));
  } catch {
    throw new Error(`${join(dir, 'index.html')} is missing: run \`npx vite build\` first`);
  }
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const file = fileFor(dir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file.full).toLowerCase()] ?? 'application/octet-stream',
      'content-length': file.size,
      // always revalidated: the browser sees a new sw.js (and so a new version) on the next visit
      'cache-control': 'no-cache',
      // cross-origin isolation: the CPU projector's threads share memory (SharedArrayBuffer)
      ...(isolation
        ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
        : {}),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file.full).pipe(res);
  });
  let bound;
  try {
    bound = await listen(server, port, host);
  } catch (e) {
    if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') throw e;
    bound = await listen(server, 0, host);
  }
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}/`;
  return { url, server, close: () => new Promise((done) => server.close(() => done())) };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const root = process.argv[2] ?? 'dist';
  const port = process.env.PORT === undefined ? 5173 : Number(process.env.PORT);
  startServer({ root, port })
    .then(({ url }) => console.log(`WedgeLab is running at ${url}  (Ctrl+C to stop)`))
    .catch((e) => {
      console.error(`serve: ${e.message}`);
      process.exit(1);
    });
}
