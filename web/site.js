// site.js: small enhancements on top of pages that work without it: sortable tables (mouse and
// keyboard), live filters on the hardware index, the planner's backends following its hardware,
// and, on the static copy of the site, the planner, reverse planner, what-if, sweep and compare
// answered in the page by the AI Bench engine compiled to WebAssembly (engine.js, written by
// aibench export), rendered as the server renders them.
(function () {
  'use strict';
  function cellValue(td, num) {
    var v = td.getAttribute('data-v');
    if (num) { var x = parseFloat(v !== null ? v : td.textContent.replace(/[^0-9.\-]/g, '')); return isNaN(x) ? -Infinity : x; }
    return td.textContent.trim().toLowerCase();
  }
  function makeSortable(scope) {
  scope.querySelectorAll('table.sortable').forEach(function (table) {
    var ths = table.querySelectorAll('thead th');
    ths.forEach(function (th, col) {
      // a header sorts by mouse and by keyboard (Tab to it, Enter or Space), and says how
      th.tabIndex = 0;
      th.setAttribute('role', 'columnheader');
      th.title = 'sort by this column';
      th.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); th.click(); }
      });
      th.addEventListener('click', function (ev) {
        ev.preventDefault();
        var num = th.getAttribute('data-type') === 'num';
        var desc = th.getAttribute('data-dir') !== 'desc';
        th.setAttribute('data-dir', desc ? 'desc' : 'asc');
        ths.forEach(function (o) { if (o !== th) { o.removeAttribute('aria-sort'); o.removeAttribute('data-dir'); } });
        // numbers sort high to low first, text A to Z first
        th.setAttribute('aria-sort', (num ? desc : !desc) ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a.cells[col], num), y = cellValue(b.cells[col], num);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return num ? (desc ? -c : c) : (desc ? c : -c);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  }
  makeSortable(document);
  // the static copy's pages are the empty forms: they take their inputs from the URL
  if (document.getElementById('static-note')) {
    var sq = new URLSearchParams(location.search);
    ['planner-form', 'reverse-form', 'compare-form'].forEach(function (id) {
      var f = document.getElementById(id);
      if (!f) return;
      sq.forEach(function (v, k) {
        var el = f.elements[k];
        if (el && !(typeof RadioNodeList !== 'undefined' && el instanceof RadioNodeList)) el.value = v;
      });
      if (id === 'compare-form') // hw is a list of three selects
        sq.getAll('hw').forEach(function (v, i) { if (f.elements.hw && f.elements.hw[i]) f.elements.hw[i].value = v; });
    });
  }
  // planner: the backend list follows the hardware; a new hardware starts at its own default
  var hwSel = document.getElementById('hw'), beSel = document.getElementById('backend');
  if (hwSel && beSel) {
    var all = Array.prototype.map.call(beSel.options, function (o) { return o.value; }).filter(Boolean);
    ['cuda', 'rocm', 'vulkan', 'metal', 'sycl', 'cpu'].forEach(function (b) { if (all.indexOf(b) < 0) all.push(b); });
    var offer = function (keep) {
      var opt = hwSel.options[hwSel.selectedIndex];
      var list = opt && opt.getAttribute('data-backends') ? opt.getAttribute('data-backends').split(',') : all;
      var cur = keep ? beSel.value : '';
      beSel.innerHTML = '';
      beSel.add(new Option("hardware's first", ''));
      list.forEach(function (b) { b = b.trim(); if (b) beSel.add(new Option(b, b)); });
      beSel.value = list.indexOf(cur) >= 0 ? cur : '';
    };
    offer(true);
    hwSel.addEventListener('change', function () { offer(false); });
  }
  // hardware index: filter rows as the form changes (the server applies the same filters)
  var index = document.getElementById('hw-index');
  var form = document.querySelector('form.filters');
  if (index && form) {
    var apply = function () {
      var kind = form.elements.kind.value;
      var lim = function (n) { var v = parseFloat(form.elements[n].value); return isNaN(v) ? null : v; };
      var minMem = lim('min_mem'), minBw = lim('min_bw'), maxPrice = lim('max_price'), maxPower = lim('max_power');
      Array.prototype.forEach.call(index.tBodies[0].rows, function (r) {
        var d = function (k) { return parseFloat(r.getAttribute('data-' + k)); };
        var ok = (!kind || r.getAttribute('data-kind') === kind) &&
          (minMem === null || d('memory') >= minMem) && (minBw === null || d('bandwidth') >= minBw) &&
          (maxPrice === null || (d('price') >= 0 && d('price') <= maxPrice)) &&
          (maxPower === null || (d('power') >= 0 && d('power') <= maxPower));
        r.classList.toggle('hidden', !ok);
      });
    };
    var params = new URLSearchParams(location.search);
    ['kind', 'min_mem', 'min_bw', 'max_price', 'max_power'].forEach(function (k) {
      if (params.get(k) !== null && form.elements[k]) form.elements[k].value = params.get(k);
    });
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    apply();
  }
  // ---- the static copy of the site: the engine, compiled to WebAssembly, answers in the page ----
  var note = document.getElementById('static-note');
  if (!note) return;
  var root = (function () { var sc = document.currentScript || document.querySelector('script[src$="site.js"]'); return new URL('.', sc.src).href; })();
  var esc = function (s) { return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var href = function (path) { return root + path.replace(/^\//, '').replace(/\/(\?|#|$)/, '/index.html$1'); };
  // printf's %.Nf: the nearest, and at an exact tie the even one (toFixed takes the larger)
  var cfix = function (v, d) {
    var m = Math.pow(10, d), t = v * m * 2;
    if (Number.isInteger(t) && Math.abs(t % 2) === 1) {
      var lo = (t - 1) / 2;
      return ((lo % 2 === 0 ? lo : lo + 1) / m).toFixed(d);
    }
    return v.toFixed(d);
  };
  // the server's number format (src/web/html.c, aib_fmt; thousands as llround does)
  var fmt = function (v) {
    if (v === null || v === undefined || isNaN(v)) return '-';
    if (Math.abs(v) >= 1000) return (v < 0 ? '-' : '') + String(Math.round(Math.abs(v))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    if (Math.abs(v) >= 10 || v === Math.floor(v)) return cfix(v, 0);
    return cfix(v, 1);
  };
  function loadEngine() {
    var ready = window.AIB_ENGINE ? Promise.resolve() : new Promise(function (ok, no) {
      var sc = document.createElement('script');
      sc.src = root + 'engine.js';
      sc.onload = ok;
      sc.onerror = function () { no(new Error('engine.js could not be loaded')); };
      document.head.appendChild(sc);
    });
    return ready.then(function () {
      var E = window.AIB_ENGINE, bin = atob(E.wasm), bytes = new Uint8Array(bin.length), inst = null;
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var view = function () { return new DataView(inst.exports.memory.buffer); };
      var wasi = {
        clock_time_get: function (id, prec, out) { view().setBigUint64(out, BigInt(Date.now()) * 1000000n, true); return 0; },
        fd_close: function () { return 0; },
        fd_seek: function () { return 70; },
        fd_write: function (fd, iovs, n, written) {
          var t = 0;
          for (var k = 0; k < n; k++) t += view().getUint32(iovs + 8 * k + 4, true);
          view().setUint32(written, t, true);
          return 0;
        }
      };
      return WebAssembly.instantiate(bytes, { wasi_snapshot_preview1: wasi }).then(function (r) {
        inst = r.instance;
        inst.exports._initialize();
        var enc = new TextEncoder(), dec = new TextDecoder();
        var put = function (str) {
          var b = enc.encode(str), ptr = inst.exports.aib_wasm_alloc(b.length + 1);
          var m = new Uint8Array(inst.exports.memory.buffer, ptr, b.length + 1);
          m.set(b);
          m[b.length] = 0;
          return [ptr, b.length];
        };
        var cstr = function (ptr) {
          var m = new Uint8Array(inst.exports.memory.buffer), e = ptr;
          while (m[e]) e++;
          return dec.decode(m.subarray(ptr, e));
        };
        var d = put(E.data), rc = inst.exports.aib_wasm_load(d[0], d[1]);
        inst.exports.aib_wasm_free(d[0]);
        if (rc !== 0) throw new Error(JSON.parse(cstr(inst.exports.aib_wasm_run(put('plan')[0], put('')[0]))).error.message);
        return {
          run: function (what, query) {
            var w = put(what), q = put(query), t0 = performance.now();
            var text = cstr(inst.exports.aib_wasm_run(w[0], q[0]));
            window.AIB_LAST_MS = performance.now() - t0; // read by bench/static.mjs
            inst.exports.aib_wasm_free(w[0]);
            inst.exports.aib_wasm_free(q[0]);
            return JSON.parse(text);
          }
        };
      });
    });
  }
  // what a row's speed shows (src/web/html.c: pg_speed, pg_evidence, pg_caveat_tags)
  function speed(r) {
    if (r.tps === null || r.tps === undefined) return '<span class="ev none">' + esc(r.evidence) + '</span>';
    var h = '<span class="tps">' + (r.evidence === 'measured' ? '' : '~') + fmt(r.tps) + ' tok/s</span> ';
    if (r.evidence === 'measured' || r.evidence === 'anchored') {
      var a = r.evidence === 'anchored';
      h += '<a class="ev ' + (a ? 'anchored' : 'measured') + '" href="' + esc(String(r.source || '').split(' ')[0]) + '" title="' +
        esc(r.software) + ', ' + esc(r.test_text) + (a ? "; carried to this depth by the engine's own depth ratio" : '') + '">' +
        (a ? 'from ' + fmt(r.measured_tps) + ' measured, ' + esc(r.test_text) : 'measured ' + esc(r.date)) + '</a>';
    } else {
      h += '<span class="ev est" title="estimated by the engine; the band is p10 to p90 of cross-validated residuals">est.' +
        (r.low !== null && r.low !== undefined && r.high !== null && r.high !== undefined ? ' ' + fmt(r.low) + '–' + fmt(r.high) : ' (no band: priors)') + '</span>';
    }
    (r.caveats || []).forEach(function (c) { h += ' <span class="caveat-tag" data-code="' + esc(c.code) + '" title="' + esc(c.message) + '">⚠ ' + esc(c.label || c.code) + '</span>'; });
    return h;
  }
  var badges = { interactive: 'runs well', slow: 'fits, too slow', fits: 'fits', offload: 'offload only', 'no-fit': 'does not fit' };
  var badge = function (c) { return '<span class="cls ' + esc(c) + '">' + esc(badges[c] || c) + '</span>'; };
  var rowData = function (r) { return ' data-model="' + esc(r.model) + '" data-quant="' + esc(r.quant) + '" data-tps="' + (typeof r.tps === 'number' ? r.tps : '') + '"'; };
  var modelLink = function (id, name) { return '<a href="' + href('/models/' + encodeURIComponent(id) + '/') + '">' + esc(name) + '</a>'; };
  var hwLink = function (id, name) { return '<a href="' + href('/hardware/' + encodeURIComponent(id) + '/') + '">' + esc(name) + '</a>'; };
  var share = function (what, url) { return url ? '<p>Share this ' + what + ': <a id="share-url" href="' + esc(href(url)) + '">' + esc(url) + '</a></p>' : ''; };
  function planTable(id, rows) {
    var h = '<table class="data sortable" id="' + id + '"><thead><tr><th data-type="num">#</th><th>Model</th><th>Quant</th>' +
      '<th data-type="num">Decode tok/s</th><th data-type="num">Prefill tok/s</th><th data-type="num">TTFT s</th>' +
      '<th data-type="num">Max context</th><th data-type="num">Memory GB</th><th>Verdict</th></tr></thead><tbody>';
    rows.forEach(function (r, i) {
      var det = r.detail || {}, pre = det.prefill || {}, inp = det.inputs || {};
      var sweep = r.hw && r.hw !== 'custom' ? ' <a class="small" href="' + esc(href('/fit/?hw=' + encodeURIComponent(r.hw) + '&model=' +
        encodeURIComponent(r.model) + '&quant=' + encodeURIComponent(r.quant) + '&backend=' + encodeURIComponent(det.backend || '') +
        (inp.ctx ? '&ctx=' + inp.ctx : '') + '&kv=' + encodeURIComponent(inp.kv_type || ''))) + '">sweep</a>' : '';
      h += '<tr' + rowData(r) + '><td>' + (i + 1) + '</td><td>' + modelLink(r.model, r.name) + sweep + '</td><td>' + esc(r.quant) +
        '</td><td class="decode">' + speed(r) + '</td><td>' + fmt(pre.tps) + '</td><td>' + fmt(det.ttft_s) + '</td><td>' +
        fmt(det.max_ctx) + '</td><td>' + fmt(r.memory_gib) + '</td><td>' + badge(r['class']) +
        (det.offload ? ' <span class="small offload-split">' + esc(det.offload.split === 'experts' ? 'experts in RAM: ' : 'layers in RAM: ') +
          esc(det.offload.llama_cpp) + '</span>' : '') + '</td></tr>';
    });
    return h + '</tbody></table>' + (rows.length ? '' : '<p>None.</p>');
  }
  function whatIf(w) {
    if (!w) return '';
    var what = { bw: 'the bandwidth (GB/s)', mem: 'the memory (GB)', quant: 'the best quant' }[w.what] || 'the KV cache type';
    var h = '<section id="what-if"><h2>What if ' + what + ' went from ' + esc(w.from) + ' to ' + esc(w.to) + '</h2><p>Models that meet the form: ' +
      w.runs_before + ' before, <strong>' + w.runs_after + ' after</strong>.';
    [['started', ' Now runs: '], ['stopped', ' No longer runs: ']].forEach(function (l) {
      var xs = w[l[0]] || [];
      if (xs.length) h += l[1] + xs.map(function (x) { return modelLink(x, x); }).join(', ');
    });
    h += ' Both sides are estimates: the changed setup has no measurements.</p><table class="data" id="what-if-rows"><thead><tr><th>Model</th>' +
      '<th>Quant</th><th>tok/s</th><th>Max context</th><th>Class</th><th>Quant after</th><th>tok/s after</th><th>Max context after</th>' +
      '<th>Class after</th><th>Change</th></tr></thead><tbody>';
    (w.rows || []).forEach(function (r) {
      if (!r.moved) return;
      h += '<tr data-model="' + esc(r.model) + '"><td>' + modelLink(r.model, r.name) + '</td><td>' + esc(r.before && r.before.quant) +
        '</td><td>' + fmt(r.before && r.before.tps) + '</td><td>' + fmt(r.before && r.before.max_ctx) + '</td><td>' + esc(r.before && r.before['class']) +
        '</td><td>' + esc(r.after && r.after.quant) + '</td><td>' + fmt(r.after && r.after.tps) + '</td><td>' + fmt(r.after && r.after.max_ctx) +
        '</td><td>' + esc(r.after && r.after['class']) + '</td><td>' + esc(r.change) + '</td></tr>';
    });
    return h + '</tbody></table></section>';
  }
  function renderPlan(p) {
    return share('plan', p.share_url) + '<h2>What runs</h2>' + planTable('plan-runs', p.runs || []) +
      '<details><summary>What does not make it, and why</summary>' + planTable('plan-misses', p.misses || []) + '</details>' + whatIf(p.what_if);
  }
  function renderReverse(res) {
    var h = share('search', res.share_url);
    [['meets', 'Meets the workload, cheapest first', 'reverse-meets', 'Headroom'], ['nearest_misses', 'Nearest misses', 'reverse-misses', 'Misses by']].forEach(function (part, miss) {
      var rows = res[part[0]] || [];
      h += '<h2>' + part[1] + '</h2>';
      if (!rows.length) { h += '<p>None in the catalog.</p>'; return; }
      h += '<table class="data" id="' + part[2] + '"><thead><tr><th>Hardware</th><th>Backend</th><th>System price $</th><th>Slowest decode</th><th>' +
        part[3] + '</th><th>Models</th></tr></thead><tbody>';
      rows.forEach(function (r) {
        h += '<tr data-hw="' + esc(r.hw) + '"><td>' + hwLink(r.hw, r.name) + ' <span class="small">' + fmt(r.memory_gib) + ' GB</span></td><td>' +
          esc(r.backend) + '</td><td>' + fmt(r.system_price_usd) + (r.host_price_usd !== null && r.host_price_usd !== undefined ?
          ' <span class="small">(card $' + fmt(r.price_usd) + ' + desktop $' + fmt(r.host_price_usd) + ')</span>' : '') + '</td><td>' +
          fmt(r.worst_tps) + ' tok/s</td><td>' + (miss ? esc(r.misses_by) : r.headroom.toFixed(2) + 'x the speed asked, ' +
          fmt(r.memory_headroom_gib) + ' GB of memory to spare') + '</td><td class="small">' +
          (r.models || []).map(function (m) { return '<span' + rowData(m) + '>' + esc(m.model) + ' ' + esc(m.quant) + ' ~' + fmt(m.tps) + '</span>'; }).join('<br>') + '</td></tr>';
      });
      h += '</tbody></table>';
    });
    return h;
  }
  function renderFit(v) {
    var mem = v.memory || {}, dec = v.decode, inp = v.inputs || {};
    var h = '<p class="crumbs">' + (v.hw ? hwLink(v.hw, v.hw_name) : esc(v.hw_name)) + ' · ' + modelLink(v.model, v.name) + '</p><h1>' +
      esc(v.name) + ' on ' + esc(v.hw_name) + '</h1><p>' + esc(v.quant) + ' on ' + esc(v.backend) + ', ' + fmt(inp.ctx) +
      ' tokens of context: needs ' + fmt(mem.total_gib) + ' GB (weights ' + fmt(mem.weights_gib) + ', KV cache ' + fmt(mem.kv_cache_gib) +
      ') of ' + fmt(mem.budget_gib) + ' GB usable: <strong>' + (v.fit === 'gpu' ? 'fits' : v.fit === 'offload' ? 'needs CPU offload' : 'does not fit') + '</strong>.';
    if (dec) {
      var m = dec.measured || {};
      var brief = { model: v.model, quant: v.quant, tps: dec.tps, evidence: dec.evidence, low: dec.low, high: dec.high, source: m.source,
        date: m.date, software: m.software, test_text: m.test_text, measured_tps: m.tps, caveats: v.caveats };
      h += ' Decode <span' + rowData(brief) + '>' + speed(brief) + '</span>' + (v.max_ctx > 0 ? '; largest context that fits on the GPU: ' +
        fmt(v.max_ctx) + ' tokens.' : '.');
    }
    h += '</p>';
    var sw = v.sweep || [];
    if (sw.length) {
      h += '<h2>Context sweep</h2><table class="data" id="sweep"><thead><tr><th>Context</th><th>Decode tok/s (est.)</th><th>Memory GB</th><th>Fit</th></tr></thead><tbody>';
      sw.forEach(function (p) { h += '<tr><td>' + fmt(p.ctx) + '</td><td>' + fmt(p.decode_tps) + '</td><td>' + fmt(p.memory_gib) + '</td><td>' + esc(p.fit) + '</td></tr>'; });
      h += '</tbody></table>';
    }
    return h;
  }
  function renderCompare(v) {
    var hws = v.hardware || [];
    var h = '<table class="data compare"><thead><tr><th></th>' + hws.map(function (x) { return '<th>' + hwLink(x.id, x.name) + '</th>'; }).join('') + '</tr></thead><tbody>';
    [['memory_gib', 'Memory GB'], ['bandwidth_gbs', 'Bandwidth GB/s'], ['price_usd', 'Price $'], ['power_max_w', 'Power W']].forEach(function (f) {
      h += '<tr class="fig"><th>' + f[1] + '</th>' + hws.map(function (x) { return '<td>' + fmt(x[f[0]]) + '</td>'; }).join('') + '</tr>';
    });
    (v.models || []).forEach(function (r) {
      h += '<tr><th>' + modelLink(r.model, r.name) + '</th>' + (r.cells || []).map(function (c) {
        if (!c) return '<td></td>';
        return '<td' + rowData(c) + '>' + (typeof c.tps === 'number' ? speed(c) + ' <span class="small">' + esc(c.quant) + '</span> ' : '') + badge(c['class']) + '</td>';
      }).join('') + '</tr>';
    });
    return h + '</tbody></table>';
  }
  var q = new URLSearchParams(location.search);
  var target, what, query = location.search.replace(/^\?/, ''), render;
  if ((target = document.getElementById('plan-result'))) { what = 'plan'; render = renderPlan; if (!q.toString()) return; }
  else if ((target = document.getElementById('reverse-result'))) { what = 'reverse'; render = renderReverse; if (!q.toString()) return; }
  else if ((target = document.getElementById('fit-result'))) { what = 'fit'; render = renderFit; }
  else if ((target = document.getElementById('compare-result'))) {
    what = 'compare'; render = renderCompare;
    var ids = q.getAll('hw').filter(Boolean);
    if (ids.length === 0) return;
    query = ids.join('-vs-');
  } else return;
  target.innerHTML = '<p class="small">Working it out…</p>';
  loadEngine().then(function (engine) {
    var ans = engine.run(what, query);
    if (ans.error) { target.innerHTML = '<p class="error" data-code="' + esc(ans.error.code) + '">' + esc(ans.error.message) + '</p>'; return; }
    target.innerHTML = render(ans);
    makeSortable(target);
    target.setAttribute('data-engine-ms', String(window.AIB_LAST_MS));
  }).catch(function (e) { target.innerHTML = '<p class="error">' + esc(e.message) + '</p>'; });
})();
