// Hardening probes (issue 12): runs one attack against a checkout and prints one JSON line.
// Usage: node scripts/attacks.mjs <checkout> <attack> [label]   (attacks: truncate delete fts runtime-truncate
//   lock-live-pid lock-stopped-holder slow-body slow-headers many-sockets xff-spoof amplify rules-flood misc;
//   TRUST=<TRUST_PROXY> for xff-spoof, SOCKETS=<n> for many-sockets). Starts the checkout's own server
//   (node_modules/.bin/tsx src/server.ts) on a random port with DATA_DIR under /tmp; measures before/after a change.
import { readdirSync, statSync, truncateSync, unlinkSync, rmSync, mkdirSync, writeFileSync, readFileSync, existsSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';


const [repo, attack, label = ''] = process.argv.slice(2);
const out = (result) => console.log(JSON.stringify({ attack, label, ...result }));
const Q = { question: '我们是一家规模以上的电镀企业，多久需要做一次清洁生产审核？' };
const Q2 = { question: '2015年汞使用量削减目标是多少？' };
const dataDir = `/tmp/h12-attack-data-${label || 'x'}-${attack}`;

function tableDir(dir) {
  const lance = join(dir, 'lancedb');
  const manifest = JSON.parse(readFileSync(join(lance, 'clauses_cleaner_production_12th.manifest.json'), 'utf8'));
  return join(lance, `${manifest.table}.lance`);
}

async function freshIndex() {
  rmSync(dataDir, { recursive: true, force: true });
  const s = await startServer(repo, { DATA_DIR: dataDir });
  const clean = [await ask(s.url, Q), await ask(s.url, Q2)];
  await s.stop();
  return clean;
}

async function afterDamage(damage) {
  const clean = await freshIndex();
  const what = damage(tableDir(dataDir));
  const s = await startServer(repo, { DATA_DIR: dataDir });
  const health = s.ready ? await (await fetch(`${s.url}/healthz`)).json() : undefined;
  const answers = s.ready ? [await ask(s.url, Q), await ask(s.url, Q2)] : [];
  const restarted = await startServer(repo, { DATA_DIR: dataDir });
  const againAnswers = restarted.ready ? [await ask(restarted.url, Q)] : [];
  await restarted.stop();
  await s.stop();
  out({
    damaged: what, startMs: s.ms, ready: s.ready, health: health?.status, asks: answers.map((a) => a.status),
    identicalToClean: answers.length === 2 && answers.every((a, i) => a.json && clean[i].json && JSON.stringify({ ...a.json }) === JSON.stringify({ ...clean[i].json })),
    degradedMarked: answers.map((a) => a.headers['x-degraded'] ?? a.json?.degraded ?? null),
    afterRestartAsk: againAnswers.map((a) => a.status),
    log: s.output().split('\n').filter((l) => /rebuil|corrupt|probe|degrad|fail|error/iu.test(l)).slice(0, 4).map((l) => l.slice(0, 240)),
  });
}

const files = (dir, sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f));

