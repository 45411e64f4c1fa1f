// jobpipe console: a small single-page app over the console's JSON API (/api/...). No framework,
// no external asset: the process serves everything. DOM is built with h(), never from HTML strings.
'use strict';

const POLL_MS = 2000;
let session = null;          // {user, role, csrfToken, insecureNoAuth}
let pollTimer = null;

// ---------- helpers ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const $ = (id) => document.getElementById(id);
// replaceChildren without the nulls of optional parts (the DOM would show them as "null")
const put = (el, ...kids) => el.replaceChildren(...kids.flat().filter(k => k !== null && k !== undefined && k !== false));
const main = () => $('main');
const fmt = (n) => n === null || n === undefined ? '–' : (typeof n === 'number' ? n.toLocaleString('en-US') : n);
const time = (t) => t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
const canAct = () => session && session.role === 'operator';

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (session && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  }
  const res = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 401 && path !== '/api/login') {
    session = null;
    showLogin();
    throw new ApiError(401, 'login required');
  }
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || ('HTTP ' + res.status));
  return data;
}

function confirmDialog(title, body) {
  return new Promise((resolve) => {
    const d = $('confirm');
    $('confirm-title').textContent = title;
    const b = $('confirm-body');
    put(b, ...(Array.isArray(body) ? body : [body]).map(x => x instanceof Node ? x : h('p', {}, x)));
    d.onclose = () => resolve(d.returnValue === 'ok');
    d.returnValue = 'cancel';
    d.showModal();
  });
}

function message(kind, text, id) {
  return h('div', { class: kind, id: id || null }, text);
}

function sparkline(values) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 100 30');
  svg.setAttribute('preserveAspectRatio', 'none');
  if (!values || values.length < 2) return svg;
  const max = Math.max(...values, 1e-9);
  const pts = values.map((v, i) => `${(i / (values.length - 1) * 100).toFixed(2)},${(29 - v / max * 28).toFixed(2)}`);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', pts.join(' '));
  svg.append(line);
  return svg;
}

function poll(fn) {
  stopPolling();
  const run = async () => {
    try { await fn(); } catch (e) { if (!(e instanceof ApiError && e.status === 401)) console.warn(e); }
  };
  pollTimer = setInterval(run, POLL_MS);
}
function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

// ---------- session ----------
function showLogin(problem) {
  stopPolling();
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const err = h('div', { id: 'login-error' });
  const form = h('form', { class: 'login', id: 'login-form', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      session = await api('POST', '/api/login', { user: user.value, password: pass.value });
      pass.value = '';
      loggedIn();
    } catch (e) {
      put(err, message('error', e.message));
    }
  } }, h('h1', {}, 'Log in'), problem ? message('problem', problem) : null,
    h('label', { for: 'login-user' }, 'User'), user,
    h('label', { for: 'login-password' }, 'Password'), pass,
    h('button', { type: 'submit', id: 'login-submit' }, 'Log in'), err);
  put(main(), form);
  user.focus();
}

function loggedIn() {
  $('nav').hidden = false;
  $('logout').hidden = !!session.insecureNoAuth;
  $('insecure').hidden = !session.insecureNoAuth;
  $('who').textContent = `${session.user} · ${session.role}`;
  route();
}

$('logout').addEventListener('click', async () => {
  try { await api('POST', '/api/logout', {}); } catch (e) { /* logged out anyway */ }
  session = null;
  location.hash = '#/';
  showLogin();
});

