// wa-hook inspector page: wires the header, the list, the detail pane and the live stream together.
import { $, api, el, say } from './dom.js';
import { copyUrl, showInfo } from './header.js';
import { addLive, clearView, reload, scheduleRender, state } from './list.js';
import { runAction, select } from './detail.js';

// The stream needs the per-session token from /api/info (a cross-site page cannot read it).
function connect(token) {
  const stream = new EventSource(`/api/stream?token=${encodeURIComponent(token)}`);
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

async function loadSamples() {
  const menu = $('sample');
  try {
    for (const sample of await api('/api/samples')) {
      const option = el('option', '', sample.name);
      option.value = sample.name;
      option.title = sample.description;
      menu.append(option);
    }
  } catch (error) {
    say(`Could not list samples: ${error.message}`, true);
  }
}

function start() {
  $('copy-url').addEventListener('click', () => void copyUrl());
  $('clear').addEventListener('click', clearView);
  $('filter').addEventListener('change', (e) => {
    state.filter = e.target.value;
    reload();
  });
  $('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void runAction('/api/send', { name: $('sample').value, text: $('sample-text').value }, `Sent ${$('sample').value}`);
  });
  const list = $('list');
  list.addEventListener('scroll', scheduleRender, { passive: true });
  list.addEventListener('click', (e) => {
    const row = e.target.closest('.row');
    if (row) void select(row.dataset.id);
  });
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const index = state.rows.findIndex((r) => r.id === state.selected);
    const next = state.rows[Math.min(state.rows.length - 1, Math.max(0, index + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) void select(next.id);
  });
  window.addEventListener('resize', scheduleRender);
  api('/api/info').then(
    (first) => {
      showInfo(first);
      connect(first.streamToken);
    },
    (error) => say(error.message, true),
  );
  void loadSamples();
  reload();
}

start();
