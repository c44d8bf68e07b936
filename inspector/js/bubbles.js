// Chat bubbles for the Phone view. Bot content is untrusted: every string goes on screen through textContent
// (el()), links only as http(s) anchors (a `javascript:` URL stays plain text), and no asset is ever loaded
// from outside this page (a media `link` is shown as text; uploaded media come from /api/phone/media/ID).
import { el, TOKEN } from './dom.js';

/** Media come from this page's own API (the session token rides in the query: an <img> sends no header). */
const mediaUrl = (id) => `/api/phone/media/${encodeURIComponent(id)}?token=${encodeURIComponent(TOKEN)}`;

const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const arr = (v) => (Array.isArray(v) ? v : []);

/** An anchor only for http(s) URLs; anything else (javascript:, data:, …) is inert text. */
export function safeLink(url, label) {
  const text = str(url);
  let parsed;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    return el('span', 'inert-link', label ? `${str(label)} (${text})` : text);
  }
  const a = el('a', 'link', label ? str(label) : parsed.href);
  a.href = parsed.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow';
  a.referrerPolicy = 'no-referrer';
  return a;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/;

/** Text with its first URL as a link (what WhatsApp previews); the rest stays text. */
function textWithLink(text) {
  const p = el('p', 'text');
  const match = URL_IN_TEXT.exec(text);
  if (!match) {
    p.textContent = text;
    return { node: p };
  }
  p.append(document.createTextNode(text.slice(0, match.index)), safeLink(match[0]));
  p.append(document.createTextNode(text.slice(match.index + match[0].length)));
  return { node: p, url: match[0] };
}

function previewCard(url) {
  const card = el('div', 'preview');
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the raw text
  }
  card.append(el('strong', '', host), el('span', '', url));
  return card;
}

function mediaNode(kind, media) {
  const box = el('div', `media ${kind}`);
  const m = obj(media);
  if ((kind === 'image' || kind === 'sticker') && m.id) {
    const img = el('img');
    img.alt = `${kind} ${str(m.id)}`;
    img.src = mediaUrl(str(m.id));
    box.append(img);
  } else if (m.id) {
    const a = el('a', 'link', `${kind}: ${str(m.filename) || str(m.id)}`);
    a.href = mediaUrl(str(m.id));
    a.download = str(m.filename) || `${kind}-${str(m.id)}`;
    box.append(a);
  } else {
    box.append(el('span', 'label', `${kind}${m.filename ? ` · ${str(m.filename)}` : ''}`), safeLink(m.link));
  }
  if (m.caption) box.append(el('p', 'caption', str(m.caption)));
  return box;
}

function locationNode(loc) {
  const l = obj(loc);
  const box = el('div', 'location');
  box.append(el('strong', '', str(l.name) || 'Location'));
  if (l.address) box.append(el('span', '', str(l.address)));
  box.append(el('span', 'dim', `${str(l.latitude)}, ${str(l.longitude)}`));
  return box;
}

function contactsNode(contacts) {
  const box = el('div', 'contacts');
  for (const c of arr(contacts)) {
    const card = el('div', 'contact');
    // A bot's card is Meta's object; the customer's is {name, phone, waId} as the phone sent it.
    const name = obj(c).name;
    card.append(el('strong', '', typeof name === 'string' ? name : str(obj(name).formatted_name)));
    if (obj(c).phone) card.append(el('span', '', str(obj(c).phone)));
    for (const p of arr(obj(c).phones)) card.append(el('span', '', str(obj(p).phone)));
    box.append(card);
  }
  return box;
}

/** {{1}} / {{name}} replaced by the send's parameters: a template as the customer reads it. */
function fill(text, params) {
  let i = 0;
  return str(text).replace(/\{\{\s*([\w]+)\s*\}\}/g, (whole, key) => {
    const byName = params.find((p) => p.parameter_name === key);
    const p = byName ?? params[Number(key) - 1] ?? params[i];
    i += 1;
    return p ? str(p.text ?? obj(p.currency).fallback_value ?? obj(p.date_time).fallback_value) : whole;
  });
}