// ---------- router ----------
const routes = [
  [/^#?\/?$/, overviewPage],
  [/^#\/type\/([^/]+)$/, typePage],
  [/^#\/dlq$/, dlqIndexPage],
  [/^#\/dlq\/([^/?]+)(?:\?(.*))?$/, dlqPage],
  [/^#\/letter\/([^/]+)\/(\d+)\/(\d+)$/, letterPage],
  [/^#\/jobs(?:\?(.*))?$/, jobsPage],
  [/^#\/job\/(.+)$/, jobPage],
  [/^#\/schedules$/, schedulesPage],
];

async function route() {
  stopPolling();
  if (!session) { showLogin(); return; }
  const hash = location.hash || '#/';
  for (const a of document.querySelectorAll('header nav a')) {
    a.classList.toggle('active', hash.startsWith(a.getAttribute('href')) && (a.getAttribute('href') !== '#/' || hash === '#/'));
  }
  for (const [re, page] of routes) {
    const m = hash.match(re);
    if (m) {
      try {
        await page(...m.slice(1).map(x => x === undefined ? undefined : decodeURIComponent(x)));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) put(main(), message('error', e.message, 'page-error'));
      }
      return;
    }
  }
  put(main(), message('error', 'No such page: ' + hash));
}
window.addEventListener('hashchange', route);

// ---------- overview ----------
function stateBadge(t) {
  if (t.paused === true) return h('span', { class: 'badge paused', 'data-state': 'paused' }, 'paused');
  if (t.paused === false) return h('span', { class: 'badge good', 'data-state': 'running' }, 'running');
  return h('span', { class: 'badge', 'data-state': 'unknown' }, '–');
}

async function overviewPage() {
  const body = h('tbody', { id: 'overview-rows' });
  const status = h('div', { id: 'overview-status' });
  put(main(), h('h1', {}, 'Job types'), status,
    h('table', { id: 'overview' }, h('thead', {}, h('tr', {},
      h('th', {}, 'type'), h('th', {}, 'state'), h('th', { class: 'num' }, 'rate limit'), h('th', { class: 'num' }, 'members'),
      h('th', { class: 'num' }, 'lag'), h('th', { class: 'num' }, 'published/s'), h('th', { class: 'num' }, 'succeeded/s'),
      h('th', { class: 'num' }, 'failed/s'), h('th', { class: 'num' }, 'in flight'), h('th', { class: 'num' }, 'duration p50 / p99'),
      h('th', { class: 'num' }, 'retrying'), h('th', { class: 'num' }, 'dead letters'))), body));
  const render = async () => {
    const o = await api('GET', '/api/overview');
    put(status, 
      o.problem ? message('problem', o.problem) : null,
      o.control ? message('problem', 'Pause/rate state unknown: ' + o.control) : null,
      o.workerMetrics ? h('p', { class: 'muted' }, o.workerMetrics) : null,
      h('p', { class: 'muted' }, `${o.types.length} job type(s) · sampled ${time(o.asOf)}`));
    put(body, ...o.types.map(t => h('tr', { 'data-type': t.type },
      h('td', {}, h('a', { href: '#/type/' + encodeURIComponent(t.type) }, t.type)),
      h('td', {}, stateBadge(t)),
      h('td', { class: 'num' }, t.ratePerSecond === null ? '–' : t.ratePerSecond + '/s'),
      h('td', { class: 'num' }, fmt(t.members)),
      h('td', { class: 'num', 'data-col': 'lag' }, fmt(t.lag)),
      h('td', { class: 'num', 'data-col': 'published' }, fmt(t.publishedPerSec)),
      h('td', { class: 'num', 'data-col': 'succeeded' }, fmt(t.succeededPerSec)),
      h('td', { class: 'num', 'data-col': 'failed' }, fmt(t.failedPerSec)),
      h('td', { class: 'num' }, fmt(t.inFlight)),
      h('td', { class: 'num' }, percentiles(t.durationP50Ms, t.durationP99Ms)),
      h('td', { class: 'num' }, fmt(t.retryingTotal)),
      h('td', { class: 'num' }, t.deadLetters > 0
        ? h('a', { href: '#/dlq/' + encodeURIComponent(t.type) }, fmt(t.deadLetters)) : '0'))));
  };
  await render();
  poll(render);
}

function percentiles(p50, p99) {
  return p50 === null || p50 === undefined ? '–' : `${fmt(p50)} / ${fmt(p99)} ms`;
}

// ---------- one type ----------
async function typePage(type) {
  const cards = h('div', { class: 'cards', id: 'type-cards' });
  const head = h('div', {});
  const controls = h('div', { class: 'actions', id: 'controls' });
  const result = h('div', { id: 'control-result' });
  put(main(), h('h1', {}, 'Job type ', h('span', { id: 'type-name' }, type)), head, controls, result,
    h('h2', {}, 'Last hour'), cards,
    h('p', {}, h('a', { href: '#/dlq/' + encodeURIComponent(type), id: 'type-dlq-link' }, 'Dead letters of ' + type),
      ' · ', h('a', { href: '#/jobs?type=' + encodeURIComponent(type) }, 'Jobs of ' + type)));
  let current = null;
  const act = async (path, body, title, text) => {
    if (!await confirmDialog(title, text)) return;
    try {
      await api('POST', `/api/types/${encodeURIComponent(type)}/${path}`, body);
      put(result, message('ok', title + ': done', 'control-ok'));
      await render();
    } catch (e) {
      put(result, message('error', e.message, 'control-error'));
    }
  };
  const disabled = !canAct();
  const render = async () => {
    const t = await api('GET', '/api/types/' + encodeURIComponent(type));
    current = t;
    put(head, h('p', {}, stateBadge(t), ' ',
      t.ratePerSecond ? h('span', { class: 'badge' }, `limited to ${t.ratePerSecond}/s`) : null, ' ',
      h('span', { class: 'muted' }, `${t.partitions} partition(s) · group ${t.groupState} · sampled ${time(t.sampledAt)}`),
      t.controlChangedBy ? h('span', { class: 'muted' }, ` · last control change by ${t.controlChangedBy} at ${time(t.controlChangedAt)}`) : null),
      t.control ? message('problem', t.control) : null);
    const hs = t.history;
    const card = (label, value, series, id) => h('div', { class: 'card', id },
      h('div', { class: 'label' }, label), h('div', { class: 'value', 'data-value': id }, fmt(value)), sparkline(series));
    put(cards, 
      card('published / s', t.publishedPerSec, hs.publishedPerSec, 'card-published'),
      card('succeeded / s', t.succeededPerSec, hs.succeededPerSec, 'card-succeeded'),
      card('failed attempts / s', t.failedPerSec, hs.failedPerSec, 'card-failed'),
      card('lag', t.lag, hs.lag, 'card-lag'),
      card('members', t.members, null, 'card-members'),
      card('in flight', t.inFlight, null, 'card-inflight'),
      card('duration p50 / p99', percentiles(t.durationP50Ms, t.durationP99Ms), null, 'card-duration'),
      card('wait p50 / p99', percentiles(t.waitP50Ms, t.waitP99Ms), null, 'card-wait'),
      card('retrying ' + Object.entries(t.retrying).map(([k, v]) => `${k}:${v}`).join(' '), t.retryingTotal, hs.retrying, 'card-retrying'),
      card('dead letters', t.deadLetters, hs.deadLetters, 'card-dlq'),
      card('succeeded (total)', t.succeeded, null, 'card-succeeded-total'));
    const paused = t.paused === true;
    put(controls, 
      h('button', { id: 'pause', disabled: disabled || paused || !!t.control, onclick: () => act('pause', { reason: 'paused in the console' },
        'Pause ' + type, 'Workers of ' + type + ' stop starting jobs (running ones finish). Lag will grow until you resume.') }, 'Pause'),
      h('button', { id: 'resume', disabled: disabled || !paused || !!t.control, onclick: () => act('resume', {},
        'Resume ' + type, 'Workers of ' + type + ' start jobs again where they stopped.') }, 'Resume'),
      h('button', { id: 'rate', class: 'secondary', disabled: disabled || !!t.control, onclick: async () => {
        const v = prompt('Jobs per second for all workers of ' + type + ' (empty: no limit)', t.ratePerSecond || '');
        if (v === null) return;
        const perSecond = v.trim() === '' ? null : Number(v);
        act('rate', { perSecond }, 'Rate limit ' + type, perSecond === null ? 'Remove the rate limit.' : `Limit ${type} to ${perSecond} jobs/s.`);
      } }, 'Rate limit…'),
      h('button', { id: 'cancel-job', class: 'secondary', disabled: disabled || !!t.control, onclick: async () => {
        const id = prompt('Job id to cancel');
        if (!id) return;
        act('cancel', { jobId: id.trim() }, 'Cancel job', `Cancel job ${id.trim()} of ${type}: skipped if pending, interrupted if running.`);
      } }, 'Cancel a job…'),
      disabled ? h('span', { class: 'muted' }, 'read only (viewer)') : null);
  };
  await render();
  poll(render);
}

// ---------- dead letters ----------
async function dlqIndexPage() {
  const o = await api('GET', '/api/overview');
  put(main(), h('h1', {}, 'Dead letters'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'type'), h('th', { class: 'num' }, 'dead letters'))),
      h('tbody', {}, o.types.map(t => h('tr', {},
        h('td', {}, h('a', { href: '#/dlq/' + encodeURIComponent(t.type) }, t.type)),
        h('td', { class: 'num' }, fmt(t.deadLetters)))))));
}

const FILTERS = ['reason', 'errorClass', 'since', 'until', 'text'];

async function dlqPage(type, query) {
  const params = new URLSearchParams(query || '');
  const filter = {};
  for (const f of FILTERS) if (params.get(f)) filter[f] = params.get(f);
  const inputs = {
    reason: h('select', { id: 'f-reason' }, ['', 'EXHAUSTED', 'FATAL', 'UNDECODABLE', 'EXPIRED'].map(r =>
      h('option', { value: r, selected: filter.reason === r }, r || 'any'))),
    errorClass: h('input', { id: 'f-errorClass', value: filter.errorClass || '', placeholder: 'e.g. SmtpException' }),
    since: h('input', { id: 'f-since', value: filter.since || '', placeholder: '2026-05-01T10:00:00Z' }),
    until: h('input', { id: 'f-until', value: filter.until || '', placeholder: 'ISO time' }),
    text: h('input', { id: 'f-text', value: filter.text || '', placeholder: 'id, class or message' }),
  };
  const form = h('form', { class: 'filters', id: 'dlq-filters', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const f of FILTERS) if (inputs[f].value.trim()) p.set(f, inputs[f].value.trim());
    location.hash = '#/dlq/' + encodeURIComponent(type) + (p.toString() ? '?' + p : '');
  } }, ...FILTERS.map(f => h('label', {}, f, inputs[f])), h('button', { type: 'submit', id: 'f-apply' }, 'Filter'));
  const result = h('div', { id: 'dlq-result' });
  const stats = h('div', { id: 'dlq-stats', class: 'muted' }, 'counting…');
  const rows = h('tbody', { id: 'dlq-rows' });
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', onchange: () => {
    for (const c of rows.querySelectorAll('input[type=checkbox]')) c.checked = selectAll.checked;
  } });
  const selected = () => [...rows.querySelectorAll('input[type=checkbox]:checked')].map(c => c.value);
  const replay = async (what, body) => {
    try {
      const dry = await api('POST', `/api/types/${encodeURIComponent(type)}/dead-letters/replay`, { ...body, dryRun: true });
      const text = [`${dry.replayed} letter(s) will be replayed to ${dry.target}.`,
        dry.alreadyReplayed ? `${dry.alreadyReplayed} were replayed before and are skipped.` : null,
        dry.unfit ? `${dry.unfit} no longer fit the type's schema and are skipped.` : null,
        dry.copies ? `${dry.copies} are copies of another letter and are skipped.` : null].filter(Boolean);
      const span = h('p', { id: 'dry-run-count' }, text[0]);
      if (!await confirmDialog('Replay ' + what, [span, ...text.slice(1)])) return;
      const done = await api('POST', `/api/types/${encodeURIComponent(type)}/dead-letters/replay`, { ...body, dryRun: false });
      put(result, message('ok', `Replayed ${done.replayed} job(s) to ${done.target}` +
        (done.alreadyReplayed ? `; ${done.alreadyReplayed} already replayed before` : '') +
        (done.unfit ? `; ${done.unfit} skipped (schema)` : ''), 'replay-ok'));
    } catch (e) {
      put(result, message('error', e.message, 'replay-error'));
    }
  };
  const purge = async () => {
    const before = prompt('Purge dead letters older than (e.g. 7d, 2026-05-01T00:00:00Z, or "all")', 'all');
    if (!before) return;
    try {
      const dry = await api('POST', `/api/types/${encodeURIComponent(type)}/dead-letters/purge`, { before: before.trim(), dryRun: true });
      if (!await confirmDialog('Purge dead letters of ' + type,
        [h('p', { id: 'purge-count' }, `${dry.count} record(s) will be deleted for good (before ${dry.before}).`), 'This cannot be undone.'])) return;
      const done = await api('POST', `/api/types/${encodeURIComponent(type)}/dead-letters/purge`, { before: before.trim(), dryRun: false });
      put(result, message('ok', `Deleted ${done.deleted} record(s).`, 'purge-ok'));
      await load();
    } catch (e) {
      put(result, message('error', e.message, 'purge-error'));
    }
  };
  const noAct = !canAct();
  put(main(), h('h1', {}, 'Dead letters of ', h('a', { href: '#/type/' + encodeURIComponent(type) }, type)),
    stats, form,
    h('div', { class: 'actions' },
      h('button', { id: 'replay-selected', disabled: noAct, onclick: () => {
        const ids = selected();
        if (ids.length === 0) { put(result, message('problem', 'Select letters first.')); return; }
        replay(ids.length + ' selected letter(s)', { jobIds: ids });
      } }, 'Replay selected'),
      h('button', { id: 'replay-filtered', class: 'secondary', disabled: noAct, onclick: () =>
        replay(Object.keys(filter).length ? 'every letter matching the filter' : 'every letter',
          Object.keys(filter).length ? { filter } : { all: true }) }, Object.keys(filter).length ? 'Replay all matching' : 'Replay all'),
      h('button', { id: 'purge', class: 'danger', disabled: noAct, onclick: purge }, 'Purge…'),
      noAct ? h('span', { class: 'muted' }, 'read only (viewer)') : null),
    result,
    h('table', { id: 'dlq-table' }, h('thead', {}, h('tr', {}, h('th', {}, selectAll), h('th', {}, 'failed at'), h('th', {}, 'job id'),
      h('th', {}, 'reason'), h('th', {}, 'error'), h('th', { class: 'num' }, 'attempt'), h('th', {}, 'position'))), rows));
  const load = async () => {
    const q = new URLSearchParams(filter);
    const res = await api('GET', `/api/types/${encodeURIComponent(type)}/dead-letters?` + q);
    put(rows, ...res.letters.map(l => h('tr', { 'data-job-id': l.jobId },
      h('td', {}, h('input', { type: 'checkbox', value: l.jobId, 'aria-label': 'select ' + l.jobId })),
      h('td', {}, time(l.failedAt)),
      h('td', {}, h('a', { href: `#/letter/${encodeURIComponent(type)}/${l.partition}/${l.offset}` }, l.jobId)),
      h('td', {}, l.reason ? h('span', { class: 'badge bad' }, l.reason) : '–'),
      h('td', {}, h('div', {}, l.errorClass || '–'), h('div', { class: 'muted' }, l.errorMessage || '')),
      h('td', { class: 'num' }, l.attempt),
      h('td', {}, l.position))));
    if (res.letters.length === 0) put(rows, h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No dead letters match.')));
  };
  await load();
  api('GET', `/api/types/${encodeURIComponent(type)}/dead-letters/stats`).then(s => {
    put(stats, `${fmt(s.total)} letter(s) · ${fmt(s.lastHour)} in the last hour · by reason: `,
      Object.entries(s.byReason).map(([k, v]) => `${k} ${v}`).join(', ') || '–', ' · top errors: ',
      Object.entries(s.byErrorClass).slice(0, 3).map(([k, v]) => `${k.split('.').pop()} ${v}`).join(', ') || '–');
  }).catch(e => put(stats, message('problem', 'statistics: ' + e.message)));
}

