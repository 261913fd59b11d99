/**
 * The page's script (plain browser JavaScript, no build step): reads the view catalogue from
 * `/api/usage/views`, lays out one card per view and page, and fills each from its endpoint with
 * the filters as query parameters. Charts by uPlot, served from node_modules.
 */
export const APP_JS = String.raw`(function () {
  'use strict';
  var COLORS = ['#2f6fde', '#e07b39', '#1e8a4c', '#9b4dca', '#c2412d', '#0f9fb5', '#b5930f', '#6b7280', '#d4518f', '#4c5fd5'];
  var form = document.getElementById('filters');
  var statusEl = document.getElementById('status');
  var main = document.getElementById('main');
  var meta = null;
  var selectedSession = '';
  var plots = [];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function api(path, params) {
    var q = Object.keys(params || {}).filter(function (k) { return params[k]; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
    return fetch(path + (q ? '?' + q : ''), { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.message ? body.message : 'HTTP ' + r.status);
        // summary answers SPEC.md's shape ({ agents }); the other views { rows }.
        if (!body.rows && body.agents) body.rows = body.agents;
        return body;
      });
    });
  }

  function dayIso(d) { return d.toISOString().slice(0, 10); }

  /** The filters as API parameters: dates are whole UTC days, "to" inclusive. */
  function params() {
    var f = form.elements;
    var p = { agent: f.agent.value, user: f.user.value, model: f.model.value, team: f.team.value };
    if (f.from.value) p.from = f.from.value + 'T00:00:00Z';
    if (f.to.value) p.to = dayIso(new Date(Date.parse(f.to.value + 'T00:00:00Z') + 86400000)) + 'T00:00:00Z';
    return p;
  }

  function applyRange() {
    var f = form.elements;
    var days = f.range.value;
    if (days === '' ) { f.from.value = ''; f.to.value = ''; }
    else if (days !== 'custom') {
      var now = new Date();
      f.to.value = dayIso(now);
      f.from.value = dayIso(new Date(now.getTime() - (Number(days) - 1) * 86400000));
    }
  }

  function compact(v) {
    var a = Math.abs(v);
    return a >= 1e9 ? (v / 1e9).toFixed(1) + 'G' : a >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : a >= 1e4 ? (v / 1e3).toFixed(0) + 'k' : String(v);
  }

  function isMoney(name) { return /cost|usd|saved/.test(name) && !/source|estimated/.test(name); }

  function fmt(col, v) {
    if (v === null || v === undefined) return '–';
    var n = col.name;
    if (col.type === 'double') {
      if (/_change$/.test(n)) return (v > 0 ? '+' : '') + (v * 100).toFixed(1) + '%';
      if (/rate$|share$/.test(n)) return (v * 100).toFixed(1) + '%';
      if (isMoney(n)) return '$' + (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4));
      return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
    }
    if (col.type === 'integer') return Number(v).toLocaleString('en-US');
    if (col.type === 'timestamp') return String(v).replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
    return String(v);
  }

  function renderTable(view, body, container) {
    var cols = view.columns;
    var head = el('tr', {}, cols.map(function (c) { return el('th', { text: c.name }); }));
    var rows = body.rows.slice(0, 300).map(function (r) {
      var tr = el('tr', {}, cols.map(function (c) {
        var td = el('td', { text: fmt(c, r[c.name]) });
        if (c.type === 'integer' || c.type === 'double') td.className = 'num';
        if (/_change$/.test(c.name) && typeof r[c.name] === 'number' && r[c.name] !== 0) td.className += r[c.name] > 0 ? ' up' : ' down';
        if (c.name === 'cost_source' && r[c.name] === 'estimated') td.appendChild(el('span', { class: 'est', text: 'est.' }));
        return td;
      }));
      if (view.id === 'sessions') {
        tr.className = 'pick' + (r.session === selectedSession ? ' picked' : '');
        tr.addEventListener('click', function () { selectedSession = r.session; loadTimeline(); markSession(); });
        tr.setAttribute('data-session', r.session);
      }
      return tr;
    });
    container.appendChild(el('div', { class: 'tablewrap' }, [el('table', {}, [el('thead', {}, [head]), el('tbody', {}, rows)])]));
  }

  function markSession() {
    document.querySelectorAll('tr[data-session]').forEach(function (tr) {
      tr.classList.toggle('picked', tr.getAttribute('data-session') === selectedSession);
    });
  }

  /** A time chart: one line per series value (or per y column), summed per day. */
  function renderChart(view, body, container) {
    var enc = view.encoding;
    if (!enc || enc.x !== 'day' || !window.uPlot || body.rows.length === 0) return;
    var days = [], seen = {};
    body.rows.forEach(function (r) { if (!seen[r.day]) { seen[r.day] = 1; days.push(r.day); } });
    days.sort();
    var index = {};
    days.forEach(function (d, i) { index[d] = i; });
    var keys = [], data = {};
    body.rows.forEach(function (r) {
      (enc.series ? [r[enc.series]] : enc.y).forEach(function (key, j) {
        key = String(key);
        if (!data[key]) { data[key] = days.map(function () { return 0; }); keys.push(key); }
        data[key][index[r.day]] += Number(r[enc.series ? enc.y[0] : enc.y[j]]) || 0;
      });
    });
    var xs = days.map(function (d) { return Date.parse(d + 'T00:00:00Z') / 1000; });
    var box = el('div', { class: 'chart' });
    container.appendChild(box);
    var width = Math.max(300, container.clientWidth - 10);
    var money = isMoney(enc.y[0]);
    var opts = {
      width: width, height: 220,
      scales: { x: { time: true } },
      series: [{}].concat(keys.map(function (k, i) {
        return { label: k, stroke: COLORS[i % COLORS.length], width: 2, points: { show: days.length < 40 } };
      })),
      axes: [{}, { size: 60, values: function (u, vals) { return vals.map(function (v) { return (money ? '$' : '') + compact(v); }); } }],
    };
    plots.push(new window.uPlot(opts, [xs].concat(keys.map(function (k) { return data[k]; })), box));
  }

  function renderCounters(body) {
    var box = document.getElementById('counters');
    if (!box) return;
    box.textContent = '';
    var sum = function (f) { return body.rows.reduce(function (a, r) { return a + (Number(r[f]) || 0); }, 0); };
    var estimated = body.rows.some(function (r) { return r.cost_source === 'estimated'; });
    var items = [
      ['Spend', '$' + sum('cost_usd').toFixed(2), estimated],
      ['Sessions', sum('sessions').toLocaleString('en-US')],
      ['Active users', '…'],
      ['Tokens', (sum('input_tokens') + sum('output_tokens') + sum('cache_read_tokens') + sum('cache_creation_tokens')).toLocaleString('en-US')],
      ['Lines added', sum('lines_added').toLocaleString('en-US')],
      ['Commits', sum('commits').toLocaleString('en-US')],
      ['Pull requests', sum('pull_requests').toLocaleString('en-US')],
    ];
    items.forEach(function (it) {
      var value = el('div', { class: 'value', text: it[1] });
      if (it[2]) value.appendChild(el('span', { class: 'est', text: 'incl. est.' }));
      box.appendChild(el('div', { class: 'counter', 'data-counter': it[0] }, [el('div', { class: 'label', text: it[0] }), value]));
    });
    Object.keys(pendingCounters).forEach(function (k) { setCounter(k, pendingCounters[k]); delete pendingCounters[k]; });
  }

  /** A counter's value; the users view knows the people behind several agents, the summary does not. */
  function setCounter(label, n) {
    var value = document.querySelector('[data-counter="' + label + '"] .value');
    if (value) value.textContent = n.toLocaleString('en-US');
    else pendingCounters[label] = n;
  }
  var pendingCounters = {};

  function showView(view, promise) {
    var card = document.getElementById('view-' + view.id);
    var out = card.querySelector('.out');
    card.setAttribute('data-state', 'loading');
    return promise.then(function (body) {
      out.textContent = '';
      card.setAttribute('data-rows', String(body.rows.length));
      if (view.id === 'summary') renderCounters(body);
      if (view.id === 'users') setCounter('Active users', body.rows.filter(function (r) { return r.user !== '(unknown)'; }).length);
      if (body.rows.length === 0) out.appendChild(el('p', { class: 'empty', text: 'No data for these filters.' }));
      else { renderChart(view, body, out); renderTable(view, body, out); }
      card.setAttribute('data-state', 'done');
      return body;
    }, function (err) {
      out.textContent = '';
      out.appendChild(el('p', { class: 'error', text: err.message }));
      card.setAttribute('data-state', 'error');
      throw err;
    });
  }

  function loadTimeline() {
    var view = meta.views.filter(function (v) { return v.id === 'session_timeline'; })[0];
    var p = params();
    var card = document.getElementById('view-session_timeline');
    card.querySelector('h3').textContent = view.title + (selectedSession ? ': ' + selectedSession : '');
    return showView(view, api('/api/usage/session_timeline', { session: selectedSession, from: p.from, to: p.to }));
  }

  function fillChoices(body) {
    ['agent', 'user', 'model', 'team'].forEach(function (kind) {
      var select = form.elements[kind];
      var current = select.value;
      select.textContent = '';
      select.appendChild(el('option', { value: '', text: 'all' }));
      body.rows.filter(function (r) { return r.kind === kind; }).forEach(function (r) {
        select.appendChild(el('option', { value: r.value, text: r.value }));
      });
      select.value = current;
    });
  }

  function load() {
    plots.forEach(function (p) { p.destroy(); });
    plots = [];
    statusEl.className = '';
    statusEl.textContent = 'loading…';
    document.body.setAttribute('data-state', 'loading');
    var p = params();
    var started = Date.now();
    var jobs = meta.views.filter(function (v) { return v.id !== 'session_timeline'; }).map(function (v) {
      var job = showView(v, api('/api/usage/' + v.id, p));
      if (v.id === 'sessions') {
        job = job.then(function (body) {
          var ids = body.rows.map(function (r) { return r.session; });
          if (ids.indexOf(selectedSession) < 0) selectedSession = ids.length ? ids[0] : '';
          markSession();
          return loadTimeline();
        });
      }
      return job;
    });
    jobs.push(api('/api/usage/filter_values', { from: p.from, to: p.to }).then(fillChoices));
    return Promise.allSettled(jobs).then(function (results) {
      var failed = results.filter(function (r) { return r.status === 'rejected'; });
      statusEl.textContent = failed.length ? failed.length + ' view(s) failed: ' + failed[0].reason.message : 'updated in ' + (Date.now() - started) + ' ms';
      statusEl.className = failed.length ? 'error' : '';
      document.body.setAttribute('data-state', failed.length ? 'error' : 'done');
    });
  }

  function build() {
    var nav = document.getElementById('nav');
    meta.pages.forEach(function (page) {
      nav.appendChild(el('a', { href: '#page-' + page.id, text: page.title }));
      var grid = el('div', { class: 'grid' });
      var section = el('section', { class: 'page', id: 'page-' + page.id }, [el('h2', { text: page.title })]);
      if (page.id === 'overview') section.appendChild(el('div', { class: 'counters', id: 'counters' }));
      section.appendChild(grid);
      meta.views.filter(function (v) { return v.page === page.id; }).forEach(function (v) {
        grid.appendChild(el('div', { class: 'card', id: 'view-' + v.id, 'data-view': v.id }, [
          el('h3', { text: v.title }), el('p', { class: 'desc', text: v.description }), el('div', { class: 'out' }),
        ]));
      });
      main.appendChild(section);
    });
  }

  form.elements.range.addEventListener('change', function () { applyRange(); load(); });
  ['from', 'to'].forEach(function (n) { form.elements[n].addEventListener('change', function () { form.elements.range.value = 'custom'; }); });
  form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
  api('/api/usage/views').then(function (body) { meta = body; build(); return load(); }).catch(function (err) {
    statusEl.className = 'error';
    statusEl.textContent = err.message;
    document.body.setAttribute('data-state', 'error');
  });
})();
`;