switch (attack) {
  case 'truncate': await afterDamage((t) => { const f = files(t, 'data')[0]; truncateSync(f, Math.floor(statSync(f).size / 2)); return `truncated ${f.split('/').slice(-3).join('/')}`; }); break;
  case 'delete': await afterDamage((t) => { const f = files(t, 'data')[0]; unlinkSync(f); return `deleted ${f.split('/').slice(-3).join('/')}`; }); break;
  case 'fts': await afterDamage((t) => {
    const idx = join(t, '_indices'); const d = readdirSync(idx)[0]; const fs = readdirSync(join(idx, d));
    for (const f of fs) truncateSync(join(idx, d, f), 10); return `truncated ${fs.length} FTS index files`; }); break;
  case 'runtime-truncate': {
    rmSync(dataDir, { recursive: true, force: true });
    const s = await startServer(repo, { DATA_DIR: dataDir });
    const clean = await ask(s.url, Q);
    const f = files(tableDir(dataDir), 'data')[0]; truncateSync(f, Math.floor(statSync(f).size / 2));
    const duringOther = await ask(s.url, Q2);
    const during = await ask(s.url, Q);
    const health = await (await fetch(`${s.url}/healthz`)).json();
    await sleep(8000);
    const later = await ask(s.url, Q);
    const health2 = await (await fetch(`${s.url}/healthz`)).json();
    await s.stop();
    out({ duringOther: duringOther.status, during: during.status, degraded: during.headers['x-degraded'] ?? null, healthDuring: health.status, later: later.status, healthLater: health2.status, laterIdentical: JSON.stringify(later.json) === JSON.stringify(clean.json) });
    break;
  }
  case 'lock-live-pid': {
    // The old lock format, recording PID 1 (alive), with no index on disk.
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(join(dataDir, 'lancedb'), { recursive: true });
    writeFileSync(join(dataDir, 'lancedb', 'clauses_cleaner_production_12th.lock'), JSON.stringify({ token: 'x', pid: 1, host: hostname(), createdAt: Date.now() }));
    const s = await startServer(repo, { DATA_DIR: dataDir }, { waitMs: 200_000 });
    out({ ready: s.ready, exitCode: s.exitCode ?? null, ms: s.ms });
    await s.stop();
    break;
  }
  case 'lock-stopped-holder': {
    // A holder that took the lock with the repository's own code, then froze (PID alive, doing nothing).
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(join(dataDir, 'lancedb'), { recursive: true });
    const newLock = readFileSync(join(repo, 'src/retrieval/index-store.ts'), 'utf8').includes('build-lock');
    const lockPath = join(dataDir, 'lancedb', `clauses_cleaner_production_12th.${newLock ? 'build-lock' : 'lock'}`);
    const code = `import { acquireFileLock } from ${JSON.stringify(join(repo, 'src/retrieval/file-lock.ts'))}; await acquireFileLock(${JSON.stringify(lockPath)}); console.log('held'); process.kill(process.pid, 'SIGSTOP');`;
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', code], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    await new Promise((r) => holder.stdout.on('data', (d) => String(d).includes('held') && r()));
    await sleep(500);
    const s = await startServer(repo, { DATA_DIR: dataDir }, { waitMs: 200_000 });
    out({ ready: s.ready, exitCode: s.exitCode ?? null, ms: s.ms });
    await s.stop();
    try { process.kill(-holder.pid, 'SIGKILL'); } catch {}
    break;
  }
  case 'slow-body': {
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared' });
    const r = await stall(s.port, 'POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"question":', 400_000);
    out({ closed: r.closed, heldMs: r.ms, reply: r.data.split('\r\n')[0] });
    await s.stop();
    break;
  }
  case 'slow-headers': {
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared' });
    const r = await stall(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 200_000);
    out({ closed: r.closed, heldMs: r.ms, reply: r.data.split('\r\n')[0] });
    await s.stop();
    break;
  }
  case 'many-sockets': {
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared' });
    const N = Number(process.env.SOCKETS ?? 2000);
    const sockets = [];
    let closedEarly = 0;
    for (let i = 0; i < N; i++) {
      const sock = net.connect({ port: s.port, host: '127.0.0.1', localAddress: '127.0.0.1' });
      sock.on('error', () => {}); sock.on('close', () => closedEarly++);
      sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
      sockets.push(sock);
    }
    await sleep(3000);
    const openAfter3s = N - closedEarly;
    // Another client, from another address.
    const other = await new Promise((resolve) => {
      const sock = net.connect({ port: s.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      let data = ''; sock.on('data', (d) => { data += d; if (data.includes('\r\n\r\n')) { sock.destroy(); resolve(data.split('\r\n')[0]); } });
      sock.on('error', (e) => resolve(`error ${e.code}`));
      sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      setTimeout(() => resolve('timeout'), 10000);
    });
    out({ sockets: N, heldOpenBySameAddress: openAfter3s, otherClient: other });
    for (const sock of sockets) sock.destroy();
    await s.stop();
    break;
  }
  case 'xff-spoof': {
    const trust = process.env.TRUST ?? 'true';
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared', RATE_LIMIT_PER_MIN: '3', TRUST_PROXY: trust });
    const statuses = [];
    // The proxy appends the address it saw (203.0.113.7); the client wrote the part before it.
    for (let i = 0; i < 10; i++) statuses.push((await ask(s.url, Q2, { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` })).status);
    out({ TRUST_PROXY: trust, statuses, passed: statuses.filter((x) => x === 200).length });
    await s.stop();
    break;
  }
  case 'amplify': {
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared', RATE_LIMIT_PER_MIN: '0' });
    // About 40 KB of history: three user turns of 8,000 characters repeating a figure.
    const turn = '培训比例45% '.repeat(1000).slice(0, 8000);
    const history = [];
    for (let i = 0; i < 3; i++) history.push({ role: 'user', content: turn }, { role: 'assistant', content: '好的。' });
    const body = { question: '这达到目标了吗？', history };
    const bodyBytes = Buffer.byteLength(JSON.stringify(body));
    const r = await ask(s.url, body);
    const figures = Array.from({ length: 50 }, (_, i) => ({ indicator: 'audit-passed-rate', value: 30 + i }));
    const c = await fetch(`${s.url}/v1/targets/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ figures }) });
    const ct = await c.text();
    out({ historyRequestBytes: bodyBytes, askStatus: r.status, facts: r.json?.facts?.length, askResponseBytes: Buffer.byteLength(r.text), checkStatus: c.status, checkResponseBytes: Buffer.byteLength(ct), checkError: c.status >= 400 ? JSON.parse(ct).error : undefined });
    await s.stop();
    break;
  }
  case 'rules-flood': {
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared' });
    const counts = {};
    for (let i = 0; i < 300; i++) {
      const path = i % 2 ? '/v1/eligibility' : '/v1/targets/check';
      const body = i % 2 ? { profile: { industry: '电镀' } } : { figures: [{ targetId: 't1-training', value: 45 }] };
      const r = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await r.arrayBuffer();
      counts[r.status] = (counts[r.status] ?? 0) + 1;
    }
    out({ requests: 300, statuses: counts });
    await s.stop();
    break;
  }
  case 'misc': {
    const s = await startServer(repo, { DATA_DIR: '/tmp/h12-attack-data-shared', RATE_LIMIT_PER_MIN: '1' });
    const wrong = await fetch(`${s.url}/v1/ask`, { method: 'GET' });
    const wrongBody = await wrong.text();
    await ask(s.url, Q2);
    const limited = await ask(s.url, Q2);
    // SSE with Connection: close: how long the socket stays open after the response ends.
    const sse = await new Promise((resolve) => {
      const body = JSON.stringify(Q2);
      const started = Date.now(); let ended; let data = '';
      const sock = net.connect({ port: s.port, host: '127.0.0.1', localAddress: '127.0.0.3' });
      sock.on('connect', () => sock.write(`POST /v1/ask/stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`));
      sock.on('data', (d) => { data += d; if (!ended && /event: done[\s\S]*\n\n/u.test(data) && (data.includes('\r\n0\r\n\r\n') || !/chunked/iu.test(data))) ended = Date.now(); });
      sock.on('close', () => resolve({ status: data.split('\r\n')[0], openAfterEndMs: ended ? Date.now() - ended : null, totalMs: Date.now() - started }));
      sock.on('error', () => {});
      setTimeout(() => { resolve({ openAfterEndMs: 'still open at 20s' }); sock.destroy(); }, 20000);
    });
    const metrics = await fetch(`${s.url}/metrics`);
    const metricsText = await metrics.text();
    out({
      wrongMethod: { status: wrong.status, allow: wrong.headers.get('allow'), body: wrongBody.slice(0, 160) },
      rateLimited: { status: limited.status, body: limited.text.slice(0, 200) },
      sseConnectionClose: sse,
      requestId: wrong.headers.get('x-request-id'),
      metrics: { status: metrics.status, head: metricsText.slice(0, 80) },
      securityHeaders: Object.fromEntries(Object.entries(limited.headers).filter(([k]) => /^(x-|strict|cross|referrer|origin-agent)/u.test(k))),
    });
    await s.stop();
    break;
  }
  default: console.error('unknown attack'); process.exit(2);
}
process.exit(0);




export async function startServer(repo, env = {}, { waitMs = 200_000 } = {}) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const started = Date.now();
  const child = spawn(`${repo}/node_modules/.bin/tsx`, ['src/server.ts'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited !== undefined) return { url, child, ready: false, exitCode: exited, ms: Date.now() - started, output: () => output, stop: async () => {} };
    if (Date.now() - started > waitMs) break;
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200 || r.status === 503) break;
    } catch {}
    await sleep(100);
  }
  return {
    url, child, port, ready: exited === undefined, ms: Date.now() - started, output: () => output,
    stop: async () => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} await sleep(300); },
  };
}

export async function ask(url, body, headers = {}) {
  const r = await fetch(`${url}/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, headers: Object.fromEntries(r.headers), text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

/** Opens a socket, sends `head` and then nothing; resolves with ms until the server closes it (or cap). */
export function stall(port, head, capMs, localAddress) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ closed: false, ms: Date.now() - started, data }); }, capMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (d) => (data += d));
    socket.on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); resolve({ closed: true, ms: Date.now() - started, data: data.slice(0, 200) }); });
  });
}
