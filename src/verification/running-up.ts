/**
 * When the receiver is the running `wa-hook up` (its state file checked out: state/state-file-io.ts), hints name
 * it: "start `wa-hook up`" is wrong while it runs, and in forward mode its backend is what to start. Pure: no I/O.
 */
import type { Finding } from './types.js';

/** What is known about the receiver when it is this folder's running `wa-hook up`. */
export interface RunningUpReceiver {
  /** --forward-to: the backend it relays Meta's requests to (it answers for it). */
  forwardTo?: string;
}

/** The same finding, said about the running `up` (and its backend) instead of "your receiver". */
export function aboutRunningUp(finding: Finding, status: number | null, up: RunningUpReceiver): Finding {
  if (finding.cause !== 'origin-unreachable') return finding;
  if (up.forwardTo) {
    return {
      cause: finding.cause,
      message: `the running \`wa-hook up\` answered ${status ?? 502}: its backend ${up.forwardTo} did not answer`,
      hint: `start your backend at ${up.forwardTo} (\`wa-hook up\` is running and forwards to it), or restart \`wa-hook up\` with the right --forward-to`,
    };
  }
  return {
    cause: finding.cause,
    message: `the server answered ${status ?? 502}: the tunnel in front of the running \`wa-hook up\` could not reach it`,
    hint: '`wa-hook up` is running but its tunnel lost it: restart `wa-hook up`',
  };
}
