/**
 * What an `up` session says, as data. The session (session-io.ts) emits these; every view subscribes: the
 * terminal lines and `--json` (ui/up/up-session-view.ts), the web inspector, state.json (state-file-io.ts).
 * Nothing in the session renders. A view ignores the kinds it does not know, so a new kind is additive.
 */
import type { EventRecord } from '../events/record/record.js';
import type { SlowAck } from '../events/ack-time.js';
import type { EchoReport } from '../echo/bot-io.js';
import type { SetupResult } from '../graph/meta-setup-io.js';
import type { ClipboardResult } from '../platform/clipboard-io.js';
import type { SelfTestVerdict } from '../tunnels/self-test-io.js';
import type { TunnelFailure, TunnelProvider } from '../tunnels/types.js';

/** One request answered and recorded in the event log (or refused and recorded as such). */
export interface RequestEvent {
  type: 'request';
  record: EventRecord;
  /** The parsed JSON of an accepted event (the forwarder does not parse bodies: undefined there). */
  payload?: unknown;
  /** The fix for a refused request, e.g. "check WHATSAPP_APP_SECRET". */
  hint?: string;
  /** Forward mode: the backend acknowledged, but slower than --slow-ms (Meta may time out and resend). */
  slowAck?: SlowAck;
}

/** The receiver listens and every part has started. Secrets are raw here: views mask them. */
export interface ReadyEvent {
  type: 'ready';
  pid: number;
  /** Random per session; the receiver answers it on GET INSTANCE_PATH (state/instance.ts). */
  instanceId: string;
  startedAt: string;
  /** Local callback URL, e.g. http://127.0.0.1:8000/webhook */
  localUrl: string;
  port: number;
  path: string;
  forwardTo?: string;
  /** --forward-subpaths: every method and sub-path is exposed, not just Meta's route. */
  forwardSubpaths: boolean;
  /** Undefined in forward mode when none is configured: the backend holds it. */
  verifyToken?: string;
  verifyTokenSource?: 'flag' | 'env' | 'dotenv' | 'generated';
  /** One-way fingerprint of the App Secret; set exactly when signatures are checked. */
  appSecretFingerprint?: string;
  eventLog: string;
  inspectorUrl?: string;
  /** `--echo` is on: the number it replies as and the access token, masked. */
  echo?: { phoneNumberId: string; maskedToken: string };
  /** What the public side is; its URL comes later in a `tunnel` event (state `up`). */
  publicSide: 'tunnel' | 'public-url' | 'none';
}

/** The public side: a supervised tunnel, or --public-url (provider `public-url`, state `up` only). */
export type TunnelEvent =
  | {
      type: 'tunnel';
      state: 'starting';
      provider: TunnelProvider;
      attempt: number;
      /** Not the first try: an earlier attempt failed. */
      retrying: boolean;
      /** First attempt only: localtunnel was picked because cloudflared is not on PATH. */
      noCloudflared: boolean;
    }
  | {
      type: 'tunnel';
      state: 'up';
      provider: TunnelProvider | 'public-url';
      publicUrl: string;
      callbackUrl: string;
      previousCallbackUrl?: string;
      /** The callback URL differs from the one announced before: Meta must be updated. */
      changed: boolean;
      restarted: boolean;
      clipboard: ClipboardResult;
    }
  | {
      type: 'tunnel';
      state: 'failed';
      provider: TunnelProvider;
      failure: TunnelFailure;
      retryInMs: number;
      wasUp: boolean;
      /** The same failure as the attempt before. */
      repeated: boolean;
    }
  | { type: 'tunnel'; state: 'gave-up'; provider: TunnelProvider; failure: TunnelFailure; attempts: number }
  /** Something to fix that does not stop the tunnel (at most once a minute per failure id). */
  | { type: 'tunnel'; state: 'warning'; provider: TunnelProvider; failure: TunnelFailure }
  /** One line of the tunnel program's own output (shown with DEBUG=wa-hook). */
  | { type: 'tunnel'; state: 'output'; provider: TunnelProvider; line: string };

/** Meta's verification handshake sent through the public URL. */
export type SelfTestEvent =
  | { type: 'self-test'; state: 'running'; callbackUrl: string }
  | { type: 'self-test'; state: 'done'; callbackUrl: string; verdict: SelfTestVerdict & { attempts: number } }
  | { type: 'self-test'; state: 'skipped'; callbackUrl: string; reason: string };

/**
 * The callback URL to give Meta now: a new (or changed) public URL after its self-test (and registration with
 * --register). The terminal prints what to paste where.
 */
export interface CallbackUrlEvent {
  type: 'callback-url';
  callbackUrl: string;
  provider: TunnelProvider | 'public-url';
  /** A cloudflared quick tunnel: its URL changes on every start. */
  quickTunnel: boolean;
}

/** `--register`: what Meta answered to subscribing the app and setting the callback URL. */
export interface RegisterEvent {
  type: 'register';
  callbackUrl: string;
  ok: boolean;
  subscribedApp?: SetupResult;
  webhook: SetupResult;
}

/** Something the user should fix or know; the session keeps running. */
export interface WarningEvent {
  type: 'warning';
  source: 'config' | 'echo' | 'register' | 'inspector' | 'event-log' | 'tunnel' | 'session';
  message: string;
  hint?: string;
}

/**
 * One Graph API call answered by a local stand-in of Meta (`up --local`). Reserved: the part that emits it
 * (Local WhatsApp) defines its fields further; views that do not know it ignore it.
 */
export interface GraphCallEvent {
  type: 'graph-call';
  method: string;
  path: string;
  status: number;
  ms?: number;
}

/** stop() was called: parts are closing. */
export interface StoppingEvent {
  type: 'stopping';
}

/** Every part is closed and the port is free; the last event of a session. */
export interface StoppedEvent {
  type: 'stopped';
}

export type UpEvent =
  | RequestEvent
  | ReadyEvent
  | TunnelEvent
  | SelfTestEvent
  | CallbackUrlEvent
  | RegisterEvent
  | EchoReport
  | WarningEvent
  | GraphCallEvent
  | StoppingEvent
  | StoppedEvent;

/**
 * A subscriber. One that returns a promise holds back later deliveries until it settles: state.json is on disk
 * before the `ready` line is printed, and events reach every subscriber in the order they happened.
 */
export type UpListener = (event: UpEvent) => void | Promise<void>;
