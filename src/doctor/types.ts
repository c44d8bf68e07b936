import type { ConfigKey, ConfigSource } from '../config/resolve.js';
import type { EventRecord } from '../events/record.js';
import type { Verdict as VerificationVerdict } from '../verification/types.js';
import type {
  AppSubscription,
  DebugTokenData,
  GraphFailure,
  GraphList,
  GraphOutcome,
  PhoneNumberData,
  SubscribedApp,
} from '../graph/types.js';

export type FindingStatus = 'ok' | 'warn' | 'fail' | 'skip';
export type FindingGroup = 'config' | 'receiver' | 'public' | 'meta' | 'log';

/** One doctor check result; `id` is stable across versions so scripts can rely on it. */
export interface Finding {
  id: string;
  group: FindingGroup;
  status: FindingStatus;
  title: string;
  finding: string;
  fix?: string;
}

export type Verdict = Pick<Finding, 'status' | 'finding' | 'fix'>;

/** A check: pure function from facts to a verdict, plus what it detects (README troubleshooting). */
export interface Rule {
  id: string;
  group: FindingGroup;
  title: string;
  detects: string;
  check(facts: DoctorFacts): Verdict;
}

/** One HTTP exchange made by a probe: what came back, or why nothing did. */
export interface HttpExchange {
  status?: number;
  body?: string;
  contentType?: string;
  location?: string;
  ms: number;
  /** Transport failure (refused, reset, DNS, TLS, timeout). */
  error?: string;
  errorCode?: string;
}

/** A verification handshake as judged by `verify`'s judge (core/verification.ts), so both say the same. */
export interface HandshakeFacts {
  verdict: Pick<VerificationVerdict, 'ok' | 'cause' | 'message' | 'hint' | 'warnings'>;
  /** The same GET with a wrong token also got 200 + challenge. */
  wrongTokenAccepted: boolean;
  wrongTokenStatus: number | null;
  status: number | null;
  ms: number | null;
}

export interface ReceiverFacts {
  url: string;
  listening: { ok: boolean; error?: string; ipv6Only?: boolean };
  handshake?: HandshakeFacts;
  /** An ASCII-only status event; signed when an app secret is known. */
  plainEvent?: HttpExchange;
  signed: boolean;
  /** The same kind of event with non-ASCII and `/`, serialized and signed the way Meta does. */
  metaStyleEvent?: HttpExchange;
  badSignature?: HttpExchange;
}

export interface PublicFacts {
  url?: string;
  origin: 'flag' | 'state' | 'none';
  dns?: { addresses: string[]; error?: string };
  tls?: { ok: boolean; code?: string; message?: string };
  handshake?: HandshakeFacts;
}

export interface MetaFacts {
  skipped?: 'offline' | 'no-token';
  debugVia?: 'app' | 'self';
  debugToken?: GraphOutcome<DebugTokenData>;
  /** Meta refused the app token APP_ID|APP_SECRET (wrong app id or App Secret): the error it gave. */
  appTokenRejected?: GraphFailure;
  phone?: GraphOutcome<PhoneNumberData>;
  wabaPhones?: GraphOutcome<GraphList<{ id: string; display_phone_number?: string }>>;
  subscribedApps?: GraphOutcome<GraphList<SubscribedApp>>;
  appSubscriptions?: GraphOutcome<GraphList<AppSubscription>>;
}

export interface UpFacts {
  localUrl: string;
  callbackUrl?: string;
  port: number;
  path: string;
  sessionVerifyToken?: string;
  /** The token the running `up` answers with, and where it came from (state file). */
  verifyToken?: string;
  forwardTo?: string;
  verifyTokenSource?: 'flag' | 'env' | 'dotenv' | 'generated';
}

export interface DoctorFacts {
  /** Milliseconds since the epoch when the facts were gathered (token expiry). */
  now: number;
  config: {
    envFile: { path: string; found: boolean; encoding?: string };
    values: Partial<Record<ConfigKey, string>>;
    sources: Partial<Record<ConfigKey, ConfigSource>>;
    port: number;
    path: string;
    urlFlag?: string;
  };
  git: { inRepo: boolean; ignored?: boolean; tracked?: boolean };
  /** The same for `.wa-hook/` (messages, phone numbers, the verify token), when the folder exists. */
  stateDirGit?: { inRepo: boolean; ignored?: boolean; tracked?: boolean };
  up?: UpFacts;
  receiver?: ReceiverFacts;
  public?: PublicFacts;
  meta: MetaFacts;
  /** Recent lines of .wa-hook/events.jsonl, oldest first. */
  events: EventRecord[];
}
