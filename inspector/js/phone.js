/* global FileReader */
// The Phone view (`wa-hook up --local`): the customer's side of a WhatsApp chat with the bot. What the customer
// sends goes to /api/phone/send (local Meta builds the exact signed webhook); the bot's messages, their ticks
// and the typing indicator arrive on the inspector's stream.
import { $, api, el, say } from './dom.js';
import { bubble, gist, reactionOf, setTick } from './bubbles.js';

const DEFAULT_CUSTOMER = { waId: '16505551234', name: 'Local Customer' };

const phone = {
  customers: [],
  messages: new Map(), // wamid → message
  bubbles: new Map(), // wamid → its bubble in the open chat (a selector over 5,000 bubbles costs per tick)
  current: undefined, // waId of the open chat
  quote: undefined, // the message the next text replies to
  typingTimer: undefined,
};

const post = (path, body) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function showCustomers() {
  const menu = $('phone-customer');
  menu.textContent = '';
  for (const c of phone.customers) {
    const option = el('option', '', `${c.name} · +${c.waId}`);
    option.value = c.waId;
    menu.append(option);
  }
  if (phone.current) menu.value = phone.current;
}

function rememberCustomer(customer) {
  const known = phone.customers.find((c) => c.waId === customer.waId);
  if (known) Object.assign(known, customer);
  else phone.customers.push(customer);
  showCustomers();
}

const UNREAD = new Set(['pending', 'sent', 'delivered']);

/**
 * The customer looks at this chat: the bot's unread messages in it are read (local Meta then sends `read`).
 * Only while the page is visible, as WhatsApp reads only what is on screen.
 */
function markRead() {
  const waId = phone.current;
  if (!waId || document.visibilityState !== 'visible') return;
  let unread = false;
  for (const m of phone.messages.values()) if (m.waId === waId && m.dir === 'out' && UNREAD.has(m.tick)) unread = true;
  if (unread) post('/api/phone/read', { waId }).catch((error) => say(`Could not mark read: ${error.message}`, true));
}

/**
 * Scrolls to the newest message, and again two frames later: an off-screen bubble is laid out with an estimated
 * height (content-visibility) and takes its real one once the scroll brought it on screen.
 */
function toBottom(chat) {
  const stick = () => (chat.scrollTop = chat.scrollHeight);
  stick();
  // The frame after the scroll lays the newly visible bubbles out; the one after that sees their real heights.
  requestAnimationFrame(() => requestAnimationFrame(stick));
}

function openChat(waId) {
  phone.current = waId;
  const customer = phone.customers.find((c) => c.waId === waId);
  $('phone-chat-name').textContent = customer ? `${customer.name} (+${customer.waId})` : '';
  $('phone-customer').value = waId;
  setQuote(undefined);
  $('phone-typing').hidden = true;
  const chat = $('phone-chat');
  chat.textContent = '';
  phone.bubbles.clear();
  for (const m of phone.messages.values()) {
    const node = m.waId === waId ? render(m) : undefined;
    if (node) chat.append(node);
  }
  toBottom(chat);
  markRead();
}

function quotedText(message) {
  const target = message.dir === 'in' ? message.body.contextId : undefined;
  const m = target && phone.messages.get(target);
  return m ? gist(m) : undefined;
}

/** A bubble; a reaction instead sits on the message it reacts to (a bubble only when that one is not on screen). */
function render(message) {
  if (message.kind === 'reaction') {
    const { messageId, emoji } = reactionOf(message);
    const target = phone.bubbles.get(messageId);
    if (target) {
      // Each side has one reaction per message: the newest replaces (or, empty, removes) its own.
      const side = message.dir === 'out' ? 'bot' : 'me';
      target.querySelector(`.reaction.${side}`)?.remove();
      if (emoji) {
        const badge = el('span', `reaction ${side}`, emoji);
        badge.dataset.id = message.id;
        target.append(badge);
      }
      return undefined;
    }
  }
  const node = bubble(message, actions, quotedText(message));
  phone.bubbles.set(message.id, node);
  return node;
}

function setQuote(message) {
  phone.quote = message;
  $('phone-quote').hidden = !message;
  $('phone-quote-text').textContent = message ? gist(message) : '';
  if (message) $('phone-text').focus();
}

async function send(body) {
  if (!phone.current) return say('Add a customer first', true);
  try {
    const result = await post('/api/phone/send', { from: phone.current, ...body });
    if (result.httpStatus >= 300 || result.httpStatus === 0)
      say(`The webhook answered HTTP ${result.httpStatus || 'nothing'}`, true);
  } catch (error) {
    say(`Could not send: ${error.message}`, true);
  }
}

function closeSheet() {
  const sheet = $('phone-sheet');
  sheet.hidden = true;
  sheet.textContent = '';
  phone.sheetReturn?.focus();
}

function openSheet(title, fill) {
  const sheet = $('phone-sheet');
  phone.sheetReturn = document.activeElement;
  sheet.textContent = '';
  const head = el('div', 'sheet-head');
  const close = el('button', 'close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close');
  close.addEventListener('click', closeSheet);
  head.append(el('strong', '', title), close);
  sheet.append(head);
  fill(sheet);
  sheet.hidden = false;
  (sheet.querySelector('.row-button, input') ?? close).focus();
}

