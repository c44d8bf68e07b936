import type { ConfigKey, ConfigSource } from '../config/resolve.js';
import type { EventRecord } from '../events/record/record.js';
import type { TextEncodingName } from '../config/env-encoding.js';
import type { LocalLogFacts } from './rules/local/facts.js';
import type { Verdict as VerificationVerdict } from '../verification/types.js';
import type {
  AppSubscription,
  DebugTokenData,
  GraphFailure,
  GraphList,
  GraphOutcome,
  PhoneNumberData,
  PhoneNumberDetails,
  SubscribedApp,
  WabaData,
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
  /** The id of the earlier finding this one follows from: fixing that one fixes this one (one cause → one problem). */
  causedBy?: string;
}

export type Verdict = Pick<Finding, 'status' | 'finding' | 'fix'> & {
  /** Earlier findings that may have caused this one (e.g. a 404 on the path also refuses the event); the first problem among them wins. */
  after?: string | readonly string[];
};

/** A check: pure function from facts to a verdict, plus what it detects (README troubleshooting). */
export interface Rule {
  id: string;
  group: FindingGroup;
  title: string;
  detects: string;
  /**
   * Earlier checks this one depends on: when one of them is a warning or failure and this one is too, this
   * finding is shown as its consequence instead of as a separate problem.
   */
  follows?: readonly string[];
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

/** A verification handshake as judged by `verify`'s judge (verification/judge.ts), so both say the same. */
export interface HandshakeFacts {
  verdict: Pick<VerificationVerdict, 'ok' | 'cause' | 'message' | 'hint' | 'warnings'>;
  /** The same GET with a wrong token also got 200 + challenge. */
  wrongTokenAccepted: boolean;
  /** The wrong token got a 4xx (or a 2xx without the challenge): refused. A 5xx (backend down) is no refusal. */
  wrongTokenRefused: boolean;
  wrongTokenStatus: number | null;
  status: number | null;
  ms: number | null;
}

/** Other spellings of the callback path tried after a failed handshake, and those that answered it. */
export interface PathVariantFacts {
  tried: string[];
  answering: string[];
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
  pathVariants?: PathVariantFacts;
  /**
   * The receiver is this folder's running `wa-hook up` checking signatures itself (not forwarding): how its App
   * Secret compares with the one doctor signs with (fingerprints). Undefined for any other receiver.
   */
  upSecret?: 'same' | 'other';
}

export interface PublicFacts {
  url?: string;
  origin: 'flag' | 'state' | 'none';
  dns?: { addresses: string[]; error?: string };
  tls?: {
    ok: boolean;
    code?: string;
    message?: string;
    /** Host names the presented certificate covers. */ certHosts?: string[];
  };
  handshake?: HandshakeFacts;
  pathVariants?: PathVariantFacts;
  /** The handshake sent to the URL as Meta spells it (`+` → %20…), when that differs from the URL as written. */
  metaSpelled?: { url: string; handshake: HandshakeFacts };
}

export interface MetaFacts {
  skipped?: 'offline' | 'no-token';
  debugVia?: 'app' | 'self';
  debugToken?: GraphOutcome<DebugTokenData>;
  /** Meta refused the app token APP_ID|APP_SECRET (wrong app id or App Secret): the error it gave. */
  appTokenRejected?: GraphFailure;
  phone?: GraphOutcome<PhoneNumberData>;
  /** Registration, display name, limits, mode and coexistence of the number (a second call: newer fields). */
  phoneDetails?: GraphOutcome<PhoneNumberDetails>;
  waba?: GraphOutcome<WabaData>;
  /** The first Graph answer that was a rate limit (4, 80007, 130429): the remaining calls were not made. */
  rateLimited?: GraphFailure;
  /** The first call that got no answer from Graph (DNS, refused, proxy, TLS, timeout): no Meta check ran. */
  unreachable?: GraphFailure;
  /** A call with the access token refused for want of appsecret_proof (the app requires it). */
  appSecretProofRequired?: GraphFailure;
  /** At least one call got an answer from Graph (data or a Graph error). */
  answered?: boolean;
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
  /** One-way fingerprint of the App Secret it checks signatures with (none: it checks none). */
  appSecretFingerprint?: string;
}

/** A line of a project file that reads .env through the shell. */
export interface ShellSourcer {
  file: string;
  line: string;
}

/** A tunnel found through its own local status (ngrok's agent API, cloudflared's metrics server). */
export interface TunnelFacts {
  tool: 'ngrok' | 'cloudflared';
  /** The public URL it serves, when its status says. */
  publicUrl?: string;
  /** Where it forwards, as the tool reports it ("http://localhost:3000", "localhost:80"). */
  origin: string;
  /** Whether something accepts connections on the origin's port. */
  originListening?: boolean;
  /** The status URL this came from. */
  source: string;
}

/** Where a file or folder stands with git: inside a repository, ignored, committed. */
export interface GitState {
  inRepo: boolean;
  ignored?: boolean;
  tracked?: boolean;
}

export interface DoctorFacts {
  /** Milliseconds since the epoch when the facts were gathered (token expiry). */
  now: number;
  config: {
    envFile: {
      path: string;
      found: boolean;
      /** Human label, e.g. "UTF-16LE with BOM". */
      encoding?: string;
      encodingName?: TextEncodingName;
      crlf?: boolean;
      firstKey?: string;
      /** Project scripts that load .env through the shell (`source .env`), which keeps every CR. */
      shellSourcers?: ShellSourcer[];
    };
    values: Partial<Record<ConfigKey, string>>;
    sources: Partial<Record<ConfigKey, ConfigSource>>;
    port: number;
    path: string;
    urlFlag?: string;
  };
  git: GitState;
  /** The same for `.wa-hook/` (messages, phone numbers, the verify token), when the folder exists. */
  stateDirGit?: GitState;
  up?: UpFacts;
  /** The verify token `up` keeps in .wa-hook/verify-token (answers with when none is configured). */
  keptVerifyToken?: string;
  receiver?: ReceiverFacts;
  public?: PublicFacts;
  meta: MetaFacts;
  /** Tunnels started outside wa-hook, found through their local status endpoints. */
  tunnels?: TunnelFacts[];
  /** Recent lines of .wa-hook/events.jsonl, oldest first. */
  events: EventRecord[];
  /** The bot's sends to local WhatsApp and their failed statuses (last 24 h); absent when there are none. */
  localLog?: LocalLogFacts;
}
