// site.test.mjs: the site in a real browser (Debian's chromium driven by playwright-core) and
// over real HTTP: the hardware page, the index, the planner (form, shareable URL), the same
// numbers in page, API and CLI, HTTP errors, every page type at 390 and 1280 px, and the static
// export (under a subpath and over file://) running the engine in WebAssembly.
// usage: node site.test.mjs BUILD/aibench        (prints "browser: N passed, N failed")
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import net from 'node:net';

const bin = process.argv[2];
const tmp = mkdtempSync(join(tmpdir(), 'aib-browser-'));
const env = { ...process.env, AIBENCH_DB: join(tmp, 'catalog.db') };
let pass = 0, fail = 0;
function check(name, ok, detail) {
  if (ok) pass++;
  else { fail++; console.log(`FAIL ${name}${detail !== undefined ? ': ' + detail : ''}`); }
}

function freePort() {
  return new Promise((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
}

async function waitUp(port) {
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${port}/style.css`); return; } catch { await new Promise(r => setTimeout(r, 100)); }
  }
  throw new Error('server did not start');
}

// a raw HTTP request, for what fetch will not send (other methods, huge headers, long URLs)
function raw(port, opts) {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, ...opts }, (r) => {
      let body = ''; r.on('data', (d) => body += d); r.on('end', () => res({ status: r.statusCode, body, headers: r.headers }));
    });
    req.on('error', (e) => res({ status: 0, body: String(e) }));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const port = await freePort();
const server = spawn(bin, ['serve', '--port', String(port), '--threads', '2'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let serverErr = '';
server.stderr.on('data', (d) => serverErr += d);
const base = `http://127.0.0.1:${port}`;
let browser;
try {
  await waitUp(port);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage();

  // --- the hardware page: what a person sees
  await page.goto(`${base}/hardware/framework-desktop/`);
  check('hw title', (await page.textContent('h1')).includes('Framework Desktop'));
  check('hw class line', (await page.textContent('.classline')).includes('MOE MINI-PC · 128 GB UNIFIED'));
  const decision = await page.textContent('.decision');
  check('hw five lines', ['The call', 'Best for', 'Runs well', 'Watch out', 'Evidence'].every(s => decision.includes(s)), decision);
  check('hw verdict', decision.includes('BUY') || decision.includes('Buy'));
  const summary = await page.textContent('.summary');
  const head = summary.match(/Qwen3 30B-A3B \(Q4_K_M\) at ~(\d+) tok\/s/);
  check('hw headline ~72 tok/s', head && Math.abs(+head[1] - 72) / 72 < 0.15, summary);
  check('hw peer ratio', /2\.9× the measured bandwidth of the Minisforum UM890 Pro/.test(summary), summary);
  const figures = await page.textContent('.figures');
  check('hw key figures', figures.includes('128') && figures.includes('GB/S MEASURED') && figures.includes('45–120') && figures.includes('$2,459') && figures.includes('LIST PRICE, 2026-01'), figures);
  const tier = await page.textContent('.tier-lines');
  check('hw trap line', tier.includes('demo, not a daily driver'), tier);
  check('hw chart', await page.locator('.tier svg circle').count() > 20);
  check('hw picks', await page.locator('.picks .card').count() === 6);
  const watch = await page.textContent('.watchouts');
  check('hw trap watchout', watch.includes('is a trap'), watch);
  check('hw backend watchout', /measured on this silicon, .* on vulkan and .* on rocm/.test(watch), watch);
  check('hw evidence marks', await page.locator('.tier .ev.anchored').count() >= 1 && await page.locator('.tier .ev.est').count() >= 1);
  check('hw configurations', (await page.textContent('.configs')).includes('64 GB'));
  check('hw pick caveats', await page.locator('.picks .caveat[data-code="hybrid"]').count() >= 1);

  // --- "Load this setup into the planner": prefilled, and its plan is the API's plan
  await page.click('#load-planner');
  await page.waitForURL(/\/planner\/\?hw=framework-desktop/);
  check('planner prefilled', await page.inputValue('#hw') === 'framework-desktop');
  const firstModel = await page.getAttribute('#plan-runs tbody tr:first-child', 'data-model');
  const api = await (await fetch(`${base}/api/plan.json?hw=framework-desktop`)).json();
  check('planner page = API (first model)', firstModel === api.runs[0].model, `${firstModel} vs ${api.runs[0].model}`);
  const pageTps = await page.textContent(`#plan-runs tr[data-model="qwen3-30b-a3b"] td.decode .tps`);
  const apiRow = api.runs.find(r => r.model === 'qwen3-30b-a3b');
  const cli = JSON.parse(execFileSync(bin, ['plan', '--hw', 'framework-desktop', '--json'], { env }));
  const cliRow = cli.rows.find(r => r.model === 'qwen3-30b-a3b');
  check('planner page = API = CLI (decode)', pageTps.includes(`~${Math.round(apiRow.tps)} `) && apiRow.detail.decode.tps === cliRow.decode.tps,
        `${pageTps} / ${apiRow.tps} / ${cliRow.decode.tps}`);

  // --- the planner form: a custom setup, then follow the shareable URL
  await page.goto(`${base}/planner/`);
  await page.selectOption('#hw', 'custom');
  await page.fill('input[name=mem]', '24');
  await page.fill('input[name=bw]', '1008');
  await page.selectOption('select[name=backend]', 'cuda');
  await page.selectOption('select[name=use]', 'coding');
  await page.fill('input[name=min_tps]', '30');
  await Promise.all([page.waitForNavigation(), page.click('#planner-form button[type=submit]')]);
  check('planner url carries the form', /mem=24/.test(page.url()) && /use=coding/.test(page.url()), page.url());
  const rows = await page.locator('#plan-runs tbody tr').count();
  check('planner custom rows', rows >= 3, rows);
  const share = await page.getAttribute('#share-url', 'href');
  const before = await page.locator('#plan-runs tbody tr').allTextContents();
  await page.goto(base + share);
  const after = await page.locator('#plan-runs tbody tr').allTextContents();
  check('share URL reproduces the plan', JSON.stringify(before) === JSON.stringify(after) && before.length > 0);
  check('share URL refills the form', await page.inputValue('input[name=mem]') === '24');

  // --- offload and what-if through the form: a 12 GB card with 64 GB of RAM, then 16 GB of VRAM
  await page.goto(`${base}/planner/?hw=rtx-3060-12gb`);
  await page.selectOption('select[name=offload]', 'auto');
  await page.fill('input[name=ram]', '64');
  await page.selectOption('select[name=what]', 'mem');
  await page.fill('input[name=to]', '16');
  await Promise.all([page.waitForNavigation(), page.click('#planner-form button[type=submit]')]);
  check('what-if url carries the form', /offload=auto/.test(page.url()) && /what=mem/.test(page.url()) && /to=16/.test(page.url()), page.url());
  const offRow = await page.locator('#plan-runs tr[data-model="qwen3-next-80b-a3b"] .offload-split').textContent();
  check('offload row names the llama.cpp split', /--n-cpu-moe \d+/.test(offRow), offRow);
  const wi = await (await fetch(`${base}/api/plan.json?hw=rtx-3060-12gb&offload=auto&ram=64&what=mem&to=16`)).json();
  const moved = wi.what_if.rows.filter(r => r.moved).length;
  check('what-if page = API (rows that moved)', await page.locator('#what-if-rows tbody tr').count() === moved && moved > 0, moved);
  check('what-if heading', (await page.textContent('#what-if h2')).includes('from 12 to 16'));

  // --- bad form input: a clear error, no crash
  await page.goto(`${base}/planner/?hw=custom&mem=-3&bw=100`);
  check('planner bad input shown', (await page.textContent('.error')).includes('must be between 0.25 and 65536'));

  // --- the index: every hardware, filters, sorting
  await page.goto(`${base}/`);
  const n = await page.locator('#hw-index tbody tr').count();
  const nhw = JSON.parse(execFileSync(bin, ['hw', '--json'], { env })).length;
  check('index lists every hardware', n === nhw && n > 50, `${n} of ${nhw}`);
  await page.selectOption('select[name=kind]', 'apple');
  const visible = await page.locator('#hw-index tbody tr:not(.hidden)').count();
  check('index filter (script)', visible > 5 && visible < n, visible);
  await Promise.all([page.waitForNavigation(), page.click('form.filters button')]);
  check('index filter (server)', await page.locator('#hw-index tbody tr').count() === visible);
  await page.click('#hw-index th[data-key=bandwidth]');
  const bws = await page.locator('#hw-index tbody tr td:nth-child(4)').evaluateAll(tds => tds.map(t => +t.dataset.v));
  check('index sorts by bandwidth', bws.every((v, i) => i === 0 || bws[i - 1] >= v), bws.join(','));
  await page.click('#hw-index tbody tr:first-child a');
  check('index row links to its page', /\/hardware\/apple-m3-ultra\/$/.test(page.url()), page.url());

  // --- model page and compare
  await page.goto(`${base}/models/qwen3-30b-a3b/`);
  check('model page chart', await page.locator('svg rect').count() > 5);
  await page.goto(`${base}/compare/`);
  await page.selectOption('select[name=hw] >> nth=0', 'rtx-4090');
  await page.selectOption('select[name=hw] >> nth=1', 'framework-desktop');
  await Promise.all([page.waitForNavigation(), page.click('#compare-form button')]);
  check('compare redirect', page.url().endsWith('/compare/rtx-4090-vs-framework-desktop/'), page.url());
  check('compare table', (await page.locator('table.compare th a').count()) >= 2);

  // --- the reverse planner: a workload, then its shareable URL; the page matches the API
  await page.goto(`${base}/planner/reverse/`);
  await page.fill('input[name=models]', 'qwen3-30b-a3b');
  await page.fill('input[name=min_tps]', '30');
  await page.fill('input[name=budget]', '2500');
  await Promise.all([page.waitForNavigation(), page.click('#reverse-form button')]);
  const meets = await page.locator('#reverse-meets tbody tr').evaluateAll(trs => trs.map(t => t.dataset.hw));
  const rapi = await (await fetch(`${base}/api/reverse.json?models=qwen3-30b-a3b&min_tps=30&budget=2500`)).json();
  check('reverse page = API', JSON.stringify(meets) === JSON.stringify(rapi.meets.map(r => r.hw)) && meets.length > 0, meets.join(','));
  const rshare = await page.getAttribute('#share-url', 'href');
  await page.goto(base + rshare);
  const again = await page.locator('#reverse-meets tbody tr').evaluateAll(trs => trs.map(t => t.dataset.hw));
  check('reverse share URL reproduces it', JSON.stringify(again) === JSON.stringify(meets));
  check('reverse misses say why', (await page.textContent('#reverse-misses')).includes('over the $2500 budget'));

  // --- the context sweep page from a planner row
  await page.goto(`${base}/planner/?hw=rtx-4090`);
  await Promise.all([page.waitForNavigation(), page.click('#plan-runs a:text("sweep") >> nth=0')]);
  check('sweep page', await page.locator('#sweep tbody tr').count() >= 3 && await page.locator('svg polyline').count() === 1);

  // --- HTTP: one error shape, status codes, limits
  let r = await fetch(`${base}/api/hardware/nope.json`);
  let j = await r.json();
  check('404 JSON error', r.status === 404 && j.error.code === 'unknown_hw' && typeof j.error.message === 'string');
  r = await fetch(`${base}/api/plan.json?hw=rtx-4090&ctx=abc`);
  j = await r.json();
  check('400 JSON error', r.status === 400 && j.error.code === 'bad_number', JSON.stringify(j));
  r = await fetch(`${base}/api/plan.json?mem=24&bw=1000&backend=cuda&quant=Q9_Z`);
  check('400 unknown quant', r.status === 400 && (await r.json()).error.code === 'unknown_quant');
  r = await raw(port, { method: 'POST', path: '/api/plan.json', body: 'x'.repeat(1000), headers: { 'Content-Length': 1000 } });
  check('405 for POST', r.status === 405 && JSON.parse(r.body).error.code === 'method_not_allowed', r.status);
  r = await raw(port, { method: 'GET', path: '/' + 'a'.repeat(2000) });
  check('414 for a long path', r.status === 414, r.status);
  r = await raw(port, { method: 'GET', path: '/', headers: { 'X-Big': 'y'.repeat(40000) } });
  check('oversized request refused', r.status === 431 || r.status === 413, r.status);
  r = await fetch(`${base}/?x=1`, { headers: { Accept: 'text/html' } });
  check('400 page for browsers', r.status === 400 && (await r.text()).includes('unknown parameter'));
  r = await fetch(`${base}/api/plan.json?${Array.from({ length: 40 }, (_, i) => `k${i}=1`).join('&')}`);
  check('too many parameters', r.status === 400, r.status);
  r = await fetch(`${base}/hardware/framework-desktop/`);
  check('still serving after bad requests', r.status === 200);

  // --- every page type at a phone's width and a desktop's: nothing scrolls sideways, chart text
  // stays legible (at least 11 px as drawn), and the decision comes first
  const pageTypes = ['/', '/hardware/framework-desktop/', '/hardware/rtx-4090/', '/models/qwen3-30b-a3b/', '/models/',
    '/compare/', '/compare/framework-desktop-vs-rtx-4090/', '/planner/', '/planner/?hw=framework-desktop&use=coding&ctx=32768&what=bw&to=500',
    '/planner/reverse/', '/planner/reverse/?models=qwen3-30b-a3b&min_tps=20', '/fit/?hw=rtx-4090&model=llama-3.1-8b', '/no/such/page/'];
  const layout = async (pg, url) => pg.evaluate(() => {
    const W = document.documentElement.clientWidth;
    let minFont = Infinity;
    for (const t of document.querySelectorAll('svg text')) {
      const svg = t.ownerSVGElement, vb = svg.viewBox.baseVal;
      if (!vb || !vb.width || !t.getBoundingClientRect().height) continue;
      minFont = Math.min(minFont, parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / vb.width);
    }
    return { scroll: document.documentElement.scrollWidth, W, minFont };
  });
  for (const width of [390, 1280]) {
    const pg = await browser.newPage({ viewport: { width, height: 900 } });
    for (const u of pageTypes) {
      await pg.goto(base + u);
      const l = await layout(pg, u);
      check(`${width} px: ${u} fits the width`, l.scroll <= l.W, `${l.scroll} > ${l.W}`);
      if (l.minFont !== Infinity) check(`${width} px: ${u} chart text >= 11 px`, l.minFont >= 11, l.minFont.toFixed(1));
    }
    await pg.close();
  }
  await page.goto(`${base}/hardware/framework-desktop/`);
  check('the verified date is at the top', /verified \d{4}-\d{2}-\d{2}/.test(await page.textContent('.crumbs')));
  check('the full model table starts collapsed', !(await page.getAttribute('#all-models', 'open') !== null));
  check('the headline says its depth', /with 4,096 tokens in context/.test(await page.textContent('#headline-depth')));
  check('a favicon', (await fetch(`${base}/favicon.svg`)).status === 200 && /rel="icon"/.test(await page.content()));
  // sortable headers answer the keyboard and say how they sort
  await page.goto(`${base}/`);
  const th = page.locator('#hw-index thead th').nth(1);
  await th.focus();
  await page.keyboard.press('Enter');
  check('a header sorts from the keyboard', ['ascending', 'descending'].includes(await th.getAttribute('aria-sort')));
  // the planner: a new hardware offers only its backends, starting at its default; no 400
  await page.goto(`${base}/hardware/framework-desktop/`);
  await page.click('#load-planner');
  await page.selectOption('#hw', 'apple-m3-ultra');
  const offered = await page.$$eval('#backend option', (os) => os.map((o) => o.value));
  check('the backends follow the hardware', !offered.includes('vulkan') && offered.includes('metal') && await page.inputValue('#backend') === '', offered.join(','));
  const [planResp] = await Promise.all([page.waitForNavigation(), page.click('#planner-form button[type=submit]')]);
  check('switching hardware never ends in a 400', planResp && planResp.status() === 200, planResp && planResp.status());

  // --- the static export under a subpath of a plain file server, and over file://: the same
  // engine in WebAssembly answers the planner, reverse planner, what-if, sweep and compare
  const out = join(tmp, 'site');
  execFileSync(bin, ['export', out], { env });
  check('export wrote pages and the engine', existsSync(join(out, 'hardware/framework-desktop/index.html')) && existsSync(join(out, 'engine.js')));
  const types = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const files = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!p.startsWith('/sub/')) { res.writeHead(404); res.end(); return; }
    p = normalize(p.slice(4));
    if (p.endsWith('/')) p += 'index.html';
    const f = join(out, p);
    if (!f.startsWith(out) || !existsSync(f)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[extname(f)] || 'application/octet-stream' });
    res.end(readFileSync(f));
  });
  const sport = await freePort();
  await new Promise(res => files.listen(sport, '127.0.0.1', res));
  const missing = [];
  page.on('response', (resp) => { if (resp.status() >= 400 && resp.url().includes(`:${sport}/`)) missing.push(resp.url()); });
  const sbase = `http://127.0.0.1:${sport}/sub`;
  // the rows and figures of a page, as the tests compare them
  const rowsOf = async (pg, sel) => pg.$$eval(sel, (rs) => rs.map((r) => [r.dataset.model, r.dataset.quant, r.dataset.tps].join(' ')));
  const planUrls = ['hw=rtx-4090', 'hw=framework-desktop&ctx=131072', 'hw=apple-m3-ultra&quant=Q8_0&kv=q8_0', 'hw=rtx-3090&use=coding&min_tps=30',
    'hw=framework-desktop&backend=rocm', 'hw=rtx-4060-ti-16gb&offload=auto&ram=64', 'hw=framework-desktop&what=bw&to=500',
    'hw=rtx-4090&gpus=2', 'mem=24&bw=1000&backend=cuda&tflops=80', 'hw=framework-desktop&use=agents&prompt=16384'];
  for (const q of planUrls) {
    await page.goto(`${base}/planner/?${q}`);
    const want = await rowsOf(page, '#plan-runs tbody tr, #plan-misses tbody tr, #what-if-rows tbody tr');
    await page.goto(`${sbase}/planner/index.html?${q}`);
    await page.waitForSelector('#plan-result table, #plan-result .error', { timeout: 20000 });
    const got = await rowsOf(page, '#plan-runs tbody tr, #plan-misses tbody tr, #what-if-rows tbody tr');
    check(`static planner = server: ${q}`, want.length > 0 && JSON.stringify(got) === JSON.stringify(want), `${got.length} rows vs ${want.length}; first ${got[0]} vs ${want[0]}`);
  }
  const ms = Number(await page.getAttribute('#plan-result', 'data-engine-ms'));
  console.log(`static planner: a forward plan took ${ms.toFixed(1)} ms in chromium (printed, not asserted)`);
  for (const q of ['models=qwen3-30b-a3b&min_tps=20', 'models=llama-3.1-70b,qwen3-30b-a3b&ctx=32768&min_tps=10&budget=5000']) {
    await page.goto(`${base}/planner/reverse/?${q}`);
    const want = await page.$$eval('#reverse-meets tbody tr, #reverse-misses tbody tr', (rs) => rs.map((r) => r.dataset.hw + ' ' + r.textContent));
    await page.goto(`${sbase}/planner/reverse/index.html?${q}`);
    await page.waitForSelector('#reverse-result h2, #reverse-result .error', { timeout: 20000 });
    const got = await page.$$eval('#reverse-meets tbody tr, #reverse-misses tbody tr', (rs) => rs.map((r) => r.dataset.hw + ' ' + r.textContent));
    check(`static reverse planner = server: ${q}`, want.length > 0 && JSON.stringify(got) === JSON.stringify(want), `${got.length} vs ${want.length}: ${got[0]} | ${want[0]}`);
  }
  const fitQ = 'hw=rtx-4090&model=llama-3.1-8b&quant=Q8_0';
  await page.goto(`${base}/fit/?${fitQ}`);
  const fitWant = [await page.getAttribute('span[data-tps]', 'data-tps'), await page.$$eval('#sweep tbody tr', (rs) => rs.map((r) => r.textContent))];
  await page.goto(`${sbase}/fit/index.html?${fitQ}`);
  await page.waitForSelector('#sweep', { timeout: 20000 });
  const fitGot = [await page.getAttribute('span[data-tps]', 'data-tps'), await page.$$eval('#sweep tbody tr', (rs) => rs.map((r) => r.textContent))];
  check('static sweep = server', JSON.stringify(fitGot) === JSON.stringify(fitWant), JSON.stringify(fitGot).slice(0, 200));
  await page.goto(`${base}/compare/framework-desktop-vs-rtx-4090-vs-apple-m4-max-40c/`);
  const cmpWant = await page.$$eval('table.compare td[data-model]', (cs) => cs.map((c) => [c.dataset.model, c.dataset.quant, c.dataset.tps].join(' ')));
  await page.goto(`${sbase}/compare/index.html`);
  await page.selectOption('#compare-form select >> nth=0', 'framework-desktop');
  await page.selectOption('#compare-form select >> nth=1', 'rtx-4090');
  await page.selectOption('#compare-form select >> nth=2', 'apple-m4-max-40c');
  await Promise.all([page.waitForNavigation(), page.click('#compare-form button')]);
  await page.waitForSelector('#compare-result table', { timeout: 20000 });
  const cmpGot = await page.$$eval('table.compare td[data-model]', (cs) => cs.map((c) => [c.dataset.model, c.dataset.quant, c.dataset.tps].join(' ')));
  check('static compare form = server', cmpWant.length > 0 && JSON.stringify(cmpGot) === JSON.stringify(cmpWant), `${cmpGot.length} vs ${cmpWant.length}`);
  // links are relative: a page under the subpath leads to pages under it
  await page.goto(`${sbase}/hardware/framework-desktop/index.html`);
  await page.click('#load-planner');
  await page.waitForSelector('#plan-runs tbody tr', { timeout: 20000 });
  check('static links stay under the subpath', page.url().startsWith(`${sbase}/planner/`), page.url());
  check('static site fetches nothing missing', missing.length === 0, missing.join(' '));
  // over file://: the same pages and planner, with no server at all
  const fpage = await browser.newPage();
  await fpage.goto(`file://${out}/planner/index.html?hw=rtx-4090`);
  await fpage.waitForSelector('#plan-runs tbody tr', { timeout: 20000 });
  await page.goto(`${base}/planner/?hw=rtx-4090`);
  check('file:// planner = server', JSON.stringify(await rowsOf(fpage, '#plan-runs tbody tr')) === JSON.stringify(await rowsOf(page, '#plan-runs tbody tr')));
  await fpage.goto(`file://${out}/hardware/rtx-4090/index.html`);
  check('file:// pages are styled', await fpage.evaluate(() => getComputedStyle(document.body).margin === '0px'));
  await fpage.close();
  files.close();
} catch (e) {
  check('browser run', false, e.stack);
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise(r => server.once('exit', r));
  check('server exits cleanly on SIGTERM', server.exitCode === 0, `${server.exitCode} ${serverErr}`);
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`browser: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
