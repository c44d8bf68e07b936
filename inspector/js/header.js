// The header: callback URL (with a copy button), verify token, tunnel, signature checking.
import { $, el, say } from './dom.js';

let info = {};

export function showInfo(next) {
  info = next;
  $('callback-url').textContent = info.callbackUrl || '';
  $('verify-token').textContent = info.verifyToken || '';
  $('tunnel').textContent = info.tunnel || '';
  $('signatures').textContent =
    info.signatures === 'checked' ? 'checked with the app secret' : 'not checked (no app secret)';
  $('signatures').className = info.signatures === 'checked' ? 'ok' : 'bad';
}

export async function copyUrl() {
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
