import { expect, it } from 'vitest';
import { DEFAULT_IDS, defaultState, startFakeGraphApi } from '../fixtures/fake-graph-api.js';
import { closedPort, expectNoSecrets, makeProject } from '../helpers/doctor-project.js';
import { runCli } from '../helpers/run-cli.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

/**
 * The setup guide this product grew from: its .env puts the access token in WHATSAPP_VERIFY_TOKEN, and it
 * subscribes the fields message_status and message_reactions, which WhatsApp does not have.
 */
const GUIDE_ENV = `# WhatsApp Cloud API
WHATSAPP_ACCESS_TOKEN=${DEFAULT_IDS.accessToken}
WHATSAPP_VERIFY_TOKEN=${DEFAULT_IDS.accessToken}
WHATSAPP_PHONE_NUMBER_ID=${DEFAULT_IDS.phoneNumberId}
WHATSAPP_BUSINESS_ACCOUNT_ID=${DEFAULT_IDS.wabaId}
WHATSAPP_APP_ID=${DEFAULT_IDS.appId}
WHATSAPP_APP_SECRET=${DEFAULT_IDS.appSecret}
`;

it("the guide's own .env → exit 1 naming the access-token mix-up, and its non-WhatsApp fields flagged", async () => {
  const graph = await startFakeGraphApi(defaultState());
  const project = await makeProject(GUIDE_ENV);
  defer(() => graph.close(), project.cleanup);
  graph.state.apps.get(DEFAULT_IDS.appId)!.subscriptions = [
    {
      object: 'whatsapp_business_account',
      callback_url: 'https://abc.trycloudflare.com/webhook',
      active: true,
      fields: ['messages', 'message_status', 'message_reactions'],
    },
  ];
  const run = await runCli(['doctor'], {
    cwd: project.dir,
    env: { WA_HOOK_GRAPH_URL: graph.url, PORT: String(await closedPort()) },
  });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain(
    '✖ verify token is not an access token — WHATSAPP_VERIFY_TOKEN (from .env) is a Meta access token (EAAG…), not a verify token.',
  );
  expect(run.stdout).toContain('rotate the access token');
  expect(run.stdout).toMatch(
    /⚠ no non-WhatsApp fields — message_status: statuses arrive in the `messages` field as value\.statuses\[\]; message_reactions: a Messenger\/Instagram field; WhatsApp reactions arrive in `messages` as type "reaction"/,
  );
  expectNoSecrets(run, [DEFAULT_IDS.accessToken, DEFAULT_IDS.appSecret]);
});