async function letterPage(type, partition, offset) {
  const l = await api('GET', `/api/types/${encodeURIComponent(type)}/dead-letters/${partition}/${offset}`);
  const result = h('div', { id: 'letter-result' });
  const field = (k, v) => [h('dt', {}, k), h('dd', {}, v === null || v === undefined ? '–' : v)];
  put(main(), 
    h('h1', {}, 'Dead letter ', h('span', { id: 'letter-position' }, `${type} ${l.position}`)),
    h('div', { class: 'actions' },
      h('button', { id: 'replay-one', disabled: !canAct(), onclick: async () => {
        try {
          const dry = await api('POST', `/api/types/${encodeURIComponent(type)}/dead-letters/replay`, { jobIds: [l.jobId], dryRun: true });
          if (!await confirmDialog('Replay job ' + l.jobId, [h('p', { id: 'dry-run-count' },
            `${dry.replayed} letter(s) will be replayed to ${dry.target}` + (dry.alreadyReplayed ? ` (${dry.alreadyReplayed} already replayed, skipped)` : '') + '.')])) return;
          const done = await api('POST', `/api/types/${encodeURIComponent(type)}/dead-letters/replay`, { jobIds: [l.jobId], dryRun: false });
          put(result, message('ok', `Replayed ${done.replayed} job(s).`, 'replay-ok'), ' ',
            h('a', { href: '#/job/' + encodeURIComponent(l.jobId), id: 'replayed-job-link' }, 'Follow job ' + l.jobId));
        } catch (e) {
          put(result, message('error', e.message, 'replay-error'));
        }
      } }, 'Replay this job'),
      h('a', { href: '#/job/' + encodeURIComponent(l.jobId), id: 'letter-job-link' }, 'Job ' + l.jobId + ' in the ledger')),
    result,
    h('div', { class: 'split' },
      h('div', {}, h('h2', {}, 'Failure'), h('dl', { class: 'fields' },
        field('job id', l.jobId), field('reason', l.reason), field('attempt', l.attempt), field('error class', l.errorClass),
        field('message', l.errorMessage), field('failed at', time(l.failedAt)), field('dead-lettered', time(l.deadLetteredAt)),
        field('replay of', l.replayOf), field('key', l.key))),
      h('div', {}, h('h2', {}, 'History'), h('table', { id: 'letter-history' }, h('tbody', {},
        l.history.map(e => h('tr', {}, h('td', {}, time(e.at)), h('td', {}, e.what))))))),
    h('h2', {}, 'Payload', l.payload.schemaName ? ` (${l.payload.schemaName}, schema id ${l.payload.schemaId})` : '',
      l.payload.masked ? ' — some fields masked for viewers' : ''),
    l.payload.json ? h('pre', { id: 'letter-payload' }, l.payload.json)
      : h('div', {}, message('problem', l.payload.problem || 'not decoded'), l.payload.raw ? h('pre', {}, l.payload.raw) : null),
    h('h2', {}, 'Stack trace'), h('pre', { id: 'letter-stack' }, l.stack || '(none recorded)'),
    h('h2', {}, 'Headers'), h('table', {}, h('tbody', {}, l.headers.map(x => h('tr', {}, h('td', {}, x.name), h('td', {}, x.value))))));
}

