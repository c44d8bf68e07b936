// The event list: a window of DOM rows over an array of any length, newest first, paged from the log.
import { $, api, el, say } from './dom.js';

const PAGE = 200;
const ROW_HEIGHT = 28;

export const state = {
  rows: [], // newest first
  ids: new Set(),
  next: null, // opaque cursor for older rows (file + byte offset); null = nothing older
  loading: false,
  filter: '',
  probes: false, // also wa-hook's own probes (verify, doctor, up's self-test, negative tests)
  selected: null,
  generation: 0, // bumps on reload/clear so late answers of an old request are dropped
};

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
  const slow = row.ok && row.slow ? ' slow' : '';
  const node = el('div', `row${row.ok ? '' : ' fail'}${slow}${state.selected === row.id ? ' selected' : ''}`);
  node.style.top = `${index * ROW_HEIGHT}px`;
  node.dataset.id = row.id;
  // A slow acknowledgement passes, but Meta may time out on it and send it again: the row says so.
  node.title = [...row.summary, ...(slow ? [`${row.slow.message}: ${row.slow.hint}`] : [])].join('\n');
  const time = new Date(row.receivedAt);
  node.append(
    el('span', 'time', time.toLocaleTimeString([], { hour12: false })),
    el('span', 'kind', row.label),
    el('span', 'sender', sender(row)),
    el('span', 'text', shortText(row)),
    el('span', `sig ${row.signature === 'valid' ? 'ok' : row.signature === 'unchecked' ? '' : 'bad'}`, row.signature),
    el('span', `http ${row.status < 400 ? (slow ? 'slow' : 'ok') : 'bad'}`, slow ? `${row.status} slow` : row.status),
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
    void loadOlder();
}

export function scheduleRender() {
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
    if (state.probes) params.set('probes', '1');
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

export function reload() {
  state.generation += 1;
  state.rows = [];
  state.ids = new Set();
  state.next = undefined;
  state.loading = false;
  $('list').scrollTop = 0;
  void loadOlder();
}

function matchesFilter(row) {
  if (row.hiddenProbe && !state.probes && state.filter !== 'probe') return false;
  if (state.filter.startsWith('field:')) return (row.fields || []).includes(state.filter.slice(6));
  return !state.filter || row.types.includes(state.filter);
}

export function addLive(row) {
  if (state.ids.has(row.id) || !matchesFilter(row)) return;
  state.ids.add(row.id);
  state.rows.unshift(row);
  // Keep what the user is reading in place when they have scrolled down.
  const list = $('list');
  if (list.scrollTop > 0) list.scrollTop += ROW_HEIGHT;
  scheduleRender();
}

export function clearView() {
  state.generation += 1;
  state.rows = [];
  state.ids = new Set();
  state.next = null; // do not page the cleared ones back in
  state.loading = false;
  scheduleRender();
  say('View cleared (the log file is kept).');
}
