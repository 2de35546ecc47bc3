// Starts the real OpenCustoms server on a free loopback port with a fresh data directory and the
// built app (--web), and talks to its REST API for test set-up. No mocks: the browser and these
// helpers speak to the same process.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
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

const running = new Set();

/** Runs `bin args…` to completion; rejects with its output when it fails. */
function run(bin, args) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (code === 0) resolve({ out, seconds: ((Date.now() - started) / 1000).toFixed(1) });
      else reject(new Error(`${path.basename(bin)} ${args.slice(0, 2).join(' ')} failed (${code ?? signal}):\n${out.slice(-3000)}`));
    });
  });
}

/** The labelled fraud data of the shared data directory, beside the repository (CI has it). */
function fraudData(repoRoot) {
  const dir = path.resolve(repoRoot, '../shared/data/fraud/kcs-customs-declaration-datasets');
  const train = path.join(dir, 'df_syn_train_eng.csv');
  const test = path.join(dir, 'df_syn_valid_eng.csv');
  return existsSync(train) && existsSync(test) ? { train, test, dir } : { dir };
}

/**
 * The models the e2e server runs with, made with the binary under test: the HS classifier
 * (`classify train` into <data>/models/hs, where the server loads it, from the repository's
 * labelled descriptions and nomenclature) and, when the labelled fraud data exists, a fraud model
 * (`risk evaluate --save-model`, passed with --model). Both train at once (under a minute on two
 * idle cores). For quicker runs while developing, E2E_HS_MODEL=DIR and E2E_FRAUD_MODEL=FILE reuse
 * models trained before by the same binary.
 */
async function prepareModels(bin, tmp, dataDir, repoRoot, log) {
  const hsDir = path.join(dataDir, 'models', 'hs');
  mkdirSync(path.dirname(hsDir), { recursive: true });
  const jobs = [];
  if (process.env.E2E_HS_MODEL) {
    cpSync(process.env.E2E_HS_MODEL, hsDir, { recursive: true });
    log(`HS classifier: copied from E2E_HS_MODEL=${process.env.E2E_HS_MODEL}`);
  } else {
    // Without the US tariff's texts (--tariff ''): the same classifier whether or not the shared
    // data is beside the clone, and trained in a third of the time.
    jobs.push(run(bin, ['classify', 'train', '--tariff', '', '--out', hsDir]).then((r) => log(`HS classifier: trained in ${r.seconds} s`)));
  }
  let fraudModel = null;
  const data = fraudData(repoRoot);
  if (process.env.E2E_FRAUD_MODEL) {
    fraudModel = path.resolve(process.env.E2E_FRAUD_MODEL);
    log(`fraud model: ${fraudModel} (E2E_FRAUD_MODEL)`);
  } else if (data.train) {
    fraudModel = path.join(tmp, 'fraud.json');
    jobs.push(
      run(bin, ['risk', 'evaluate', '--train', data.train, '--test', data.test, '--save-model', fraudModel]).then((r) =>
        log(`fraud model: trained in ${r.seconds} s on ${data.train}`),
      ),
    );
  } else {
    log(`fraud model: none — no labelled fraud data in ${data.dir}; the model's explanation chart is not tested`);
  }
  try {
    await Promise.all(jobs);
  } catch (e) {
    for (const child of running) child.kill('SIGKILL'); // the other training, if still running
    throw e;
  }
  return { fraudModel };
}

export async function startServer({ bin, webDir, repoRoot, demo = 30, log = console.log }) {
  if (!existsSync(bin)) throw new Error(`server binary not found: ${bin} (build it, or set OPENCUSTOMS_BIN)`);
  if (!existsSync(path.join(webDir, 'index.html'))) throw new Error(`no built app in ${webDir}: run npm run build first`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'oc-e2e-'));
  const dataDir = path.join(tmp, 'data');
  let models;
  try {
    models = await prepareModels(bin, tmp, dataDir, repoRoot, log);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const port = await freePort();
  const args = ['serve', '--data', dataDir, '--port', String(port), '--address', '127.0.0.1', '--demo', String(demo), '--web', webDir];
  if (models.fraudModel) args.push('--model', models.fraudModel);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  child.stdout.on('data', (d) => (serverLog += d));
  child.stderr.on('data', (d) => (serverLog += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000; // seeding demo data takes a while on a small machine
  for (;;) {
    if (exited) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`server exited early (${JSON.stringify(exited)}):\n${serverLog}`);
    }
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`server did not become healthy in time:\n${serverLog}`);
    }
    await sleep(250);
  }

  return {
    base,
    port,
    dataDir,
    /** Whether a fraud model is active (the risk explanation then has its contributions chart). */
    fraudModel: models.fraudModel !== null,
    log: () => serverLog,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        for (let i = 0; i < 40 && !exited; i++) await sleep(100);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(tmp, { recursive: true, force: true });
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