// ---------- jobs ----------
async function jobsPage(query) {
  const params = new URLSearchParams(query || '');
  const idInput = h('input', { id: 'job-id', placeholder: 'job id', size: 40 });
  const fields = { type: h('input', { id: 'j-type', value: params.get('type') || '' }),
    state: h('select', { id: 'j-state' }, ['', 'SCHEDULED', 'ENQUEUED', 'RETRY_SCHEDULED', 'SUCCEEDED', 'DEAD', 'CANCELLED']
      .map(s => h('option', { value: s, selected: params.get('state') === s }, s || 'any'))),
    since: h('input', { id: 'j-since', value: params.get('since') || '', placeholder: 'ISO time' }),
    error: h('input', { id: 'j-error', value: params.get('error') || '', placeholder: 'error text' }) };
  const rows = h('tbody', { id: 'jobs-rows' });
  const more = h('div', {});
  const problem = h('div', { id: 'jobs-problem' });
  put(main(), h('h1', {}, 'Jobs'),
    h('form', { class: 'filters', id: 'job-search', onsubmit: (ev) => {
      ev.preventDefault();
      if (idInput.value.trim()) location.hash = '#/job/' + encodeURIComponent(idInput.value.trim());
    } }, h('label', {}, 'find by id', idInput), h('button', { type: 'submit', id: 'job-find' }, 'Find')),
    h('form', { class: 'filters', id: 'job-filters', onsubmit: (ev) => {
      ev.preventDefault();
      const p = new URLSearchParams();
      for (const [k, el] of Object.entries(fields)) if (el.value.trim()) p.set(k, el.value.trim());
      location.hash = '#/jobs' + (p.toString() ? '?' + p : '');
    } }, ...Object.entries(fields).map(([k, el]) => h('label', {}, k, el)), h('button', { type: 'submit' }, 'List')),
    problem,
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'id'), h('th', {}, 'type'), h('th', {}, 'state'), h('th', { class: 'num' }, 'attempt'),
      h('th', {}, 'enqueued'), h('th', {}, 'finished'), h('th', {}, 'error'))), rows), more);
  const load = async (cursor, append) => {
    const p = new URLSearchParams(params);
    p.set('limit', '50');
    if (cursor) p.set('cursor', cursor);
    try {
      const page = await api('GET', '/api/jobs?' + p);
      const trs = page.jobs.map(j => h('tr', {},
        h('td', {}, h('a', { href: '#/job/' + encodeURIComponent(j.id) }, j.id)), h('td', {}, j.type),
        h('td', {}, stateOf(j)), h('td', { class: 'num' }, j.attempt), h('td', {}, time(j.enqueuedAt)),
        h('td', {}, time(j.finishedAt)), h('td', { class: 'muted' }, j.error || '')));
      if (append) rows.append(...trs); else put(rows, ...trs);
      put(more, page.nextCursor ? h('button', { class: 'secondary', onclick: () => load(page.nextCursor, true) }, 'More') : '');
    } catch (e) {
      put(problem, message('problem', e.message));
    }
  };
  await load(null, false);
}

