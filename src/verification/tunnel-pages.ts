/**
 * Pages that tunnels and proxies put in front of a receiver. They answer for it, so the status code says
 * nothing about the receiver itself: recognise them before judging the status. Pure: no I/O.
 */
import type { Finding, ProbeResponse } from './types.js';

function header(response: ProbeResponse, name: string): string {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** An HTML document where a bare challenge was expected (by content type or by its first bytes). */
export function isHtml(response: ProbeResponse): boolean {
  return (
    /\btext\/html\b|xhtml/i.test(header(response, 'content-type')) ||
    /^\s*(<!doctype html|<html[\s>])/i.test(response.body)
  );
}

/** A tunnel or proxy page recognised by its markers, or undefined when the answer came from further in. */
export function detectTunnelPage(response: ProbeResponse): Finding | undefined {
  const body = response.body;
  // cloudflared: 530 + "error code: 1033" while the quick tunnel has no connection to the edge (yet).
  if (response.status === 530 || /error code:\s*1033/i.test(body)) {
    return {
      cause: 'tunnel-not-ready',
      message: `Cloudflare answered ${response.status}${/1033/.test(body) ? ' (error code: 1033)' : ''}: the tunnel has no connection to your machine`,
      hint: 'cloudflared is still connecting: retry in a few seconds; if it persists, restart `wa-hook up` (a quick-tunnel URL dies with its process)',
    };
  }
  if (/Friendly Reminder|loca\.lt\/mytunnelpassword|endpoint IP is not correct/i.test(body)) {
    return {
      cause: 'localtunnel-reminder',
      message: `loca.lt answered ${response.status} with its "Friendly Reminder" page instead of your receiver's answer`,
      hint:
        "Meta's request may be stopped by it too: use `wa-hook up --tunnel cloudflared`, " +
        'or open the URL once in a browser and enter the tunnel password (your public IP)',
    };
  }
  if (response.status === 503 && /tunnel unavailable/i.test(body)) {
    return {
      cause: 'tunnel-offline',
      message: 'loca.lt answered 503 Tunnel Unavailable: the localtunnel client is gone',
      hint: 'restart `wa-hook up` and give Meta the new URL (localtunnel URLs change when the client reconnects)',
    };
  }
  if (/ngrok-skip-browser-warning|ERR_NGROK_6024/i.test(body)) {
    return {
      cause: 'ngrok-browser-warning',
      message: `ngrok answered ${response.status} with its browser-warning page instead of your receiver's answer`,
      hint: 'free ngrok endpoints show this page to browser-like clients: use `wa-hook up` (cloudflared) or an ngrok plan without the interstitial',
    };
  }
  if (/ERR_NGROK_3200/.test(body)) {
    return {
      cause: 'tunnel-offline',
      message: `ngrok answered ${response.status}: the endpoint is offline (ERR_NGROK_3200)`,
      hint: 'start ngrok again and give Meta the current URL, or use `wa-hook up`',
    };
  }
  if (/ERR_NGROK_8012/.test(body)) {
    return {
      cause: 'origin-unreachable',
      message: `ngrok answered ${response.status}: it cannot reach your local server (ERR_NGROK_8012)`,
      hint: 'start the receiver (`wa-hook up --tunnel none`) on the port ngrok forwards to',
    };
  }
  const cfMitigated = /challenge/i.test(header(response, 'cf-mitigated'));
  if (
    cfMitigated ||
    (isHtml(response) &&
      /challenge-platform|cf-chl|Just a moment\.\.\.|Attention Required! \| Cloudflare|Sorry, you have been blocked/i.test(
        body,
      ))
  ) {
    return {
      cause: 'cloudflare-challenge',
      message: `Cloudflare answered ${response.status} with a bot challenge / block page instead of your receiver's answer`,
      hint: 'Cloudflare\'s WAF, Bot Fight Mode or "Under Attack" mode blocks Meta too: add a WAF skip rule for the webhook path',
    };
  }
  return undefined;
}
