// Starts the real OpenCustoms server on a free loopback port with a fresh data directory and the
// built app (--web), and talks to its REST API for test set-up. No mocks: the browser and these
// helpers speak to the same process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startServer({ bin, webDir, demo = 30 }) {
  if (!existsSync(bin)) throw new Error(`server binary not found: ${bin} (build it, or set OPENCUSTOMS_BIN)`);
  if (!existsSync(path.join(webDir, 'index.html'))) throw new Error(`no built app in ${webDir}: run npm run build first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-e2e-'));
  const port = await freePort();
  const args = ['serve', '--data', dataDir, '--port', String(port), '--address', '127.0.0.1', '--demo', String(demo), '--web', webDir];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000; // seeding demo data takes a while on a small machine
  for (;;) {
    if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}):\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in time:\n${log}`);
    }
    await sleep(250);
  }

  return {
    base,
    port,
    dataDir,
    log: () => log,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        for (let i = 0; i < 40 && !exited; i++) await sleep(100);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small REST client for set-up and for checking what the UI shows against the API. */
export function apiClient(base) {
  const tokens = new Map();
  async function call(method, pathname, { user, body } = {}) {
    const headers = { Accept: 'application/json' };
    if (user) headers.Authorization = `Bearer ${await token(user)}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(base + pathname, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: r.status, body: json, headers: r.headers };
  }
  async function token(user) {
    if (!tokens.has(user)) {
      const r = await fetch(base + '/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: user, password: 'demo-password' }),
      });
      if (!r.ok) throw new Error(`login ${user}: ${r.status} ${await r.text()}`);
      tokens.set(user, (await r.json()).token);
    }
    return tokens.get(user);
  }
  async function ok(method, pathname, opts, expected = [200, 201]) {
    const r = await call(method, pathname, opts);
    if (!expected.includes(r.status)) throw new Error(`${method} ${pathname} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  return { call, ok };
}