function stateOf(j) {
  const cls = j.state === 'SUCCEEDED' ? 'good' : j.state === 'DEAD' ? 'bad' : '';
  return h('span', { class: 'badge ' + cls, 'data-job-state': j.state }, j.state);
}

async function jobPage(id) {
  const res = await api('GET', '/api/jobs/' + encodeURIComponent(id));
  const j = res.job;
  const field = (k, v) => [h('dt', {}, k), h('dd', {}, v === null || v === undefined || v === '' ? '–' : v)];
  const result = h('div', { id: 'job-result' });
  put(main(), h('h1', {}, 'Job ', h('span', { id: 'job-title' }, j.id)),
    h('p', {}, stateOf(j), ' ', j.dlqReason ? h('span', { class: 'badge bad' }, j.dlqReason) : null),
    res.deadLetter ? h('p', {}, h('a', { id: 'job-dead-letter', href: `#/letter/${encodeURIComponent(res.deadLetter.type)}/${res.deadLetter.partition}/${res.deadLetter.offset}` },
      'Its dead letter')) : null,
    h('div', { class: 'actions' }, h('button', { id: 'job-cancel', class: 'secondary', disabled: !canAct() || ['SUCCEEDED', 'DEAD', 'CANCELLED'].includes(j.state),
      onclick: async () => {
        if (!await confirmDialog('Cancel job ' + j.id, `The job is skipped if it has not started, interrupted if it runs.`)) return;
        try {
          await api('POST', `/api/types/${encodeURIComponent(j.type)}/cancel`, { jobId: j.id });
          put(result, message('ok', 'Cancel requested.'));
        } catch (e) { put(result, message('error', e.message)); }
      } }, 'Cancel job')), result,
    h('dl', { class: 'fields', id: 'job-fields' },
      field('type', j.type), field('state', j.state), field('attempt', j.attempt), field('key', j.key),
      field('enqueued at', time(j.enqueuedAt)), field('due at', time(j.dueAt)), field('last change', `${time(j.updatedAt)} (${j.lastEvent || '–'})`),
      field('finished at', time(j.finishedAt)), field('duration', j.durationMs === null ? null : j.durationMs + ' ms'),
      field('worker', j.worker), field('result', j.result), field('error class', j.errorClass), field('error', j.error),
      field('dead-letter reason', j.dlqReason), field('dead letter', j.dlqPosition), field('replay of', j.replayOf)));
}