const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** A labelled input for the sheet's small forms. */
function field(label, name, attrs = {}) {
  const wrap = el('label', 'sheet-field', label);
  const input = el('input');
  input.name = name;
  Object.assign(input, attrs);
  wrap.append(input);
  return wrap;
}

/** Share a contact card: name, phone, and whether that number is on WhatsApp (Meta then adds its wa_id). */
function contactForm() {
  const form = el('form', 'sheet-form');
  form.id = 'phone-contact-form';
  const onWhatsApp = field('On WhatsApp', 'onWhatsApp', { type: 'checkbox', checked: true });
  form.append(
    el('h3', '', 'Share a contact'),
    field('Name', 'name', { required: true, maxLength: 100, value: 'Pablo Morales' }),
    field('Phone', 'phone', { required: true, maxLength: 40, value: '+1 415 555 0123' }),
    onWhatsApp,
  );
  const submit = el('button', '', 'Share contact');
  submit.type = 'submit';
  form.append(submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (name) => form.elements.namedItem(name);
    const phoneText = v('phone').value;
    closeSheet();
    void send({
      type: 'contacts',
      contacts: [
        {
          name: v('name').value,
          phone: phoneText,
          ...(v('onWhatsApp').checked ? { waId: phoneText.replace(/\D/g, '') } : {}),
        },
      ],
    });
  });
  return form;
}

/** A text forwarded from another chat (Meta marks it forwarded, or frequently forwarded past 5 times). */
function forwardForm() {
  const form = el('form', 'sheet-form');
  form.id = 'phone-forward-form';
  form.append(
    el('h3', '', 'Forward a message'),
    field('Text', 'text', { required: true, maxLength: 4096, value: 'Look at this offer: https://example.com/sale' }),
    field('Forwarded more than 5 times', 'frequently', { type: 'checkbox' }),
  );
  const submit = el('button', '', 'Forward');
  submit.type = 'submit';
  form.append(submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (name) => form.elements.namedItem(name);
    const text = v('text').value;
    const forwarded = v('frequently').checked ? 'frequently' : 'forwarded';
    closeSheet();
    void send({ type: 'text', text, forwarded });
  });
  return form;
}

const actions = {
  send: (body) => void send(body),
  quote: (message) => setQuote(message),
  openList(message, action) {
    openSheet(String(action.button || 'Menu'), (sheet) => {
      for (const section of Array.isArray(action.sections) ? action.sections : []) {
        if (section.title) sheet.append(el('h3', '', String(section.title)));
        for (const row of Array.isArray(section.rows) ? section.rows : []) {
          const b = el('button', 'row-button');
          b.type = 'button';
          b.dataset.rowId = String(row.id ?? '');
          b.append(el('span', '', String(row.title ?? '')));
          if (row.description) b.append(el('small', '', String(row.description)));
          b.addEventListener('click', () => {
            closeSheet();
            void send({ type: 'list_reply', id: String(row.id), title: String(row.title), contextId: message.id });
          });
          sheet.append(b);
        }
      }
    });
  },
  openFlow(params) {
    openSheet('Flow', (sheet) => {
      sheet.append(
        el('p', '', 'Flows run on Meta’s servers: local WhatsApp shows what the bot sent.'),
        el('p', '', `flow_id: ${String(params.flow_id ?? params.flow_name ?? '')}`),
        el('p', '', `flow_token: ${String(params.flow_token ?? '')}`),
        el('p', '', `flow_action: ${String(params.flow_action ?? 'navigate')}`),
      );
    });
  },
  /** From the compose bar, or `request`: the bot's location request message the customer answers. */
  shareLocation(request) {
    void send({
      type: 'location',
      latitude: 37.4847,
      longitude: -122.1477,
      name: 'Meta HQ',
      address: '1 Hacker Way, Menlo Park, CA 94025',
      ...(request ? { contextId: request.id } : {}),
    });
  },
  react(message) {
    openSheet('React', (sheet) => {
      const row = el('div', 'emoji-row');
      for (const emoji of REACTIONS) {
        const b = el('button', 'row-button emoji', emoji);
        b.type = 'button';
        b.dataset.emoji = emoji;
        b.setAttribute('aria-label', `React ${emoji}`);
        b.addEventListener('click', () => {
          closeSheet();
          void send({ type: 'reaction', messageId: message.id, emoji });
        });
        row.append(b);
      }
      const remove = el('button', 'row-button', 'Remove my reaction');
      remove.type = 'button';
      remove.dataset.emoji = '';
      remove.addEventListener('click', () => {
        closeSheet();
        void send({ type: 'reaction', messageId: message.id, emoji: '' });
      });
      sheet.append(row, remove);
    });
  },
  more() {
    openSheet('Share', (sheet) => {
      sheet.append(contactForm(), forwardForm());
    });
  },
};

