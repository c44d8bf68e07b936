/** The public side's state in a few words, as the web inspector shows it, from the session's events. */
import type { UpEvent } from './events.js';

export interface TunnelStatus {
  text: string;
  callbackUrl?: string;
}

/** Follows the events; `provider` is the last one seen (a self-test event does not name it). */
export function createTunnelStatus(): (event: UpEvent) => TunnelStatus | undefined {
  let provider = '';
  return (event) => {
    if (event.type === 'tunnel') {
      provider = event.provider;
      if (event.state === 'starting') return { text: `${provider}: starting` };
      if (event.state === 'up')
        return {
          text: `${provider}: up${event.changed ? ' (URL changed: update Meta)' : ''}`,
          callbackUrl: event.callbackUrl,
        };
      if (event.state === 'failed') return { text: `${provider}: no public URL (${event.failure.message}); retrying` };
      if (event.state === 'gave-up')
        return { text: `${provider}: no public URL (${event.failure.message}); stopped retrying` };
      return undefined;
    }
    if (event.type === 'self-test' && event.state === 'done') {
      const { verdict } = event;
      return {
        text: `${provider}: up, self-test ${verdict.ok ? 'passed' : `failed (${verdict.cause})`}`,
        callbackUrl: event.callbackUrl,
      };
    }
    return undefined;
  };
}
