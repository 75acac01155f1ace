// Added latency and throughput of the guard gateway over calling the upstream directly, for a benign
// request whose answer contains code (sanitizer + code analysis on, no LLM moderator, audit log on).
// Run: npx vite-node bench/gateway-latency.ts   (env: BENCH_SECONDS=8, BENCH_RATE=50, BENCH_CONNECTIONS=100)
//
// The upstream is a plain node:http server in a child process; autocannon runs as another child, so
// the gateway's event loop is the only thing in this process. Two phases, each measured against the
// direct-upstream anchor in the same run:
//   latency:    100 open keep-alive connections with Poisson arrivals (open loop, BENCH_OPEN_RATE req/s):
//               p50/p99 added by the gateway. autocannon's fixed rate (-R) is also shown, but it releases
//               each second's quota as one burst, so its latency mostly measures queueing behind the burst;
//   throughput: 100 connections as fast as possible: requests/s of gateway vs upstream.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { buildGuard } from '../src/guard/index.js';
import { buildServer } from '../src/server/app.js';
import { AuditLog } from '../src/store/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const OPEN_RATE = Number(process.env.BENCH_OPEN_RATE ?? 200);

const ANSWER = [
  'Here is a function that sums one column of a CSV file:',
  '',
  '```python',
  'import csv',
  '',
  '',
  'def sum_column(path, column):',
  '    total = 0.0',
  "    with open(path, newline='') as handle:",
  '        for row in csv.DictReader(handle):',
  '            value = row.get(column)',
  '            if value:',
  '                total += float(value)',
  '    return total',
  '```',
  '',
  'Empty cells are skipped.',
].join('\n');

const REQUEST = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'Write a Python function that sums one column of a CSV file.' }] });

const UPSTREAM_SCRIPT = `
const http = require('node:http');
const body = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: ${JSON.stringify(ANSWER)} }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 20, completion_tokens: 80, total_tokens: 100 } });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

// Open-loop load generator (child process): CONNECTIONS keep-alive sockets opened up front, requests
// started at exponential inter-arrival times whatever the replies do, latency from send to last byte.
const OPEN_LOOP_SCRIPT = `
const http = require('node:http');
const [url, connections, rate, seconds, body] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const target = new URL(url);
const latencies = [];
let errors = 0;
function send() {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode === 200) latencies.push(Number(process.hrtime.bigint() - started) / 1e6); else errors++; resolve(); });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}
(async () => {
  await Promise.all(Array.from({ length: Number(connections) }, send));
  latencies.length = 0;
  const deadline = Date.now() + Number(seconds) * 1000;
  const inflight = [];
  while (Date.now() < deadline) {
    inflight.push(send());
    await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * 1000 / Number(rate)));
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
  process.stdout.write(JSON.stringify({ count: latencies.length, errors, p50: at(0.5), p99: at(0.99), mean: latencies.reduce((a, b) => a + b, 0) / latencies.length }));
})();
`;

interface OpenLoopResult {
  count: number;
  errors: number;
  p50: number;
  p99: number;
  mean: number;
}

function openLoop(url: string): Promise<OpenLoopResult> {
  const args = ['-e', OPEN_LOOP_SCRIPT, `${url}/v1/chat/completions`, String(CONNECTIONS), String(OPEN_RATE), String(SECONDS), REQUEST];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as OpenLoopResult) : reject(new Error(`open-loop client exited ${code}`))));
  });
}

function openRow(name: string, r: OpenLoopResult): string {
  return `${name.padEnd(22)} p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms  mean ${r.mean.toFixed(2).padStart(7)} ms  ${String(r.count).padStart(6)} requests  errors ${r.errors}`;
}

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

function startUpstream(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', UPSTREAM_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => resolve({ child, url: `http://127.0.0.1:${data.toString().trim()}` }));
    child.once('exit', (code) => reject(new Error(`upstream exited (${code})`)));
  });
}

function autocannon(url: string, rate?: number, seconds = SECONDS): Promise<CannonResult> {
  const args = ['node_modules/autocannon/autocannon.js', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST', '-H', 'content-type=application/json', '-b', REQUEST, '-j', '-n'];
  if (rate) args.push('-R', String(rate));
  args.push(`${url}/v1/chat/completions`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as CannonResult) : reject(new Error(`autocannon exited ${code}`))));
  });
}

function row(name: string, r: CannonResult): string {
  return `${name.padEnd(22)} p50 ${r.latency.p50.toFixed(2).padStart(7)} ms  p99 ${r.latency.p99.toFixed(2).padStart(7)} ms  mean ${r.latency.average.toFixed(2).padStart(7)} ms  ${r.requests.average.toFixed(0).padStart(6)} req/s  errors ${r.errors + r.non2xx + r.timeouts}`;
}