function templateNode(body, def) {
  const sent = obj(body.template);
  const box = el('div', 'template');
  const partsOf = (type) => arr(sent.components).find((c) => str(obj(c).type).toLowerCase() === type);
  const paramsOf = (type) => arr(obj(partsOf(type)).parameters);
  if (!def) {
    box.append(el('p', 'dim', `template ${str(sent.name)} (${str(obj(sent.language).code)}) — not in the registry`));
    return box;
  }
  for (const c of arr(def.components)) {
    const comp = obj(c);
    const type = str(comp.type).toUpperCase();
    if (type === 'HEADER') {
      if (str(comp.format) === 'TEXT' || !comp.format)
        box.append(el('strong', 'header', fill(comp.text, paramsOf('header'))));
      else {
        const p = obj(paramsOf('header')[0]);
        const kind = str(comp.format).toLowerCase();
        box.append(mediaNode(kind, p[kind]));
      }
    } else if (type === 'BODY') box.append(el('p', 'text', fill(comp.text, paramsOf('body'))));
    else if (type === 'FOOTER') box.append(el('small', 'footer', str(comp.text)));
    else if (type === 'BUTTONS') {
      const row = el('div', 'buttons');
      arr(comp.buttons).forEach((b, index) => {
        const button = obj(b);
        if (button.type !== 'URL') return row.append(el('span', 'button', str(button.text)));
        // A dynamic URL's {{1}} is the send's button parameter of the same index (Meta appends it as given).
        const sentButton = arr(sent.components).find(
          (c) => str(obj(c).type).toLowerCase() === 'button' && Number(obj(c).index) === index,
        );
        const suffix = obj(arr(obj(sentButton).parameters)[0]).text;
        const url = suffix === undefined ? str(button.url) : str(button.url).replace(/\{\{\s*1\s*\}\}/, str(suffix));
        row.append(safeLink(url, button.text));
      });
      box.append(row);
    }
  }
  box.append(el('small', 'dim', `template ${def.name} · ${def.language}`));
  return box;
}

function headerNode(header) {
  const h = obj(header);
  if (h.type === 'text') return el('strong', 'header', str(h.text));
  if (h.type) return mediaNode(str(h.type), h[str(h.type)]);
  return undefined;
}

/** The interactive part. `actions` lets the bubble's buttons send the customer's answer. */
function interactiveNode(message, actions) {
  const i = obj(message.body.interactive);
  const box = el('div', `interactive ${str(i.type)}`);
  const header = headerNode(i.header);
  if (header) box.append(header);
  if (obj(i.body).text) box.append(el('p', 'text', str(obj(i.body).text)));
  if (obj(i.footer).text) box.append(el('small', 'footer', str(obj(i.footer).text)));
  const action = obj(i.action);
  const row = el('div', 'buttons');
  const params = obj(action.parameters);
  if (i.type === 'button') {
    for (const b of arr(action.buttons)) {
      const reply = obj(obj(b).reply);
      const button = el('button', 'reply', str(reply.title));
      button.type = 'button';
      button.addEventListener('click', () =>
        actions.send({ type: 'button_reply', id: str(reply.id), title: str(reply.title), contextId: message.id }),
      );
      row.append(button);
    }
  } else if (i.type === 'list') {
    const open = el('button', 'reply', str(action.button) || 'Menu');
    open.type = 'button';
    open.addEventListener('click', () => actions.openList(message, action));
    row.append(open);
  } else if (i.type === 'cta_url') {
    row.append(safeLink(params.url, params.display_text));
  } else if (i.type === 'location_request_message') {
    const share = el('button', 'reply', 'Send location');
    share.type = 'button';
    share.addEventListener('click', () => actions.shareLocation(message));
    row.append(share);
  } else if (i.type === 'flow') {
    const open = el('button', 'reply', str(params.flow_cta) || 'Open');
    open.type = 'button';
    open.addEventListener('click', () => actions.openFlow(params));
    row.append(open);
  } else if (i.type === 'carousel') {
    const cards = el('div', 'carousel');
    for (const c of arr(action.cards)) {
      const card = el('div', 'card');
      const ch = headerNode(obj(c).header);
      if (ch) card.append(ch);
      if (obj(obj(c).body).text) card.append(el('p', 'text', str(obj(obj(c).body).text)));
      const ca = obj(obj(c).action);
      if (ca.name === 'cta_url') card.append(safeLink(obj(ca.parameters).url, obj(ca.parameters).display_text));
      for (const b of arr(ca.buttons)) {
        const bb = obj(b);
        if (bb.type === 'cta_url') card.append(safeLink(obj(bb.parameters).url, obj(bb.parameters).display_text));
        else if (bb.type === 'quick_reply') {
          const reply = obj(bb.quick_reply);
          const button = el('button', 'reply', str(reply.title));
          button.type = 'button';
          button.addEventListener('click', () =>
            actions.send({ type: 'button_reply', id: str(reply.id), title: str(reply.title), contextId: message.id }),
          );
          card.append(button);
        }
      }
      cards.append(card);
    }
    box.append(cards);
  } else {
    box.append(el('p', 'dim', `interactive ${str(i.type)}`));
  }
  if (row.childNodes.length) box.append(row);
  return box;
}

