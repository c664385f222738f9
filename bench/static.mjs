// bench/static.mjs SITE: times the exported site's engine in chromium over file:// (see static.sh).
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs';
const site = process.argv[2];
const b = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage();
const t0 = Date.now();
await p.goto(`file://${site}/planner/index.html?hw=rtx-4090`);
await p.waitForSelector('#plan-runs tbody tr', { timeout: 60000 });
console.log(`first plan on a fresh page (load engine.js, compile, load the catalog, plan): ${Date.now() - t0} ms`);
const times = await p.evaluate(async () => {
  // the page's own engine: run each question 20 times through the same path the page uses
  const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const E = window.AIB_ENGINE, bin = atob(E.wasm), bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  let inst;
  const view = () => new DataView(inst.exports.memory.buffer);
  const wasi = { clock_time_get: (id, pr, out) => { view().setBigUint64(out, BigInt(Date.now()) * 1000000n, true); return 0; },
    fd_close: () => 0, fd_seek: () => 70, fd_write: (fd, iovs, n, w) => { let t = 0; for (let k = 0; k < n; k++) t += view().getUint32(iovs + 8 * k + 4, true); view().setUint32(w, t, true); return 0; } };
  let t = performance.now();
  inst = (await WebAssembly.instantiate(bytes, { wasi_snapshot_preview1: wasi })).instance;
  inst.exports._initialize();
  const compile = performance.now() - t;
  const enc = new TextEncoder();
  const put = (s) => { const x = enc.encode(s), ptr = inst.exports.aib_wasm_alloc(x.length + 1); const m = new Uint8Array(inst.exports.memory.buffer, ptr, x.length + 1); m.set(x); m[x.length] = 0; return [ptr, x.length]; };
  t = performance.now();
  const d = put(E.data);
  inst.exports.aib_wasm_load(d[0], d[1]);
  const load = performance.now() - t;
  const q = (what, query) => { const xs = []; for (let i = 0; i < 20; i++) { const w = put(what), s = put(query), t1 = performance.now(); inst.exports.aib_wasm_run(w[0], s[0]); xs.push(performance.now() - t1); inst.exports.aib_wasm_free(w[0]); inst.exports.aib_wasm_free(s[0]); } return med(xs); };
  return { compile, load, plan: q('plan', 'hw=rtx-4090'), whatif: q('plan', 'hw=framework-desktop&what=bw&to=500'),
           reverse: q('reverse', 'models=qwen3-30b-a3b,llama-3.1-8b&min_tps=20'), compare: q('compare', 'framework-desktop-vs-rtx-4090') };
});
for (const [k, v] of Object.entries(times)) console.log(`${k.padEnd(8)} ${v.toFixed(1)} ms`);
await b.close();
