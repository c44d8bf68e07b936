// wa-hook inspector page: wires the header, the list, the detail pane and the live stream together.
import { $, api, el, say, TOKEN } from './dom.js';
import { copyUrl, showInfo } from './header.js';
import { addLive, clearView, reload, scheduleRender, state } from './list.js';
import { runAction, select } from './detail.js';
import { listenPhone, startPhone } from './phone.js';

// EventSource cannot send headers: the per-session token goes in the query.
function connect() {
  const stream = new EventSource(`/api/stream?token=${encodeURIComponent(TOKEN)}`);
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
  listenPhone(stream);
}

async function loadSamples() {
  const menu = $('sample');
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
      menu.append(group);
      const option = el('option', '', field);
      option.value = `field:${field}`;
      fields.append(option);
    }
    $('filter').append(fields);
    // Start on the most common event, not on whatever sorts first.
    if (menu.querySelector('option[value="text"]')) menu.value = 'text';
  } catch (error) {
    say(`Could not list samples: ${error.message}`, true);
  }
}

async function loadScenarios() {
  const menu = $('scenario');
  try {
    for (const scenario of await api('/api/scenarios')) {
      const option = el('option', '', scenario.name);
      option.value = scenario.name;
      option.title = scenario.description;
      menu.append(option);
    }
    // The list is alphabetical (audio first); the sample everyone wants first is a text message.
    if ([...menu.options].some((o) => o.value === 'text')) menu.value = 'text';
  } catch (error) {
    say(`Could not list scenarios: ${error.message}`, true);
  }
}

function start() {
  $('copy-url').addEventListener('click', () => void copyUrl());
  $('clear').addEventListener('click', clearView);
  $('filter').addEventListener('change', (e) => {
    state.filter = e.target.value;
    reload();
  });
  $('show-probes').addEventListener('change', (e) => {
    state.probes = e.target.checked;
    reload();
  });
  $('scenario-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void runAction('/api/scenario', { name: $('scenario').value }, `Played ${$('scenario').value}`);
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
      connect();
      if (first.phone) startPhone().catch((error) => say(`Phone: ${error.message}`, true));
    },
    (error) => say(error.message, true),
  );
  void loadSamples();
  void loadScenarios();
  reload();
}

start();