/** The first bubble after `at` (the customer's own message is confirmed late); looked for from the end. */
function laterThan(chat, at) {
  let later = null;
  for (let b = chat.lastElementChild; b && Number(b.dataset.at) > at; b = b.previousElementSibling) later = b;
  return later;
}

function onMessage(message) {
  phone.messages.set(message.id, message);
  if (!phone.customers.some((c) => c.waId === message.waId))
    rememberCustomer({ waId: message.waId, name: `+${message.waId}` });
  if (message.waId !== phone.current) {
    if (!phone.current) openChat(message.waId);
    return;
  }
  if (message.dir === 'out') $('phone-typing').hidden = true;
  const chat = $('phone-chat');
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  // The customer's own message is confirmed after the webhook was answered: the bot may have replied already.
  const node = render(message);
  if (node) chat.insertBefore(node, laterThan(chat, message.at));
  if (atBottom || message.dir === 'in') toBottom(chat);
  if (message.dir === 'out') markRead();
}

function onTick(message) {
  phone.messages.set(message.id, message);
  const node = message.waId === phone.current ? phone.bubbles.get(message.id) : undefined;
  if (node) setTick(node, message);
}

function onTyping({ waId, untilMs }) {
  if (waId !== phone.current) return;
  $('phone-typing').hidden = false;
  clearTimeout(phone.typingTimer);
  phone.typingTimer = setTimeout(() => ($('phone-typing').hidden = true), untilMs);
}

function showFaults(faults) {
  const list = $('phone-fault-list');
  list.textContent = '';
  if (!faults.length) list.append(el('li', 'dim', 'no fault rules: sends succeed'));
  for (const f of faults) list.append(el('li', '', `(#${f.code}) next send · hits ${f.hits}`));
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function kindOf(file) {
  if (/\.webp$/i.test(file.name)) return 'sticker';
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  if (file.type.startsWith('audio/')) return 'audio';
  return 'document';
}

function wire() {
  $('phone-customer').addEventListener('change', (e) => openChat(e.target.value));
  $('phone-add').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const c = await post('/api/phone/customers', {
        waId: $('phone-add-number').value,
        name: $('phone-add-name').value,
      });
      rememberCustomer(c);
      openChat(c.waId);
      $('phone-add-number').value = '';
      $('phone-add-name').value = '';
    } catch (error) {
      say(error.message, true);
    }
  });
  $('phone-compose').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('phone-text').value;
    if (!text.trim()) return;
    $('phone-text').value = '';
    const contextId = phone.quote?.id;
    setQuote(undefined);
    void send({ type: 'text', text, ...(contextId ? { contextId } : {}) });
  });
  $('phone-quote-cancel').addEventListener('click', () => setQuote(undefined));
  $('phone-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    e.target.value = '';
    const caption = $('phone-text').value;
    $('phone-text').value = '';
    await send({ type: kindOf(file), fileName: file.name, dataBase64: await readFile(file), caption });
  });
  $('phone-location').addEventListener('click', () => actions.shareLocation());
  $('phone-more').addEventListener('click', () => actions.more());
  $('phone-clock').addEventListener('click', async () => {
    try {
      const { clockOffsetMs } = await post('/api/phone/clock', { ms: 24 * 3_600_000 });
      $('phone-clock-offset').textContent = `clock +${Math.round(clockOffsetMs / 3_600_000)} h`;
      say('Local WhatsApp’s clock moved 24 hours on');
    } catch (error) {
      say(error.message, true);
    }
  });
  $('phone-faults-toggle').addEventListener('click', () => {
    const box = $('phone-faults');
    box.hidden = !box.hidden;
    $('phone-faults-toggle').setAttribute('aria-expanded', String(!box.hidden));
  });
  $('phone-fault-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      showFaults((await post('/api/phone/faults', { code: Number($('phone-fault-code').value) })).faults);
    } catch (error) {
      say(error.message, true);
    }
  });
  $('phone-fault-clear').addEventListener('click', async () =>
    showFaults((await post('/api/phone/faults', { clear: true })).faults),
  );
  document.addEventListener('visibilitychange', markRead);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('phone-sheet').hidden) closeSheet();
  });
}

/** Shows the Phone view and loads what happened so far. */
export async function startPhone() {
  $('phone').hidden = false;
  document.querySelector('main').classList.add('with-phone');
  wire();
  const state = await api('/api/phone');
  phone.customers = state.customers;
  for (const m of state.messages) phone.messages.set(m.id, m);
  showFaults(state.faults);
  if (state.clockOffsetMs)
    $('phone-clock-offset').textContent = `clock +${Math.round(state.clockOffsetMs / 3_600_000)} h`;
  if (!phone.customers.length) phone.customers.push(await post('/api/phone/customers', DEFAULT_CUSTOMER));
  showCustomers();
  openChat(phone.customers[0].waId);
}

export function listenPhone(stream) {
  stream.addEventListener('phone-message', (e) => onMessage(JSON.parse(e.data)));
  stream.addEventListener('phone-tick', (e) => onTick(JSON.parse(e.data)));
  stream.addEventListener('phone-typing', (e) => onTyping(JSON.parse(e.data)));
}
