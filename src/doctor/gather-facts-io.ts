import type { Ctx } from '../context.js';
import type { LoadedConfig } from '../config/resolve.js';
import type { DoctorFacts, MetaFacts, PublicFacts, ReceiverFacts, UpFacts } from './diagnose.js';
import type { EventRecord } from '../events/record/record.js';
import { badlySignedSample, metaStyleStatusSample, plainStatusSample, type SignedSample } from './probe-samples.js';
import { readState, stateDir } from '../state/state-file-io.js';
import { readKeptToken } from '../state/session-token-io.js';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { eventsFilePath, readPage } from '../events/log/reader-io.js';
import { readLocalLogFacts } from './rules/local/log-facts-io.js';
import { gitStatusOf } from '../config/git-ignore-io.js';
import {
  checkTls,
  DOCTOR_UA,
  httpExchange,
  looksLikeWrongPath,
  META_VERIFY_UA,
  probePathVariants,
  probeHandshake,
  resolveHost,
  tcpConnect,
} from './probes-io.js';
import { appAccessToken, graphClientFor, type GraphClient } from '../graph/client-io.js';
import { isAppSecretProofRequired, isRateLimit, type GraphFailure, type GraphOutcome } from '../graph/types.js';
import { probeHeaders, type ProbeKind } from '../events/probe.js';
import { chooseVerifyToken } from '../state/up-token.js';
import type { RunningUpReceiver } from '../verification/running-up.js';
import { secretFingerprint } from '../verification/signature.js';
import { sameUrl } from './rules/helpers.js';
import { findShellSourcers } from './env-scripts-io.js';
import { gatherTunnels } from './tunnel-status-io.js';
import { metaSpelling } from './rules/callback/meta-spelling.js';

export interface GatherOptions {
  config: LoadedConfig;
  ctx: Ctx;
  urlFlag?: string;
  offline: boolean;
  graph?: GraphClient;
}

/** How far back recorded events count as evidence about the current setup. */
const EVENT_WINDOW_MS = 24 * 3600 * 1000;
const EVENT_LIMIT = 500;

/** Collects everything the diagnosis rules judge: files, the running `up`, probes, Graph API answers. */
export async function gatherFacts(options: GatherOptions): Promise<DoctorFacts> {
  const { config, ctx } = options;
  const now = Date.now();
  const [state, git, keptVerifyToken] = await Promise.all([
    readState(ctx.cwd),
    config.dotenv.found ? gitStatusOf(config.dotenv.path) : { inRepo: false },
    readKeptToken(ctx.cwd),
  ]);
  const up: UpFacts | undefined = state && {
    localUrl: state.localUrl,
    callbackUrl: state.callbackUrl,
    port: state.port,
    path: state.path,
    sessionVerifyToken: state.verifyTokenSource === 'generated' ? state.verifyToken : undefined,
    verifyToken: state.verifyToken,
    forwardTo: state.forwardTo,
    verifyTokenSource: state.verifyTokenSource,
    appSecretFingerprint: state.appSecretFingerprint,
  };
  const facts: DoctorFacts = {
    now,
    config: {
      envFile: {
        path: config.dotenv.path,
        found: config.dotenv.found,
        encoding: config.dotenv.encodingLabel,
        encodingName: config.dotenv.encoding,
        crlf: config.dotenv.crlf,
        firstKey: config.dotenv.firstKey,
        // Only CRLF makes shell sourcing matter: skip reading the project's scripts otherwise.
        shellSourcers: config.dotenv.crlf ? await findShellSourcers(ctx.cwd, config.dotenv.path) : undefined,
      },
      values: config.values,
      sources: config.sources,
      port: config.port,
      path: config.path,
      urlFlag: options.urlFlag,
    },
    git,
    stateDirGit: await stateDirGitStatus(ctx.cwd),
    up,
    keptVerifyToken,
    meta: {},
    events: [],
  };
  // The running up is probed with the token it answers with; a mismatch with .env is its own finding.
  const configured = { value: facts.config.values.verifyToken, source: facts.config.sources.verifyToken };
  const verifyToken = chooseVerifyToken(configured, up, Boolean(up)).token;
  const publicToken = chooseVerifyToken(
    configured,
    up,
    !options.urlFlag || sameUrl(options.urlFlag, up?.callbackUrl),
  ).token;
  const [receiver, pub, meta, events, localLog, tunnels] = await Promise.all([
    gatherReceiver(facts, verifyToken, ctx.signal),
    gatherPublic(
      options.urlFlag ?? up?.callbackUrl,
      options.urlFlag ? 'flag' : up?.callbackUrl ? 'state' : 'none',
      publicToken,
      ctx.signal,
      up && (!options.urlFlag || sameUrl(options.urlFlag, up.callbackUrl)) ? { forwardTo: up.forwardTo } : undefined,
    ),
    gatherMeta(options, facts),
    readRecentEvents(ctx.cwd, now),
    readLocalLogFacts(ctx.cwd, now),
    gatherTunnels(ctx.env, ctx.signal),
  ]);
  return { ...facts, receiver, public: pub, meta, events, tunnels, ...(localLog ? { localLog } : {}) };
}

