// wa-hook inspector page. Everything that comes from a payload is put on screen with textContent,
// never innerHTML: a message text like <img src=x onerror=…> must stay text.
'use strict';

const PAGE = 200;
const ROW_HEIGHT = 28;
const $ = (id) => document.getElementById(id);

const state = {
  rows: [], // newest first
  ids: new Set(),
  next: null, // byte offset cursor for older rows; null = nothing older
  loading: false,
  filter: '',
  selected: null,
  generation: 0, // bumps on reload/clear so late answers of an old request are dropped
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function say(message, bad) {
  const status = $('status');
  status.textContent = message;
  status.className = bad ? 'bad' : '';
}

async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

// ---- header ----------------------------------------------------------------------------------------

let info = {};
function showInfo(next) {
  info = next;
  $('callback-url').textContent = info.callbackUrl || '';
  $('verify-token').textContent = info.verifyToken || '';
  $('tunnel').textContent = info.tunnel || '';
  $('signatures').textContent =
    info.signatures === 'checked' ? 'checked with the app secret' : 'not checked (no app secret)';
  $('signatures').className = info.signatures === 'checked' ? 'ok' : 'bad';
}

async function copyUrl() {
  const url = info.callbackUrl || '';
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    // Older browsers or a denied permission: the classic selection copy.
    const area = el('textarea');
    area.value = url;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  say(`Copied ${url}`);
}

// ---- list (a window of DOM rows over an array of any length) ---------------------------------------

function sender(row) {
  if (row.from.length) return /^\d+$/.test(row.from[0]) ? `+${row.from[0]}` : row.from[0];
  if (row.to.length) return `→ +${row.to[0]}`;
  return '';
}

function shortText(row) {
  if (row.text !== undefined && row.text !== null) return row.text;
  return (row.summary[0] || '').replace(/^← /, '');
}

function renderRow(row, index) {
  const node = el('div', `row${row.ok ? '' : ' fail'}${state.selected === row.id ? ' selected' : ''}`);
  node.style.top = `${index * ROW_HEIGHT}px`;
  node.dataset.id = row.id;
  node.title = row.summary.join('\n');
  const time = new Date(row.receivedAt);
  node.append(
    el('span', 'time', time.toLocaleTimeString([], { hour12: false })),
    el('span', 'kind', row.label),
    el('span', 'sender', sender(row)),
    el('span', 'text', shortText(row)),
    el('span', `sig ${row.signature === 'valid' ? 'ok' : row.signature === 'unchecked' ? '' : 'bad'}`, row.signature),
    el('span', `http ${row.status < 400 ? 'ok' : 'bad'}`, row.status),
  );
  return node;
}

let frame = 0;
function render() {
  frame = 0;
  const list = $('list');
  $('spacer').style.height = `${state.rows.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - 10);
  const last = Math.min(state.rows.length, Math.ceil((list.scrollTop + list.clientHeight) / ROW_HEIGHT) + 10);
  const fragment = document.createDocumentFragment();
  for (let i = first; i < last; i++) fragment.append(renderRow(state.rows[i], i));
  for (const old of list.querySelectorAll('.row')) old.remove();
  list.append(fragment);
  const more = state.next !== null ? ' · scroll for older' : '';
  $('list-foot').textContent = `${state.rows.length} event${state.rows.length === 1 ? '' : 's'} shown${more}`;
  if (state.next !== null && !state.loading && list.scrollTop + list.clientHeight * 3 > state.rows.length * ROW_HEIGHT)
    loadOlder();
}

function scheduleRender() {
  if (!frame) frame = requestAnimationFrame(render);
}

async function loadOlder() {
  const generation = state.generation;
  state.loading = true;
  try {
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (state.next !== null && state.next !== undefined) params.set('before', String(state.next));
    // "field:NAME" filters on the webhook field, anything else on the kind/type words.
    if (state.filter.startsWith('field:')) params.set('field', state.filter.slice(6));
    else if (state.filter) params.set('type', state.filter);
    const page = await api(`/api/events?${params}`);
    if (generation !== state.generation) return;
    for (const row of page.rows) {
      if (state.ids.has(row.id)) continue;
      state.ids.add(row.id);
      state.rows.push(row);
    }
    state.next = page.next;
  } catch (error) {
    say(`Could not load events: ${error.message}`, true);
    state.next = null;
  } finally {
    if (generation === state.generation) state.loading = false;
    scheduleRender();
  }
}

function reload() {
  state.generation += 1;
  state.rows = [];
  state.ids = new Set();
  state.next = undefined;
  state.loading = false;
  $('list').scrollTop = 0;
  loadOlder();
}

function matchesFilter(row) {
  if (state.filter.startsWith('field:')) return (row.fields || []).includes(state.filter.slice(6));
  return !state.filter || row.types.includes(state.filter);
}

function addLive(row) {
  if (state.ids.has(row.id) || !matchesFilter(row)) return;
  state.ids.add(row.id);
  state.rows.unshift(row);
  // Keep what the user is reading in place when they have scrolled down.
  const list = $('list');
  if (list.scrollTop > 0) list.scrollTop += ROW_HEIGHT;
  scheduleRender();
}

function clearView() {
  state.generation += 1;
  state.rows = [];
  state.ids = new Set();
  state.next = null; // do not page the cleared ones back in
  state.loading = false;
  scheduleRender();
  say('View cleared (the log file is kept).');
}

// ---- detail ----------------------------------------------------------------------------------------

function section(title, content) {
  const wrap = el('div');
  wrap.append(el('h3', '', title), content);
  return wrap;
}

async function select(id) {
  state.selected = id;
  scheduleRender();
  const detail = $('detail');
  let data;
  try {
    data = await api(`/api/events/${encodeURIComponent(id)}`);
  } catch (error) {
    detail.replaceChildren(el('p', 'bad', error.message));
    return;
  }
  if (state.selected !== id) return;
  const { record, row, verdict, pretty } = data;
  const verdictBox = el('div', `verdict${verdict.ok ? '' : ' bad'}`, `${verdict.ok ? '✔' : '✖'} ${verdict.text}`);
  verdictBox.id = 'verdict';
  if (verdict.hint) verdictBox.append(el('div', 'hint', `→ ${verdict.hint}`));
  const nodes = [
    el('h2', '', `${row.label} · ${record.method} ${record.url} → ${record.status}`),
    el('div', 'dim', `${record.receivedAt} · ${record.id}`),
    ...row.summary.map((line) => el('div', 'summary', line)),
    verdictBox,
  ];
  if (record.method === 'POST' && (record.body !== undefined || record.bodyBase64 !== undefined)) {
    const actions = el('div', 'actions');
    const replay = el('button', '', 'Replay');
    replay.type = 'button';
    replay.id = 'replay';
    replay.title = 'Resend these exact bytes, freshly signed, to the callback';
    replay.addEventListener('click', () => runAction('/api/replay', { id: record.id }, 'Replayed'));
    actions.append(replay);
    nodes.push(actions);
  }
  const table = el('table');
  for (const [name, value] of Object.entries(record.headers)) {
    const tr = el('tr');
    tr.append(el('td', '', name), el('td', '', value));
    table.append(tr);
  }
  nodes.push(section('Headers', table));
  const raw = el('pre', 'raw', record.bodyBase64 !== undefined ? record.bodyBase64 : (record.body ?? '(empty)'));
  raw.id = 'raw-body';
  nodes.push(
    section(record.bodyBase64 !== undefined ? 'Raw body (base64, not valid UTF-8)' : 'Raw body (as received)', raw),
  );
  if (pretty !== null) nodes.push(section('JSON', el('pre', 'pretty', pretty)));
  detail.replaceChildren(...nodes);
}

async function runAction(path, body, verb) {
  say(`${verb}…`);
  try {
    const result = await api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!result.ok) return say(result.error, true);
    if (result.steps) {
      const statuses = result.steps.map((s) => s.status ?? 'no answer').join(' ');
      const bad = result.steps.some((s) => !(s.status < 400));
      return say(`${verb} to ${result.target}: ${result.steps.length} deliveries → ${statuses}`, bad);
    }
    say(
      `${verb} to ${result.target}${result.signed ? ' (signed)' : ' (unsigned: no app secret)'} → ${result.status} in ${result.ms} ms`,
      result.status >= 400,
    );
  } catch (error) {
    say(`${verb} failed: ${error.message}`, true);
  }
}

// ---- wiring ----------------------------------------------------------------------------------------

function connect() {
  const stream = new EventSource('/api/stream');
  let broken = false;
  stream.addEventListener('open', () => {
    $('live').textContent = 'connected';
    $('live').className = 'ok';
    // Events that arrived while disconnected are in the log: reload instead of guessing.
    if (broken) reload();
    broken = false;
  });
  stream.addEventListener('error', () => {
    broken = true;
    $('live').textContent = 'reconnecting…';
    $('live').className = 'bad';
  });
  stream.addEventListener('row', (e) => addLive(JSON.parse(e.data)));
  stream.addEventListener('info', (e) => showInfo(JSON.parse(e.data)));
}

async function loadScenarios() {
  const select = $('scenario');
  try {
    for (const scenario of await api('/api/scenarios')) {
      const option = el('option', '', scenario.name);
      option.value = scenario.name;
      option.title = scenario.description;
      select.append(option);
    }
  } catch (error) {
    say(`Could not list scenarios: ${error.message}`, true);
  }
}

async function loadSamples() {
  const select = $('sample');
  try {
    // Samples grouped by webhook field; every field with a sample also becomes a filter choice.
    const groups = new Map();
    for (const sample of await api('/api/samples')) {
      const field = sample.field || 'messages';
      if (!groups.has(field)) groups.set(field, el('optgroup'));
      const option = el('option', '', sample.name);
      option.value = sample.name;
      option.title = sample.description;
      groups.get(field).append(option);
    }
    const fields = el('optgroup');
    fields.label = 'webhook field';
    for (const [field, group] of groups) {
      group.label = field;
      select.append(group);
      const option = el('option', '', field);
      option.value = `field:${field}`;
      fields.append(option);
    }
    $('filter').append(fields);
  } catch (error) {
    say(`Could not list samples: ${error.message}`, true);
  }
}

function start() {
  $('copy-url').addEventListener('click', copyUrl);
  $('clear').addEventListener('click', clearView);
  $('filter').addEventListener('change', (e) => {
    state.filter = e.target.value;
    reload();
  });
  $('scenario-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runAction('/api/scenario', { name: $('scenario').value }, `Played ${$('scenario').value}`);
  });
  $('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runAction('/api/send', { name: $('sample').value, text: $('sample-text').value }, `Sent ${$('sample').value}`);
  });
  const list = $('list');
  list.addEventListener('scroll', scheduleRender, { passive: true });
  list.addEventListener('click', (e) => {
    const row = e.target.closest('.row');
    if (row) select(row.dataset.id);
  });
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const index = state.rows.findIndex((r) => r.id === state.selected);
    const next = state.rows[Math.min(state.rows.length - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) select(next.id);
  });
  window.addEventListener('resize', scheduleRender);
  api('/api/info').then(showInfo, (error) => say(error.message, true));
  loadSamples();
  loadScenarios();
  connect();
  reload();
}

start();
