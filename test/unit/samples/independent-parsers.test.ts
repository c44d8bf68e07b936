/**
 * Every sample through two webhook libraries that share no code with wa-hook, signed over the exact wire
 * bytes: whatsapp-api-js (`post()` checks the signature and routes `messages` and `calls` payloads to
 * on.message / on.status / on.call.*) and @kapso/whatsapp-cloud-api (`verifySignature` + `normalizeWebhook`,
 * which keeps every field under raw.<field> and lifts messages, echoes, statuses and calls).
 */
import { describe, expect, it } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { NodeNext } from 'whatsapp-api-js/setup/node';
import { normalizeWebhook, verifySignature } from '@kapso/whatsapp-cloud-api/server';
import { loadTemplates } from '../../../src/samples/templates-io.js';
import {
  DEFAULT_VARS,
  isOutboundTemplate,
  renderTemplate,
  templateField,
  type Template,
} from '../../../src/samples/render.js';
import { toMetaBytes } from '../../../src/samples/bytes/meta-bytes.js';
import { signBody } from '../../../src/verification/signature.js';
import { createIdFactory } from '../../../src/samples/ids.js';

const SECRET = '0123456789abcdef0123456789abcdef';
const templates = await loadTemplates();
const ids = createIdFactory();

function wire(name: string) {
  const t = templates.find((x) => x.name === name)!;
  const vars = {
    ...DEFAULT_VARS,
    ...t.defaults,
    wamid: ids.wamid({ peer: DEFAULT_VARS.from, outbound: isOutboundTemplate(t) }),
    context_wamid: ids.wamid({ peer: DEFAULT_VARS.from, outbound: true }),
    media_id: ids.mediaId(),
    timestamp: '1749416383',
  };
  const body = toMetaBytes(renderTemplate(t, vars));
  return { t, body, signature: signBody(body, SECRET), parsed: JSON.parse(body.toString('utf8')) };
}

const camel = (field: string) => field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

describe('@kapso/whatsapp-cloud-api normalizes every sample', () => {
  it.each(templates.map((t) => t.name))('%s', (name) => {
    const { t, body, signature, parsed } = wire(name);
    expect(verifySignature({ appSecret: SECRET, rawBody: body, signatureHeader: signature })).toBe(true);
    const result = normalizeWebhook(parsed) as any;
    expect(result.object).toBe('whatsapp_business_account');
    const field = templateField(t);
    expect(result.raw[camel(field)]).toHaveLength(1);
    const value = parsed.entry[0].changes[0].value;
    expect(result.messages).toHaveLength((value.messages?.length ?? 0) + (value.message_echoes?.length ?? 0));
    expect(result.statuses).toHaveLength(value.statuses?.length ?? 0);
    expect(result.calls).toHaveLength(value.calls?.length ?? 0);
    if (value.messages?.[0]) expect(result.messages[0].id).toBe(value.messages[0].id);
    if (value.statuses?.[0]) expect(result.statuses[0].status).toBe(value.statuses[0].status);
    if (value.metadata) expect(result.phoneNumberId).toBe(DEFAULT_VARS.phone_number_id);
  });
});

// whatsapp-api-js reads value.metadata.phone_number_id for every payload and routes only these fields, and
// within them only values with messages, statuses or calls. Anything else in the messages field (value-level
// errors, user_actions click events) it verifies and then refuses as "Unexpected payload", by design.
const carriesRoutable = (t: Template) => {
  const value = wire(t.name).parsed.entry[0].changes[0].value;
  return 'messages' in value || 'statuses' in value || 'calls' in value;
};
const inRoutedField = templates.filter((t) => ['messages', 'calls'].includes(templateField(t)));
const routed = inRoutedField.filter(carriesRoutable);
const unrouted = inRoutedField.filter((t) => !carriesRoutable(t));

describe('whatsapp-api-js post() verifies and routes messages and calls samples', () => {
  it.each(routed.map((t) => t.name))('%s', async (name) => {
    const { body, signature, parsed } = wire(name);
    const seen: string[] = [];
    const api = new WhatsAppAPI(NodeNext({ token: 'EAAtest', appSecret: SECRET, secure: true }));
    api.on.message = ({ message, phoneID }) => void seen.push(`message:${message.type}:${phoneID}`);
    api.on.status = ({ status, id }) => void seen.push(`status:${status}:${id}`);
    api.on.call = {
      connect: ({ call }) => void seen.push(`connect:${call.id}`),
      terminate: ({ call }) => void seen.push(`terminate:${call.id}`),
      status: ({ status }) => void seen.push(`call-status:${status}`),
    };
    await api.post(parsed, body.toString('utf8'), signature);
    const value = parsed.entry[0].changes[0].value;
    const expected = value.messages
      ? `message:${value.messages[0].type}:${DEFAULT_VARS.phone_number_id}`
      : value.calls
        ? `${value.calls[0].event}:${value.calls[0].id}`
        : parsed.entry[0].changes[0].field === 'calls'
          ? `call-status:${value.statuses[0].status}`
          : `status:${value.statuses[0].status}:${value.statuses[0].id}`;
    expect(seen).toEqual([expected]);
  });

  it.each(unrouted.map((t) => t.name))('%s: signature verified, then refused as unroutable', async (name) => {
    const { body, signature, parsed } = wire(name);
    const seen: string[] = [];
    const api = new WhatsAppAPI(NodeNext({ token: 'EAAtest', appSecret: SECRET, secure: true }));
    api.on.message = () => void seen.push('message');
    api.on.status = () => void seen.push('status');
    await expect(api.post(parsed, body.toString('utf8'), signature)).rejects.toThrow(/Unexpected payload/);
    // The same bytes under a wrong signature fail earlier, at the signature: the check above passed it.
    await expect(api.post(parsed, body.toString('utf8'), signBody(body, `${SECRET}x`))).rejects.toThrow(
      /verify|signature/i,
    );
    expect(seen).toEqual([]);
  });

  it('the only samples it cannot route are value-level errors and click events', () => {
    expect(unrouted.map((t) => t.name).sort()).toEqual(['error-rate-limit', 'marketing-link-click']);
  });

  it('refuses a sample signed with another secret', async () => {
    const { body, parsed } = wire('text');
    const api = new WhatsAppAPI(NodeNext({ token: 'EAAtest', appSecret: SECRET, secure: true }));
    await expect(api.post(parsed, body.toString('utf8'), signBody(body, `${SECRET}x`))).rejects.toThrow();
  });
});
