import {
  checkAccessToken,
  checkAppSecret,
  checkNumericId,
  checkVerifyToken,
  type ShapeProblem,
} from '../../config/secret-shapes.js';
import type { ConfigKey } from '../../config/resolve.js';
import type { DoctorFacts, GitState, Rule, Verdict } from '../types.js';
import { describeSource, fail, masked, ok, skip, warn } from './helpers.js';
import { maskSecret } from '../../config/redact.js';
import { TOKEN_MISMATCH_FIX, tokenMismatch, upToken } from '../../state/up-token.js';
import { ENV_BOT_LOADERS_RULE } from './env/bot-loaders.js';

const INIT = '`wa-hook init` generates a strong one and keeps the rest of .env';

function tokenProblem(facts: DoctorFacts, code: ShapeProblem['code']): ShapeProblem | undefined {
  return checkVerifyToken(facts.config.values.verifyToken).find((p) => p.code === code);
}

/** A rule that only applies when the verify token is set. */
function withVerifyToken(check: (facts: DoctorFacts, token: string) => Verdict): (facts: DoctorFacts) => Verdict {
  return (facts) => {
    const token = facts.config.values.verifyToken;
    return token === undefined ? skip('no verify token configured') : check(facts, token);
  };
}

function shapeVerdict(
  facts: DoctorFacts,
  key: ConfigKey,
  problems: ShapeProblem[],
  fix: string,
  okText: string,
): Verdict {
  const worst = problems.find((p) => p.severity === 'fail') ?? problems[0];
  if (!worst) return ok(okText);
  const text = `${describeSource(facts, key)} ${problems.map((p) => p.message).join('; ')}`;
  return worst.severity === 'fail' ? fail(text, fix) : warn(text, fix);
}

type Described = Pick<Rule, 'id' | 'title' | 'detects'>;

function configRule({ id, title, detects }: Described, check: Rule['check']): Rule {
  return { id, group: 'config', title, detects, check };
}

/** One configured value: what to say when it is unset, else its shape problems, else where it came from. */
function valueRule(
  rule: Described & {
    key: ConfigKey;
    unset: (facts: DoctorFacts) => Verdict;
    shape: (value: string) => ShapeProblem[];
    /** The fix for a value of the wrong shape. */
    recopy: string;
    /** Shown masked only. */
    secret?: boolean;
  },
): Rule {
  const { key } = rule;
  return configRule(rule, (facts) => {
    const value = facts.config.values[key];
    if (value === undefined) return rule.unset(facts);
    const okText = `${describeSource(facts, key)} = ${rule.secret ? masked(facts, key) : value}`;
    return shapeVerdict(facts, key, rule.shape(value), rule.recopy, okText);
  });
}

function idRule(id: string, key: ConfigKey, title: string, neededFor: string, where: string): Rule {
  return valueRule({
    id,
    title,
    detects: `${title} missing or not numeric (a phone number instead of its id, stray quotes)`,
    key,
    unset: (facts) => {
      const text = `not set (needed for ${neededFor})`;
      return facts.config.values.accessToken
        ? warn(text, `find it in ${where}; \`wa-hook init\` adds it to .env`)
        : skip(text);
    },
    shape: checkNumericId,
    recopy: `copy it again from ${where}`,
  });
}

/** A file or folder of secrets or customers' data that must stay out of git: ignored, and not committed. */
function outOfGitRule(
  rule: Described & {
    /** Its git state, or undefined when it does not exist (`absent` says so). */
    git: (facts: DoctorFacts) => GitState | undefined;
    absent: string;
    committed: [finding: string, fix: string];
    ignored: string;
    notIgnored: [finding: string, fix: string];
  },
): Rule {
  return configRule(rule, (facts) => {
    const git = rule.git(facts);
    if (!git) return skip(rule.absent);
    if (!git.inRepo) return skip('not inside a git repository');
    if (git.tracked) return fail(...rule.committed);
    if (git.ignored) return ok(rule.ignored);
    return fail(...rule.notIgnored);
  });
}

