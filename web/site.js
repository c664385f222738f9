// site.js: small enhancements on top of pages that work without it: sortable tables, live
// filters on the hardware index, and, on the static copy of the site, the planner filled
// from the exported /api/plan/ID.json files.
(function () {
  'use strict';
  function cellValue(td, num) {
    var v = td.getAttribute('data-v');
    if (num) { var x = parseFloat(v !== null ? v : td.textContent.replace(/[^0-9.\-]/g, '')); return isNaN(x) ? -Infinity : x; }
    return td.textContent.trim().toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('thead th').forEach(function (th, col) {
      th.addEventListener('click', function (ev) {
        ev.preventDefault();
        var num = th.getAttribute('data-type') === 'num';
        var desc = th.getAttribute('data-dir') !== 'desc';
        th.setAttribute('data-dir', desc ? 'desc' : 'asc');
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
  // static planner: the page has the form only; fill the result from the exported plan
  var note = document.getElementById('static-note');
  var pform = document.getElementById('planner-form');
  if (note && pform) {
    var q = new URLSearchParams(location.search);
    q.forEach(function (v, k) { if (pform.elements[k]) pform.elements[k].value = v; });
    var hw = q.get('hw');
    var out = document.getElementById('plan-result');
    if (!hw || hw === 'custom') return;
    fetch('/api/plan/' + encodeURIComponent(hw) + '.json').then(function (r) {
      if (!r.ok) throw new Error('no exported plan for ' + hw);
      return r.json();
    }).then(function (plan) {
      var use = q.get('use') || 'all', min = parseFloat(q.get('min_tps') || '10');
      var rows = plan.runs.concat(plan.misses);
      var esc = function (s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
      var html = '<p>Share this plan: <a id="share-url" href="' + esc(location.pathname + location.search) + '">' +
        esc(location.pathname + location.search) + '</a></p><h2>What runs</h2><table class="data" id="plan-runs"><thead><tr>' +
        '<th>#</th><th>Model</th><th>Quant</th><th>Decode tok/s</th><th>Evidence</th><th>Memory GB</th></tr></thead><tbody>';
      var k = 0;
      rows.forEach(function (r) {
        var uses = (r.use_cases || '');
        if (use !== 'all' && uses.indexOf(use) < 0) return;
        if (!(r['class'] === 'fits' || ((r['class'] === 'interactive' || r['class'] === 'slow') && r.tps >= min))) return;
        k++;
        html += '<tr data-model="' + esc(r.model) + '"><td>' + k + '</td><td><a href="/models/' + esc(r.model) + '/">' +
          esc(r.name) + '</a></td><td>' + esc(r.quant) + '</td><td class="decode">' + (r.tps === null ? '-' : '~' + esc(r.tps)) +
          '</td><td>' + esc(r.evidence) + '</td><td>' + esc(r.memory_gib) + '</td></tr>';
      });
      out.innerHTML = html + '</tbody></table>';
    }).catch(function (e) { out.innerHTML = '<p class="error">' + String(e.message).replace(/</g, '&lt;') + '</p>'; });
  }
})();
