// http.mjs BIN TMP: replays http.txt against `aibench serve` over raw sockets (the bytes are
// sent as written), then checks the server's defences: the header deadline, the per-address
// connection limit, the access log, the rate-limited error log, the answer cache under a small
// budget, and `serve --host` refused before anything says "serving". Prints FAIL lines and
// "hostile http: N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const [BIN, TMP] = process.argv.slice(2);
const HERE = path.dirname(new URL(import.meta.url).pathname);
let pass = 0, fail = 0;
const ok = () => pass++;
const bad = (m) => { fail++; console.log(`FAIL ${m}`); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function serve(args) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const p = spawn(BIN, ['serve', '--port', String(port), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  p.err = '';
  p.stderr.on('data', (d) => { p.err += d; });
  for (let i = 0; i < 200 && !p.err.includes('serving'); i++) await sleep(50);
  if (!p.err.includes('serving')) throw new Error(`the server did not start: ${p.err}`);
  p.port = port;
  return p;
}

// one request as raw bytes; resolves {status, headers, body} or {closed: true}
function raw(port, text, { localAddress, timeout = 10000 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress });
    const chunks = [];
    s.setTimeout(timeout, () => s.destroy());
    s.on('connect', () => s.write(text));
    s.on('data', (d) => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(all);
      if (!m) return resolve({ closed: true, raw: all });
      const [head, ...rest] = all.split('\r\n\r\n');
      const headers = {};
      for (const l of head.split('\r\n').slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(m[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const accepts = { json: 'application/json', html: 'text/html,application/xhtml+xml', none: null };
function request(method, target, accept) {
  return `${method} ${target} HTTP/1.1\r\nHost: localhost\r\n${accept ? `Accept: ${accept}\r\n` : ''}Connection: close\r\n\r\n`;
}
function expand(target) {
  return target.replace(/PARAMS(\d+)/, (_, n) => Array.from({ length: Number(n) }, (_, i) => `p${i}=1`).join('&'))
               .replace(/PATH(\d+)/, (_, n) => 'a'.repeat(Number(n)));
}

const srv = await serve(['--header-deadline', '2', '--per-ip', '16', '--access-log', `${TMP}/access.log`]);
try {
  // the corpus
  for (const line of fs.readFileSync(`${HERE}/http.txt`, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [acc, req, want, code] = line.split(' | ').map((x) => x.trim());
    const [method, target] = req.split(' ');
    const r = await raw(srv.port, request(method, expand(target), accepts[acc]));
    const name = `${acc} ${method} ${target.slice(0, 80)}`;
    if (r.closed) { bad(`${name}: no answer`); continue; }
    if (String(r.status) !== want) { bad(`${name}: ${r.status}, want ${want}: ${r.body.slice(0, 160)}`); continue; }
    if (r.status === 302 && !r.headers.location) { bad(`${name}: a redirect without Location`); continue; }
    if (r.status >= 400) {
      if (code === 'html') {
        if (!/^text\/html/.test(r.headers['content-type'] || '')) { bad(`${name}: not an HTML error page`); continue; }
      } else {
        let e = null;
        try { e = JSON.parse(r.body).error; } catch { /* below */ }
        if (!/^application\/json/.test(r.headers['content-type'] || '') || !e || typeof e.code !== 'string' ||
            typeof e.message !== 'string') { bad(`${name}: not the JSON error shape: ${r.body.slice(0, 160)}`); continue; }
        if (code !== '-' && e.code !== code) { bad(`${name}: code ${e.code}, want ${code}`); continue; }
      }
    }
    ok();
  }

  // HEAD answers the headers of GET
  const head = await raw(srv.port, request('HEAD', '/api/hardware.json', null));
  head.status === 200 && head.body === '' ? ok() : bad(`HEAD: ${head.status} with a body of ${head.body?.length}`);

  // a client that trickles its headers is cut off at the deadline (2 s here), not at the idle timeout
  const t0 = Date.now();
  const slow = await new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port });
    let n = 0;
    const tick = setInterval(() => s.write(`X-Slow-${n++}: 1\r\n`), 500);
    s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n'));
    s.on('error', () => {});
    s.on('close', () => { clearInterval(tick); resolve(Date.now() - t0); });
    setTimeout(() => s.destroy(), 15000);
  });
  slow < 6000 ? ok() : bad(`a slow client held its connection ${slow} ms (deadline 2 s)`);

  // one address holds at most --per-ip connections (16 here); another address is still served
  const held = [];
  let refused = 0;
  for (let i = 0; i < 24; i++) {
    const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: '127.0.0.3' });
    s.on('error', () => {});
    s.on('close', () => refused++);
    held.push(s);
  }
  await sleep(500);
  refused >= 8 ? ok() : bad(`24 connections from one address: ${refused} refused, want 8 or more`);
  const other = await raw(srv.port, request('GET', '/api/hardware.json', null), { localAddress: '127.0.0.4' });
  other.status === 200 ? ok() : bad(`another address is not served while one holds its limit: ${other.status}`);
  held.forEach((s) => s.destroy());

  // libmicrohttpd's error lines are rate-limited: 200 malformed requests, a handful of lines
  const before = srv.err.split('\n').length;
  await Promise.all(Array.from({ length: 200 }, (_, i) =>
    raw(srv.port, `GARBAGE${i} \x01\r\n\r\n`, { localAddress: `127.0.1.${1 + (i % 200)}`, timeout: 3000 })));
  await sleep(300);
  const lines = srv.err.split('\n').length - before;
  lines <= 22 ? ok() : bad(`200 malformed requests wrote ${lines} log lines`);

  // the access log: one common-log-format line per request, a hostile request line escaped
  await raw(srv.port, request('GET', '/api/plan.json?hw=%22%5c%0a', null));
  await sleep(200);
  const log = fs.readFileSync(`${TMP}/access.log`, 'utf8').trim().split('\n');
  const clf = /^\S+ - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "[^"\n]*" \d{3} \d+$/;
  const off = log.filter((l) => !clf.test(l));
  log.length >= 30 && off.length === 0 ? ok() : bad(`access log: ${log.length} lines, not in the format: ${off.slice(0, 2)}`);
  log.some((l) => l.includes('\\x22') && l.includes(' 400 ')) ? ok() : bad('the access log does not escape a quote');
} finally {
  srv.kill('SIGTERM');
}

// the answer cache under a 1 MB budget: many pages, each asked twice, always the same bytes
const small = await serve(['--cache-mb', '1']);
try {
  const hw = JSON.parse((await raw(small.port, request('GET', '/api/hardware.json', null))).body).hardware.map((h) => h.id);
  let same = 0;
  const seen = new Map();
  for (let round = 0; round < 2; round++)
    for (const id of hw) {
      const r = await raw(small.port, request('GET', `/hardware/${id}/`, 'text/html'));
      if (round === 0) seen.set(id, r.body);
      else same += r.status === 200 && r.body === seen.get(id);
    }
  same === hw.length ? ok() : bad(`with a 1 MB cache, ${hw.length - same} of ${hw.length} pages changed between two asks`);
} finally {
  small.kill('SIGTERM');
}

// a bad --host is refused before anything says "serving"
const r = spawnSync(BIN, ['serve', '--host', 'abc', '--port', '1'], { encoding: 'utf8', timeout: 10000 });
r.status === 2 && !r.stderr.includes('serving') && r.stderr.includes('not an IPv4 address') ? ok()
  : bad(`serve --host abc: exit ${r.status}: ${r.stderr.slice(0, 200)}`);

console.log(`hostile http: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
