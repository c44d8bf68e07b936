// The detail pane of one event (verdict, headers, raw body, JSON) and the actions it offers.
import { $, api, el, say } from './dom.js';
import { scheduleRender, state } from './list.js';

function section(title, content) {
  const wrap = el('div');
  wrap.append(el('h3', '', title), content);
  return wrap;
}

export async function select(id) {
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
  const { record, row, verdict, pretty, replayRefused } = data;
  const verdictBox = el('div', `verdict${verdict.ok ? '' : ' bad'}`, `${verdict.ok ? '✔' : '✖'} ${verdict.text}`);
  verdictBox.id = 'verdict';
  if (verdict.hint) verdictBox.append(el('div', 'hint', `→ ${verdict.hint}`));
  const nodes = [
    el('h2', '', `${row.label} · ${record.method} ${record.url} → ${record.status}`),
    el('div', 'dim', `${record.receivedAt} · ${record.id}`),
    ...row.summary.map((line) => el('div', 'summary', line)),
    verdictBox,
  ];
  if (replayRefused) {
    // Stored cut (a refused request keeps only its first 64 KiB): those bytes are not what arrived.
    const note = el('div', 'dim', `No replay: this request ${replayRefused}`);
    note.id = 'replay-refused';
    nodes.push(note);
  } else if (record.method === 'POST' && (record.body !== undefined || record.bodyBase64 !== undefined)) {
    const actions = el('div', 'actions');
    // Only bytes whose signature was verified on arrival are re-signed: anything else anyone could have sent.
    const verified = record.signature === 'valid';
    const replay = el('button', '', verified ? 'Replay' : 'Send unsigned as received');
    replay.type = 'button';
    replay.id = verified ? 'replay' : 'replay-unsigned';
    replay.title = verified
      ? 'Resend these exact bytes, freshly signed, to the callback'
      : 'This request was not verified: resend its exact bytes WITHOUT a signature (never signed with your app secret)';
    replay.addEventListener('click', () =>
      verified
        ? void runAction('/api/replay', { id: record.id }, 'Replayed')
        : void runAction('/api/replay', { id: record.id, unsigned: true }, 'Sent unsigned as received'),
    );
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

/** Replay or send: POSTs to the inspector's API and says how the delivery went. */
export async function runAction(path, body, verb) {
  say(`${verb}…`);
  try {
    const result = await api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!result.ok) return say(result.error, true);
    if (result.steps) {
      // A scenario: one status per delivery, in order.
      const statuses = result.steps.map((s) => s.status ?? 'no answer').join(' ');
      const bad = result.steps.some((s) => !(s.status < 400));
      return say(`${verb} to ${result.target}: ${result.steps.length} deliveries → ${statuses}`, bad);
    }
    const how = result.signed ? ' (signed)' : body.unsigned ? ' (unsigned)' : ' (unsigned: no app secret)';
    say(`${verb} to ${result.target}${how} → ${result.status} in ${result.ms} ms`, result.status >= 400);
  } catch (error) {
    say(`${verb} failed: ${error.message}`, true);
  }
}