const dir = mkdtempSync(join(tmpdir(), 'codeward-bench-'));
const upstream = await startUpstream();
const config = loadConfig({
  env: {},
  overrides: {
    upstream: { baseUrl: `${upstream.url}/v1`, model: 'bench-model' },
    moderator: { mode: 'off' },
    store: { path: join(dir, 'audit.sqlite') },
  },
});
const audit = new AuditLog(config.store.path, { retentionDays: config.store.retentionDays });
const guard = buildGuard(config, { audit, env: {} });
await guard.warmUp();
const app = await buildServer({ context: { config, guard, audit } });
const gatewayUrl = await app.listen({ host: '127.0.0.1', port: 0 });

try {
  // Warm-up: JIT, rule index, parsers, sockets.
  await autocannon(upstream.url, undefined, 2);
  await autocannon(gatewayUrl, undefined, 2);

  console.log(`gateway latency bench: ${CONNECTIONS} connections, ${SECONDS} s per run; open loop at ${OPEN_RATE} req/s (Poisson), autocannon fixed rate ${RATE} req/s`);
  const directOpen = await openLoop(upstream.url);
  const gatewayOpen = await openLoop(gatewayUrl);
  const directFixed = await autocannon(upstream.url, RATE);
  const gatewayFixed = await autocannon(gatewayUrl, RATE);
  const directMax = await autocannon(upstream.url);
  const cpuBefore = process.cpuUsage();
  const gatewayMax = await autocannon(gatewayUrl);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, gatewayMax.requests.total);

  console.log(openRow('upstream direct open', directOpen));
  console.log(openRow('gateway open', gatewayOpen));
  const openP50 = gatewayOpen.p50 - directOpen.p50;
  const openP99 = gatewayOpen.p99 - directOpen.p99;
  console.log(`added latency, open loop @${OPEN_RATE} req/s over ${CONNECTIONS} connections: p50 ${openP50.toFixed(2)} ms (target <= 3), p99 ${openP99.toFixed(2)} ms (target <= 15)`);
  console.log(row('upstream direct @rate', directFixed));
  console.log(row('gateway @rate', gatewayFixed));
  console.log(row('upstream direct max', directMax));
  console.log(row('gateway max', gatewayMax));
  const addedP50 = gatewayFixed.latency.p50 - directFixed.latency.p50;
  const addedP99 = gatewayFixed.latency.p99 - directFixed.latency.p99;
  console.log(`added latency, autocannon bursts @${RATE} req/s: p50 ${addedP50.toFixed(2)} ms (target <= 3), p99 ${addedP99.toFixed(2)} ms (target <= 15)`);
  console.log(`throughput: gateway ${gatewayMax.requests.average.toFixed(0)} req/s = ${(gatewayMax.requests.average / directMax.requests.average).toFixed(3)} x upstream direct ${directMax.requests.average.toFixed(0)} req/s`);
  // The gateway's own work per request (from the audit rows), free of load-generator and queueing effects.
  const rows = audit.query({ limit: 5000 });
  const pct = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? 0;
  const own = rows.map((r) => (r.latencyMs ?? 0) - (r.stages?.upstream ?? 0));
  const analysis = rows.map((r) => r.stages?.review ?? 0);
  const sanitizer = rows.map((r) => r.stages?.sanitizer ?? 0);
  console.log(`gateway work per request (${rows.length} rows, excluding the upstream call): p50 ${pct(own, 0.5).toFixed(2)} ms, p99 ${pct(own, 0.99).toFixed(2)} ms; sanitizer p50 ${pct(sanitizer, 0.5).toFixed(2)} ms; code analysis p50 ${pct(analysis, 0.5).toFixed(2)} ms, p99 ${pct(analysis, 0.99).toFixed(2)} ms`);
  console.log(`gateway CPU per request at max throughput: ${cpuMsPerRequest.toFixed(2)} ms (user+system, this process only)`);
  console.log(`verdict (open loop): p50 ${openP50 <= 3 ? 'PASS' : 'FAIL'}, p99 ${openP99 <= 15 ? 'PASS' : 'FAIL'}; autocannon bursts: p50 ${addedP50 <= 3 ? 'PASS' : 'FAIL'}, p99 ${addedP99 <= 15 ? 'PASS' : 'FAIL'}; audit rows written: ${audit.count()}`);
} finally {
  await app.close();
  audit.close();
  upstream.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
