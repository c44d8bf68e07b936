import type { DoctorFacts, Rule, TunnelFacts } from '../../types.js';
import { announcedCallbackUrl, fail, ok, skip } from '../helpers.js';
import { isLoopbackHost, originAddress } from './tunnel-status.js';

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function receiverPort(facts: DoctorFacts): number | undefined {
  const url = facts.receiver?.url ?? facts.up?.localUrl;
  if (url) {
    try {
      const u = new URL(url);
      return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    } catch {
      // fall through to the configured port
    }
  }
  return facts.config.port || undefined;
}

/** The command that restarts this tunnel on the receiver's port. */
function restartCommand(t: TunnelFacts, port: number): string {
  return t.tool === 'ngrok' ? `ngrok http ${port}` : `cloudflared tunnel --url http://localhost:${port}`;
}

export const TUNNEL_PORT_RULE: Rule = {
  id: 'public.tunnel-port',
  group: 'public',
  title: 'tunnel forwards to the receiver’s port',
  detects:
    "a tunnel started by hand (ngrok, cloudflared) forwards to another port than the receiver's: read from ngrok's local API (127.0.0.1:4040) and " +
    "cloudflared's metrics server (/quicktunnel, /config)",
  check: (facts) => {
    const tunnels = facts.tunnels ?? [];
    if (tunnels.length === 0)
      return skip(
        "no ngrok or cloudflared status found (ngrok's API on 127.0.0.1:4040, cloudflared metrics on 127.0.0.1:20241–20245)",
      );
    const port = receiverPort(facts);
    if (!port) return skip('receiver port unknown');
    const publicHost = hostOf(announcedCallbackUrl(facts) ?? facts.public?.url);
    // With a callback URL, only the tunnel serving it matters; without one, every tunnel is a candidate.
    const relevant = tunnels.filter((t) => !publicHost || hostOf(t.publicUrl) === publicHost);
    const [first] = relevant;
    if (first === undefined) return skip(`no running tunnel serves ${publicHost}`);
    const wrongPort = (t: TunnelFacts) => {
      const a = originAddress(t.origin);
      return a !== undefined && isLoopbackHost(a.host) && a.port !== port ? a.port : undefined;
    };
    const wrong = relevant.find((t) => wrongPort(t) !== undefined);
    const to = wrong && wrongPort(wrong);
    if (!wrong || to === undefined)
      return ok(`${first.tool} forwards ${first.publicUrl ?? 'its URL'} to ${first.origin}, the receiver's port`);
    const nobody =
      wrong.originListening === false
        ? ` Nothing listens on ${to}: ${wrong.tool === 'ngrok' ? 'ngrok answers 502 (ERR_NGROK_8012)' : 'cloudflared answers 502'} and Meta reports ` +
          `the callback as not validated.`
        : ` Meta's requests go to whatever runs on ${to}, not to the receiver.`;
    return fail(
      `${wrong.tool} forwards ${wrong.publicUrl ?? 'its URL'} to ${wrong.origin} (port ${to}), but the receiver listens on port ${port}.${nobody}`,
      `restart the tunnel on the receiver's port: \`${restartCommand(wrong, port)}\` (a new URL: register it in Meta) — or run the receiver on port ` +
        `${to} (PORT=${to})`,
    );
  },
};