/** Git status of a file inside `.wa-hook/` (its events log), or undefined when there is no such folder. */
async function stateDirGitStatus(cwd: string): Promise<DoctorFacts['stateDirGit']> {
  const dir = stateDir(cwd);
  const present = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return present ? gitStatusOf(join(dir, 'events.jsonl')) : undefined;
}

function localUrlOf(facts: DoctorFacts): string {
  if (facts.up) return facts.up.localUrl;
  const port = facts.config.port === 0 ? 8000 : facts.config.port;
  return `http://127.0.0.1:${port}${facts.config.path}`;
}

async function gatherReceiver(
  facts: DoctorFacts,
  verifyToken: string | undefined,
  signal: AbortSignal,
): Promise<ReceiverFacts> {
  const url = localUrlOf(facts);
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const tcp = await tcpConnect(host, port);
  const appSecret = facts.config.values.appSecret;
  const receiver: ReceiverFacts = { url, listening: tcp, signed: Boolean(appSecret) };
  const upPrint = facts.up && !facts.up.forwardTo ? facts.up.appSecretFingerprint : undefined;
  if (upPrint && appSecret) receiver.upSecret = secretFingerprint(appSecret) === upPrint ? 'same' : 'other';
  if (!tcp.ok) {
    // ::1 only: the classic "works in the browser (localhost), refused through the tunnel (127.0.0.1)".
    if (host === '127.0.0.1') receiver.listening.ipv6Only = (await tcpConnect('::1', port)).ok;
    return receiver;
  }
  const ids = { wabaId: facts.config.values.wabaId, phoneNumberId: facts.config.values.phoneNumberId };
  const post = (sample: SignedSample, kind: ProbeKind = 'sample') =>
    httpExchange({
      method: 'POST',
      url,
      signal,
      body: sample.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': DOCTOR_UA,
        ...probeHeaders('doctor', kind),
        ...(sample.signature ? { 'x-hub-signature-256': sample.signature } : {}),
      },
    });
  // The handshake GETs and the events are independent requests: sent together, the run waits for the slowest.
  const [handshake, plain] = await Promise.all([
    verifyToken
      ? probeHandshake(url, verifyToken, {
          signal,
          ...(facts.up ? { runningUp: { forwardTo: facts.up.forwardTo } } : {}),
        })
      : undefined,
    post(plainStatusSample(ids, appSecret, facts.now)),
  ]);
  if (handshake) receiver.handshake = handshake;
  if (verifyToken && looksLikeWrongPath(handshake))
    receiver.pathVariants = await probePathVariants(url, verifyToken, { signal });
  receiver.plainEvent = plain;
  if (appSecret && plain.status !== undefined) {
    [receiver.metaStyleEvent, receiver.badSignature] = await Promise.all([
      post(metaStyleStatusSample(ids, appSecret, facts.now)),
      post(badlySignedSample(ids, appSecret, facts.now), 'bad-signature'),
    ]);
  }
  return receiver;
}

async function gatherPublic(
  url: string | undefined,
  origin: PublicFacts['origin'],
  verifyToken: string | undefined,
  signal: AbortSignal,
  runningUp: RunningUpReceiver | undefined,
): Promise<PublicFacts> {
  if (!url) return { origin: 'none' };
  const facts: PublicFacts = { url, origin };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return facts;
  }
  facts.dns = await resolveHost(u.hostname);
  if (facts.dns.error) return facts;
  if (u.protocol === 'https:') {
    facts.tls = await checkTls(u.hostname.replace(/^\[|\]$/g, ''), Number(u.port || 443));
    if (!facts.tls.ok) return facts;
  }
  if (verifyToken)
    facts.handshake = await probeHandshake(url, verifyToken, {
      userAgent: META_VERIFY_UA,
      signal,
      ...(runningUp ? { runningUp } : {}),
    });
  const spelled = metaSpelling(url);
  if (verifyToken && spelled && spelled !== u.toString() && spelled !== url)
    facts.metaSpelled = {
      url: spelled,
      handshake: await probeHandshake(spelled, verifyToken, { userAgent: META_VERIFY_UA, signal }),
    };
  if (verifyToken && looksLikeWrongPath(facts.handshake))
    facts.pathVariants = await probePathVariants(url, verifyToken, { userAgent: META_VERIFY_UA, signal });
  return facts;
}