// ---------- schedules ----------
async function schedulesPage() {
  const s = await api('GET', '/api/schedules');
  const result = h('div', { id: 'schedule-result' });
  const act = async (name, verb) => {
    if (!await confirmDialog(`${verb[0].toUpperCase() + verb.slice(1)} schedule ${name}`, verb === 'trigger'
      ? 'Fire it once now, outside its schedule.' : `The schedule ${verb === 'pause' ? 'stops' : 'starts'} firing.`)) return;
    try {
      await api('POST', `/api/cron/${encodeURIComponent(name)}/${verb}`, {});
      await schedulesPage();
    } catch (e) { put(result, message('error', e.message)); }
  };
  put(main(), h('h1', {}, 'Schedules'), result,
    h('h2', {}, 'Recurring (jobpipe.cron)'), s.cronProblem ? message('problem', s.cronProblem) : null,
    s.cron.length === 0 ? h('p', { class: 'muted' }, 'No recurring schedule.') :
      h('table', { id: 'cron' }, h('thead', {}, h('tr', {}, ['name', 'type', 'when', 'state', 'next fires', ''].map(x => h('th', {}, x)))),
        h('tbody', {}, s.cron.map(c => h('tr', {},
          h('td', {}, c.name), h('td', {}, c.type), h('td', {}, c.when),
          h('td', {}, c.enabled ? h('span', { class: 'badge good' }, 'active') : h('span', { class: 'badge paused' }, 'paused')),
          h('td', {}, c.nextFires.map(time).join(', ') || '–'),
          h('td', {}, h('div', { class: 'actions' },
            h('button', { class: 'secondary', disabled: !canAct() || !c.enabled, onclick: () => act(c.name, 'pause') }, 'Pause'),
            h('button', { class: 'secondary', disabled: !canAct() || c.enabled, onclick: () => act(c.name, 'resume') }, 'Resume'),
            h('button', { class: 'secondary', disabled: !canAct(), onclick: () => act(c.name, 'trigger') }, 'Trigger now'))))))),
    h('h2', {}, 'One-off jobs waiting in the scheduler'),
    s.pendingProblem ? message('problem', 'Pending jobs unknown: ' + s.pendingProblem) : null,
    h('p', {}, Object.entries(s.pendingCounts).map(([t, n]) => `${t}: ${n}`).join(' · ') || h('span', { class: 'muted' }, 'none')),
    s.pending.length ? h('table', {}, h('thead', {}, h('tr', {}, ['due', 'type', 'job id', 'key'].map(x => h('th', {}, x)))),
      h('tbody', {}, s.pending.map(p => h('tr', {}, h('td', {}, time(p.due)), h('td', {}, p.type),
        h('td', {}, h('a', { href: '#/job/' + encodeURIComponent(p.jobId) }, p.jobId)), h('td', {}, p.key))))) : null);
}

// ---------- start ----------
(async () => {
  try {
    session = await api('GET', '/api/session');
    loggedIn();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showLogin('The console cannot answer: ' + e.message);
  }
})();
