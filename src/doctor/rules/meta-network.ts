import type { GraphFailure } from '../../graph/types.js';
import type { DoctorFacts, Rule } from '../types.js';
import { fail, graphBase, ok, skip } from './helpers.js';

/** Said by every Meta check when the Graph API gave no answer: the cause is reported once, by meta.graph-reachable. */
export const UNREACHABLE_SKIP = 'skipped: no answer from the Graph API (see meta.graph-reachable)';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const SLOW = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);
/** OpenSSL's verification codes as Node names them: a certificate the system does not trust. */
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|HOSTNAME_MISMATCH|ALTNAME/;

/**
 * The one network cause behind a Graph call that got no answer, and the fix for it. Branches on the error
 * code the client put after the host ("graph.facebook.com: ENOTFOUND"), never on localized text.
 */
export function networkCause(error: GraphFailure, host: string): { finding: string; fix: string } {
  const code = /:\s*([A-Z][A-Z0-9_]+)\s*$/.exec(error.message)?.[1] ?? '';
  const proxyHint = 'behind a company proxy, set HTTPS_PROXY=http://proxy-host:port (and NO_PROXY for local hosts)';
  if (error.kind === 'timeout' || SLOW.has(code))
    return {
      finding: `no answer from ${host} (${error.message}): a firewall drops the traffic or a proxy is required`,
      fix: `${proxyHint}; check that https://${host} opens in a browser on this machine`,
    };
  if (DNS.has(code))
    return {
      finding: `this machine cannot resolve ${host} (${code}): no internet connection, a DNS that blocks facebook.com, or a proxy is required`,
      fix: `check the connection and DNS (nslookup ${host}); ${proxyHint}`,
    };
  if (code === 'ECONNREFUSED')
    return {
      finding: `${host} refused the connection (ECONNREFUSED): the proxy or --graph-url / WA_HOOK_GRAPH_URL points at a port where nothing listens`,
      fix: `check HTTPS_PROXY and WA_HOOK_GRAPH_URL (the default is https://graph.facebook.com/vNN.N); unset what points at a dead port`,
    };
  if (RESET.has(code))
    return {
      finding: `the connection to ${host} was cut (${code}): a firewall or proxy blocks facebook.com`,
      fix: `ask for graph.facebook.com:443 to be allowed; ${proxyHint}`,
    };
  if (TLS.test(code))
    return {
      finding: `the TLS certificate presented for ${host} is not trusted (${code}): usually a company proxy or antivirus that inspects HTTPS`,
      fix: "export that proxy's CA certificate and point Node at it: NODE_EXTRA_CA_CERTS=path/to/company-ca.pem (never NODE_TLS_REJECT_UNAUTHORIZED=0)",
    };
  if (/\b407\b/.test(error.message))
    return {
      finding: `the proxy asks for credentials (HTTP 407): ${error.message}`,
      fix: 'put them in the proxy URL: HTTPS_PROXY=http://user:password@proxy-host:port',
    };
  return { finding: `cannot reach ${host}: ${error.message}`, fix: `check the network; ${proxyHint}` };
}

function hostOf(facts: DoctorFacts): string {
  try {
    return new URL(graphBase(facts)).host;
  } catch {
    return graphBase(facts);
  }
}

/** Is the Graph API answering at all? Every other Meta check depends on it and says so instead of guessing. */
export const META_REACHABLE_RULE: Rule = {
  id: 'meta.graph-reachable',
  group: 'meta',
  title: 'Graph API reachable',
  detects:
    'the Graph API cannot be reached (DNS, refused, reset, proxy, TLS interception, ' +
    'timeout): one finding with the network cause; every Meta check says it was skipped',
  check: (facts) => {
    if (facts.meta.skipped === 'offline') return skip('skipped (--offline)');
    const e = facts.meta.unreachable;
    if (e) {
      const cause = networkCause(e, hostOf(facts));
      return fail(cause.finding, cause.fix);
    }
    return facts.meta.answered ? ok(`${hostOf(facts)} answered`) : skip('no Graph API call was needed');
  },
};
