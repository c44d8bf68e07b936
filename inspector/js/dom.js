// Small DOM and API helpers. Everything that comes from a payload is put on screen with textContent,
// never innerHTML: a message text like <img src=x onerror=…> must stay text.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** One status line at the bottom of the page. */
export function say(message, bad) {
  const status = $('status');
  status.textContent = message;
  status.className = bad ? 'bad' : '';
}

/** The per-session token from the URL `wa-hook up` printed (#token=…): every /api/* call carries it. */
export const TOKEN = new URLSearchParams(location.hash.slice(1)).get('token') || '';

/** JSON from the inspector's own API; a non-2xx answer throws with the server's error text. */
export async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...(init.headers || {}), 'X-Wa-Hook-Token': TOKEN } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}