/** The bubble's content for a bot message (the Graph request body). */
function botContent(message, actions) {
  const body = message.body;
  const kind = message.kind;
  if (kind === 'text') {
    const t = obj(body.text);
    const { node, url } = textWithLink(str(t.body));
    const box = el('div');
    if (url && t.preview_url === true) box.append(previewCard(url));
    box.append(node);
    return box;
  }
  if (['image', 'video', 'audio', 'document', 'sticker'].includes(kind)) return mediaNode(kind, body[kind]);
  if (kind === 'location') return locationNode(body.location);
  if (kind === 'contacts') return contactsNode(body.contacts);
  if (kind === 'template') return templateNode(body, message.template);
  if (kind === 'interactive') return interactiveNode(message, actions);
  return el('p', 'dim', `${kind} message`);
}

/** The bubble's content for what the customer sent (as the phone sent it). */
function customerContent(message) {
  const b = message.body;
  if (message.kind === 'text' && b.forwarded) {
    const box = el('div');
    box.append(
      el('small', 'forwarded', b.forwarded === 'frequently' ? '↪↪ Forwarded many times' : '↪ Forwarded'),
      textWithLink(str(b.text)).node,
    );
    return box;
  }
  if (message.kind === 'text') return textWithLink(str(b.text)).node;
  if (message.kind === 'contacts') return contactsNode(b.contacts);
  if (message.kind === 'button_reply' || message.kind === 'list_reply') return el('p', 'text', str(b.title));
  if (message.kind === 'location') return locationNode(b);
  const box = el('div', 'media');
  box.append(el('span', 'label', `${message.kind} · ${str(b.file)}`));
  if (b.caption) box.append(el('p', 'caption', str(b.caption)));
  return box;
}

const TICKS = { pending: '…', sent: '✓', delivered: '✓✓', read: '✓✓', played: '✓✓', failed: '⚠' };

export function setTick(bubble, message) {
  const tick = bubble.querySelector('.tick');
  tick.textContent = TICKS[message.tick] ?? '';
  tick.dataset.tick = message.tick;
  tick.title = message.tick;
  bubble.querySelector('.error')?.remove();
  if (message.error) {
    const e = message.error;
    const line = el('p', 'error', `(#${e.code}) ${e.title}: ${e.explanation}`);
    bubble.append(line);
  }
}

/** A reaction's target and emoji: the bot's Graph body, or the customer's message as the phone sent it. */
export function reactionOf(message) {
  const b = message.body;
  if (message.dir === 'out') return { messageId: str(obj(b.reaction).message_id), emoji: str(obj(b.reaction).emoji) };
  return { messageId: str(b.messageId), emoji: str(b.emoji) };
}

/** One chat bubble. */
export function bubble(message, actions, quoted) {
  const node = el('div', `bubble ${message.dir === 'out' ? 'bot' : 'me'}`);
  node.dataset.id = message.id;
  node.dataset.kind = message.kind;
  node.dataset.at = String(message.at);
  if (quoted) node.append(el('blockquote', '', quoted));
  if (message.kind === 'reaction') {
    const r = reactionOf(message);
    node.append(el('p', 'text', `${r.emoji || '∅'} reaction`));
  } else node.append(message.dir === 'out' ? botContent(message, actions) : customerContent(message));
  const meta = el('div', 'meta');
  meta.append(el('time', '', new Date(message.at).toLocaleTimeString()), el('span', 'tick'));
  const reply = el('button', 'quote', '↩');
  reply.type = 'button';
  reply.title = 'Reply to this message';
  reply.setAttribute('aria-label', 'Reply to this message');
  reply.addEventListener('click', () => actions.quote(message));
  meta.append(reply);
  if (message.dir === 'out' && message.kind !== 'reaction') {
    const react = el('button', 'react', '☺');
    react.type = 'button';
    react.title = 'React to this message';
    react.setAttribute('aria-label', 'React to this message');
    react.addEventListener('click', () => actions.react(message));
    meta.append(react);
  }
  node.append(meta);
  setTick(node, message);
  return node;
}

/** A short text for a quote or a row. */
export function gist(message) {
  const b = message.body;
  if (message.dir === 'in') return str(b.text ?? b.title ?? b.caption ?? message.kind);
  if (message.kind === 'text') return str(obj(b.text).body);
  if (message.kind === 'interactive') return str(obj(obj(b.interactive).body).text) || 'interactive';
  return message.kind;
}