export const CONFIG_RULES: Rule[] = [
  {
    id: 'config.env-file',
    group: 'config',
    title: '.env file',
    detects: 'no .env file where the command runs (values only from flags and environment)',
    check: (facts) =>
      facts.config.envFile.found
        ? ok(
            `read ${facts.config.envFile.path}${facts.config.envFile.encoding ? ` (${facts.config.envFile.encoding})` : ''}`,
          )
        : warn(
            `no ${facts.config.envFile.path}: values come only from flags and the environment`,
            '`wa-hook init` creates one (or pass --env-path PATH)',
          ),
  },
  ENV_BOT_LOADERS_RULE,
  {
    id: 'config.verify-token',
    group: 'config',
    title: 'verify token set',
    detects: 'WHATSAPP_VERIFY_TOKEN missing (the handshake cannot pass)',
    check: (facts) => {
      if (facts.config.values.verifyToken !== undefined)
        return ok(`${describeSource(facts, 'verifyToken')} = ${masked(facts, 'verifyToken')}`);
      // The token `up` generated is kept in .wa-hook/verify-token: the same at every start, not a session's.
      const kept = facts.up?.sessionVerifyToken ?? facts.keptVerifyToken;
      if (kept)
        return ok(
          `not in .env: \`wa-hook up\` answers with the token it keeps in .wa-hook/verify-token (${maskSecret(kept)}), ` +
            `the same at every start; \`wa-hook init\` writes that same token to .env for your bot`,
        );
      return fail('WHATSAPP_VERIFY_TOKEN is not set: no receiver can answer the handshake', INIT);
    },
  },
  {
    id: 'config.verify-token.access-token',
    group: 'config',
    title: 'verify token is not an access token',
    detects:
      "an access token (EAA…) used as the verify token — the setup guide's own mistake; it leaks into every logged verify URL",
    check: withVerifyToken((facts, token) => {
      const same =
        facts.config.values.accessToken !== undefined && token.trim() === facts.config.values.accessToken.trim();
      if (!tokenProblem(facts, 'access-token') && !same) return ok('not an access token');
      return fail(
        `${describeSource(facts, 'verifyToken')} is a Meta access token (${masked(facts, 'verifyToken')}), not a verify token. ` +
          'The verify token is any random string you choose; an access token there leaks into every logged verify URL',
        `replace it with a random string (${INIT}), paste the same string in Meta's dashboard, and rotate the access token`,
      );
    }),
  },
  {
    id: 'config.verify-token.app-secret',
    group: 'config',
    title: 'verify token is not the App Secret',
    detects: 'the App Secret (32 hex) pasted as the verify token',
    check: withVerifyToken((facts, token) => {
      const same = facts.config.values.appSecret !== undefined && token.trim() === facts.config.values.appSecret.trim();
      if (!tokenProblem(facts, 'app-secret') && !same) return ok('not the App Secret');
      return fail(
        `${describeSource(facts, 'verifyToken')} looks like the App Secret (32 hex characters)`,
        `use a separate random verify token (${INIT}) and reset the App Secret if it was shared`,
      );
    }),
  },
  {
    id: 'config.verify-token.clean',
    group: 'config',
    title: 'verify token has no stray spaces or quotes',
    detects: 'whitespace or quote characters around the verify token (exact comparison fails)',
    check: withVerifyToken((facts) => {
      const problems = checkVerifyToken(facts.config.values.verifyToken).filter(
        (p) => p.code === 'whitespace' || p.code === 'quotes',
      );
      return shapeVerdict(
        facts,
        'verifyToken',
        problems,
        'remove the spaces/quotes around the value in .env (and in the dashboard)',
        'no stray spaces or quotes',
      );
    }),
  },
  {
    id: 'config.verify-token.strong',
    group: 'config',
    title: 'verify token is not guessable',
    detects: 'a default, tutorial or short verify token',
    check: withVerifyToken((facts) => {
      const problems = checkVerifyToken(facts.config.values.verifyToken).filter((p) => p.code === 'weak');
      return shapeVerdict(facts, 'verifyToken', problems, INIT, 'long and not a known default');
    }),
  },
  {
    id: 'config.verify-token.matches-up',
    group: 'config',
    title: 'same verify token as the running up',
    detects: 'the running `wa-hook up` answers with a different verify token than the configured one',
    check: (facts) => {
      if (!facts.up) return skip('no running `wa-hook up`');
      const running = upToken(facts.up);
      const token = facts.config.values.verifyToken;
      if (running === undefined) {
        return facts.up.forwardTo !== undefined || facts.up.verifyTokenSource === undefined
          ? skip(
              'the running `wa-hook up` does not say which token it answers with (forwarding: your backend holds it)',
            )
          : skip('the running `wa-hook up` has no verify token');
      }
      if (token === undefined) return skip('no verify token configured');
      const mismatch = tokenMismatch({ value: token, source: facts.config.sources.verifyToken }, facts.up);
      return mismatch
        ? fail(mismatch, TOKEN_MISMATCH_FIX)
        : ok(`the running \`wa-hook up\` answers with the configured token (${masked(facts, 'verifyToken')})`);
    },
  },
  valueRule({
    id: 'config.app-secret',
    title: 'App Secret',
    detects: 'App Secret missing, not 32 hex, or swapped with an access token',
    key: 'appSecret',
    unset: () =>
      warn(
        'WHATSAPP_APP_SECRET is not set: signatures (X-Hub-Signature-256) cannot be checked',
        'copy it from App settings → Basic → App secret (`wa-hook init`)',
      ),
    shape: checkAppSecret,
    recopy: 'copy it again from App settings → Basic → App secret (Show)',
    secret: true,
  }),
  valueRule({
    id: 'config.access-token',
    title: 'access token',
    detects: 'access token missing (Meta checks skipped) or malformed (App Secret pasted, quotes)',
    key: 'accessToken',
    unset: () =>
      warn(
        'WHATSAPP_ACCESS_TOKEN is not set: the Meta checks (subscription, token expiry) are skipped',
        'add a system-user token (Business settings → System users → Generate token) with `wa-hook init`',
      ),
    shape: checkAccessToken,
    recopy: 'copy the token again (API Setup, or a system-user token)',
    secret: true,
  }),
  idRule(
    'config.phone-number-id',
    'phoneNumberId',
    'phone number id',
    'the phone number checks and bot replies',
    'WhatsApp → API Setup → Phone number ID',
  ),
  idRule(
    'config.waba-id',
    'wabaId',
    'WhatsApp Business Account id',
    'the WABA subscription check',
    'WhatsApp → API Setup → WhatsApp Business Account ID',
  ),
  idRule('config.app-id', 'appId', 'app id', 'the app subscription checks and --fix', 'App settings → Basic → App ID'),
  outOfGitRule({
    id: 'config.gitignore',
    title: '.env kept out of git',
    detects: '.env not git-ignored (or already committed) inside a git repository',
    git: (facts) => (facts.config.envFile.found ? facts.git : undefined),
    absent: 'no .env file',
    committed: [
      '.env is committed to git: its secrets are in the history',
      'git rm --cached .env, add .env to .gitignore, and rotate the secrets',
    ],
    ignored: '.env is git-ignored',
    notIgnored: [
      '.env is not git-ignored: one `git add .` away from publishing your secrets',
      'add a line `.env` to .gitignore (`wa-hook init` does it)',
    ],
  }),
  outOfGitRule({
    id: 'config.state-gitignore',
    title: '.wa-hook/ kept out of git',
    detects: ".wa-hook/ (customers' messages, phone numbers, the verify token) not git-ignored or committed",
    git: (facts) => facts.stateDirGit,
    absent: 'no .wa-hook/ folder yet',
    committed: [
      ".wa-hook/ is committed to git: customers' messages and the verify token are in the history",
      'git rm -r --cached .wa-hook, then `wa-hook up` adds .wa-hook/.gitignore (or add `.wa-hook/` to .gitignore)',
    ],
    ignored: '.wa-hook/ is git-ignored',
    notIgnored: [
      ".wa-hook/ is not git-ignored: customers' messages and the verify token are one `git add .` away",
      'create .wa-hook/.gitignore containing `*` (`wa-hook up` does it when it creates the folder), or add `.wa-hook/` to .gitignore',
    ],
  }),
  {
    id: 'config.port-path',
    group: 'config',
    title: 'port and path agree',
    detects: 'PORT / WEBHOOK_PATH different from the running `up` or from the --url path',
    check: (facts) => {
      const { port, path, urlFlag } = facts.config;
      const problems: string[] = [];
      if (facts.up) {
        if (
          facts.config.sources.port &&
          facts.config.sources.port !== 'default' &&
          port !== 0 &&
          port !== facts.up.port
        ) {
          problems.push(`PORT is ${port} but the running \`wa-hook up\` listens on ${facts.up.port}`);
        }
        // Only a path someone set can disagree: `up --forward-to` serves the backend's route when none is set.
        const pathSet = facts.config.sources.path !== undefined && facts.config.sources.path !== 'default';
        if (pathSet && facts.up.path !== path)
          problems.push(`WEBHOOK_PATH is ${path} but the running \`wa-hook up\` serves ${facts.up.path}`);
      }
      if (urlFlag) {
        try {
          const urlPath = new URL(urlFlag).pathname;
          const servedPath = facts.up?.path ?? path;
          if (urlPath.replace(/\/+$/, '') !== servedPath.replace(/\/+$/, ''))
            problems.push(`--url ends in ${urlPath} but the receiver serves ${servedPath}`);
        } catch {
          problems.push('--url is not a valid URL');
        }
      }
      if (problems.length === 0) return ok(`port ${facts.up?.port ?? port}, path ${facts.up?.path ?? path}`);
      return warn(
        problems.join('; '),
        'make PORT/WEBHOOK_PATH, the running receiver and the URL in the dashboard use the same port and path',
      );
    },
  },
];