function isAppTokenRejection(error: GraphFailure): boolean {
  return error.kind === 'graph' && (error.code === 190 || error.code === 101);
}

async function gatherMeta(options: GatherOptions, facts: DoctorFacts): Promise<MetaFacts> {
  if (options.offline) return { skipped: 'offline' };
  const graph =
    options.graph ?? graphClientFor(facts.config.values, { env: options.ctx.env, signal: options.ctx.signal });
  try {
    return await askGraph(graph, facts);
  } finally {
    if (!options.graph) await graph.close();
  }
}

/**
 * Every Graph call at once: none needs another's answer, and on a slow network the run costs one round trip
 * instead of four. debug_token first tries the app token (it can see expired tokens), then the token itself.
 */
async function askGraph(graph: GraphClient, facts: DoctorFacts): Promise<MetaFacts> {
  const { accessToken, appId, appSecret, phoneNumberId, wabaId } = facts.config.values;
  const appToken = appId && appSecret ? appAccessToken(appId, appSecret) : undefined;
  const meta: MetaFacts = {};
  const appSubs = appToken && appId ? graph.appSubscriptions(appId, appToken) : undefined;
  if (!accessToken) {
    meta.skipped = 'no-token';
  } else {
    const [, phone, phoneDetails, wabaPhones, subscribedApps, waba] = await Promise.all([
      debugToken(graph, accessToken, appToken, meta),
      phoneNumberId ? graph.phoneNumber(phoneNumberId, accessToken) : undefined,
      phoneNumberId ? graph.phoneNumberDetails(phoneNumberId, accessToken) : undefined,
      wabaId && phoneNumberId ? graph.wabaPhoneNumbers(wabaId, accessToken) : undefined,
      wabaId ? graph.subscribedApps(wabaId, accessToken) : undefined,
      wabaId ? graph.waba(wabaId, accessToken) : undefined,
    ]);
    Object.assign(meta, { phone, phoneDetails, wabaPhones, subscribedApps, waba });
  }
  if (appSubs) {
    meta.appSubscriptions = await appSubs;
    if (!meta.appSubscriptions.ok && isAppTokenRejection(meta.appSubscriptions.error))
      meta.appTokenRejected ??= meta.appSubscriptions.error;
  }
  const outcomes = [
    meta.debugToken,
    meta.phone,
    meta.phoneDetails,
    meta.wabaPhones,
    meta.subscribedApps,
    meta.waba,
    meta.appSubscriptions,
  ];
  meta.rateLimited = firstRateLimit(outcomes);
  const failures = outcomes.flatMap((o) => (o && !o.ok ? [o.error] : []));
  meta.unreachable = failures.find((e) => e.kind !== 'graph');
  meta.appSecretProofRequired = failures.find(isAppSecretProofRequired);
  meta.answered =
    outcomes.some((o) => o?.ok) || failures.some((e) => e.kind === 'graph') || meta.appTokenRejected !== undefined;
  return meta;
}

function firstRateLimit(outcomes: Array<GraphOutcome<unknown> | undefined>): GraphFailure | undefined {
  for (const o of outcomes) if (o && !o.ok && isRateLimit(o.error)) return o.error;
  return undefined;
}

async function debugToken(
  graph: GraphClient,
  accessToken: string,
  appToken: string | undefined,
  meta: MetaFacts,
): Promise<void> {
  if (appToken) {
    const viaApp = await graph.debugToken(accessToken, appToken);
    if (viaApp.ok) {
      meta.debugVia = 'app';
      meta.debugToken = { ok: true, data: viaApp.data.data };
      return;
    }
    if (isAppTokenRejection(viaApp.error)) meta.appTokenRejected = viaApp.error;
    else if (viaApp.error.kind !== 'graph' || isRateLimit(viaApp.error)) {
      // Graph unreachable or rate limited: asking again with the other token would only get the same answer.
      meta.debugToken = viaApp;
      return;
    }
  }
  const self = await graph.debugToken(accessToken, accessToken);
  meta.debugVia = 'self';
  meta.debugToken = self.ok ? { ok: true, data: self.data.data } : self;
}

/** The newest EVENT_LIMIT records of the last EVENT_WINDOW_MS, oldest first; read from the end, so a large log costs nothing. */
async function readRecentEvents(cwd: string, now: number): Promise<EventRecord[]> {
  const page = await readPage(eventsFilePath(cwd), {
    limit: EVENT_LIMIT,
    stopAt: (r) => now - Date.parse(r.receivedAt) >= EVENT_WINDOW_MS,
  }).catch(() => undefined);
  return page ? page.records.reverse() : [];
}
