// bench/slowclients.mjs BIN [SECONDS]: slowloris against `aibench serve`. Slow clients open
// connections, send a request line and then one header line every 10 s, and reconnect when
// cut off; meanwhile a normal client (from another loopback address) asks for a page every
// 2 s. Prints how many normal requests were answered and how fast, for three attacks: 4,200
// connections from one address, 1,000 spread over 40 addresses, and 3,000 over 120. Run it
// with `ulimit -n` as high as the machine allows (the server takes connections up to the file
// limit, at most 16,384). Figures only.
import { spawn } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';

const BIN = process.argv[2] || 'build/aibench';
const SECONDS = Number(process.argv[3] || 40);
const PORT = 18000 + Math.floor(Math.random() * 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function slow(addr, stats, until) {
  const s = net.connect({ host: '127.0.0.1', port: PORT, localAddress: addr });
  let timer = null;
  s.on('connect', () => {
    stats.open++;
    s.write('GET / HTTP/1.1\r\nHost: x\r\n');
    timer = setInterval(() => s.write(`X-Slow-${Math.random()}: 1\r\n`), 10000);
  });
  s.on('error', () => {});
  s.on('close', (hadErr) => {
    clearInterval(timer);
    stats.closed++;
    if (Date.now() < until) setTimeout(() => slow(addr, stats, until), 200); // and again
  });
  return s;
}

function normal() {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: PORT, path: '/api/hardware.json', localAddress: '127.0.0.250',
                           timeout: 10000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: Date.now() - t0 }));
    });
    req.on('timeout', () => { req.destroy(); resolve({ ok: false, ms: Date.now() - t0 }); });
    req.on('error', () => resolve({ ok: false, ms: Date.now() - t0 }));
  });
}

async function attack(label, addrs, perAddr) {
  const until = Date.now() + SECONDS * 1000;
  const stats = { open: 0, closed: 0 };
  for (const a of addrs) for (let i = 0; i < perAddr; i++) slow(a, stats, until);
  await sleep(2000);
  const results = [];
  while (Date.now() < until) {
    results.push(await normal());
    await sleep(2000);
  }
  const ok = results.filter((r) => r.ok);
  const ms = ok.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`${label}: ${ok.length} of ${results.length} normal requests answered` +
              (ms.length ? `, median ${ms[Math.floor(ms.length / 2)]} ms, worst ${ms[ms.length - 1]} ms` : '') +
              `; slow connections opened ${stats.open}, cut off or refused ${stats.closed}`);
  await sleep(11000); // the server sheds what is left
}

const srv = spawn(BIN, ['serve', '--port', String(PORT)], { stdio: ['ignore', 'ignore', 'pipe'] });
let banner = '';
srv.stderr.on('data', (d) => { banner += d; });
for (let i = 0; i < 100 && !banner.includes('serving'); i++) await sleep(100);
if (!banner.includes('serving')) { console.log('the server did not start:', banner); process.exit(1); }
console.log(`aibench serve defaults (per-ip 32, header deadline 10 s, connections up to the file limit); ${SECONDS} s per attack`);
await attack('4,200 slow connections from one address', ['127.0.0.1'], 4200);
await attack('1,000 slow connections from 40 addresses (25 each)', Array.from({ length: 40 }, (_, i) => `127.0.1.${i + 1}`), 25);
await attack('3,000 slow connections from 120 addresses (25 each)', Array.from({ length: 120 }, (_, i) => `127.0.2.${i + 1}`), 25);
srv.kill('SIGTERM');
process.exit(0);
