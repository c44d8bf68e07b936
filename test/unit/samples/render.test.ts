import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { loadTemplates } from '../../../src/samples/templates-io.js';
import {
  compileTemplate,
  DEFAULT_VARS,
  normalizeWaId,
  parseTemplate,
  payloadAsTemplate,
  renderTemplate,
  templateField,
  templateName,
  templatePlaceholders,
  type Template,
} from '../../../src/samples/render.js';
import { toMetaBytes, toMetaJson } from '../../../src/samples/bytes/meta-bytes.js';
import { signBody } from '../../../src/verification/signature.js';
import { renderSampleWith } from '../../../src/samples/fixture.js';

const templates = await loadTemplates();
const byName = new Map(templates.map((t) => [t.name, t]));

const VARS: Record<string, string> = {
  ...DEFAULT_VARS,
  waba_id: '999000111',
  wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRB/+NjU5OUFFRTA=',
  context_wamid: 'wamid.Q09OVEVYVA==',
  media_id: '27251809591111687',
  timestamp: '1749416383',
};
// Everything that breaks naive string substitution or naive serialization.
const NASTY = 'He said "hi" \\ back\nslash / Привет 👋 \u2028 \ue000text\ue001 \\ue000x\\ue001 {{text}}';

const render = (t: Template, vars: Record<string, string> = VARS) =>
  renderTemplate(t, { ...vars, ...t.defaults }) as any;
const valueOf = (t: Template, vars?: Record<string, string>) => render(t, vars).entry[0].changes[0].value;
const folderOf = (name: string) =>
  name.startsWith('status-') ? 'statuses' : name.startsWith('error-') ? 'errors' : 'messages';

describe('template library', () => {
  it('has at least 60 samples with unique names, including every required kind', () => {
    expect(templates.length).toBeGreaterThanOrEqual(60);
    expect(new Set(templates.map((t) => t.name)).size).toBe(templates.length);
    const required = [
      'text',
      'reply',
      'forwarded',
      'image',
      'audio',
      'video',
      'document',
      'sticker',
      'location',
      'contacts',
      'button-reply',
      'list-reply',
      'flow-reply',
      'template-button',
      'reaction',
      'unreaction',
      'order',
      'referral',
      'system',
      'unsupported',
      'status-sent',
      'status-delivered',
      'status-read',
      'status-failed',
      'status-played',
      'error-rate-limit',
    ];
    expect(required.filter((n) => !byName.has(n))).toEqual([]);
  });

  it("covers every webhook field of Meta's field table that has a documented payload", () => {
    const fields = new Set(templates.map(templateField));
    const expected = [
      'messages',
      'message_template_status_update',
      'message_template_quality_update',
      'message_template_components_update',
      'template_category_update',
      'smb_message_echoes',
      'history',
      'smb_app_state_sync',
      'calls',
      'account_update',
      'account_review_update',
      'account_alerts',
      'business_capability_update',
      'phone_number_name_update',
      'phone_number_quality_update',
      'security',
      'user_preferences',
      'partner_solutions',
      'payment_configuration_update',
      'automatic_events',
      'flows',
      'group_lifecycle_update',
      'group_participants_update',
      'group_settings_update',
      'group_status_update',
      'account_settings_update',
    ];
    expect(expected.filter((f) => !fields.has(f))).toEqual([]);
  });

  it('entry.time and other {{#number}} placeholders render as JSON numbers', () => {
    const env = render(byName.get('template-approved')!);
    expect(env.entry[0].time).toBe(1749416383);
    expect(env.entry[0].changes[0].value.message_template_id).toBe(1689556908129832);
    // The burst path (compileTemplate) gives the same bytes.
    const t = byName.get('template-approved')!;
    const vars = { ...VARS, ...t.defaults };
    expect(compileTemplate(t)(vars)).toBe(toMetaJson(renderTemplate(t, vars)));
  });

  it.each(templates.map((t) => [t.name, t] as const))('%s renders to a Meta envelope', (name, t) => {
    const wire = toMetaJson(render(t));
    expect(wire).not.toMatch(/\{\{#?[a-z_]+\}\}/);
    expect(wire).toMatch(/^[\x20-\x7e]*$/); // ASCII only, compact
    const env = JSON.parse(wire);
    expect(Object.keys(env).sort()).toEqual(['entry', 'object']);
    expect(env.object).toBe('whatsapp_business_account');
    expect(env.entry[0].id).toBe('999000111');
    const change = env.entry[0].changes[0];
    // Every real capture and every reference example writes value before field.
    expect(Object.keys(change)).toEqual(['value', 'field']);
    expect(change.field).toBe(templateField(t));
    expect(t.source).toMatch(/\S/);
    const value = change.value;
    if (!('messaging_product' in value)) {
      // Template, account and phone fields: no metadata, entry.time in Unix seconds as a number.
      expect(env.entry[0].time).toBe(1749416383);
      expect(value.metadata).toBeUndefined();
      return;
    }
    expect(value.messaging_product).toBe('whatsapp');
    if (change.field === 'account_settings_update') {
      // Meta's example: messaging_product, timestamp, type and the settings; no metadata, no entry.time.
      expect(Object.keys(value)).toEqual(['messaging_product', 'timestamp', 'type', 'phone_number_settings']);
      expect(env.entry[0].time).toBeUndefined();
      return;
    }
    expect(value.metadata).toEqual({
      display_phone_number: VARS.display_phone_number,
      phone_number_id: VARS.phone_number_id,
    });
    if (change.field !== 'messages') return;
    const folder = folderOf(name);
    if (folder === 'messages' && value.user_actions) {
      // Click tracking: the value holds user_actions only.
      expect(Object.keys(value)).toEqual(['messaging_product', 'metadata', 'user_actions']);
      expect(value.user_actions[0]).toMatchObject({ timestamp: '1749416383' });
    } else if (folder === 'messages') {
      const msg = value.messages[0];
      expect(msg).toMatchObject({ id: VARS.wamid, timestamp: '1749416383' });
      // A username user known only by a BSUID has no from: then from_user_id identifies the sender.
      expect(typeof (msg.from ?? msg.from_user_id)).toBe('string');
      if (!('from' in msg)) expect('wa_id' in value.contacts[0]).toBe(false);
      if (msg.type !== 'system') expect(value.contacts[0]).toMatchObject({ profile: { name: VARS.name } });
      expect(typeof msg.type).toBe('string');
      if (msg.type !== 'request_welcome') expect(msg[msg.type]).toBeDefined(); // the type-specific key
      expect(value.statuses).toBeUndefined();
    } else if (folder === 'statuses') {
      const status = value.statuses[0];
      expect(status.timestamp).toBe('1749416383');
      // A status for a send to a BSUID has no recipient_id: then recipient_user_id names the recipient.
      expect(typeof (status.recipient_id ?? status.recipient_user_id)).toBe('string');
      if (status.type === 'payment') {
        // Payment statuses: a notification id, the transaction in payment.
        expect(['captured', 'pending']).toContain(status.status);
        expect(typeof status.payment.reference_id).toBe('string');
        return;
      }
      expect(status.id).toBe(VARS.wamid);
      expect(['sent', 'delivered', 'read', 'failed', 'played']).toContain(status.status);
      expect(name.startsWith(`status-${status.status}`)).toBe(true);
      // Meta's 2026 page: recipient_user_id on every sent/delivered/read/played status; failed ones may lack
      // it, and Groups API sent/failed statuses are "unaffected" by the BSUID changes.
      if (status.status !== 'failed' && status.recipient_type !== 'group')
        expect(status.recipient_user_id).toBe(DEFAULT_VARS.user_id);
      // 2026: contacts carry no profile on sent/delivered/read unless sent to a BSUID; failed has wa_id only.
      if (status.status === 'failed') expect(value.contacts).toEqual([{ wa_id: VARS.from }]);
    } else {
      expect(value.messages).toBeUndefined();
      expect(Number.isInteger(value.errors[0].code)).toBe(true);
      expect(typeof value.errors[0].title).toBe('string');
    }
  });

  it.each([
    [
      'location lat/long are numbers',
      'location',
      (v: any) =>
        typeof v.messages[0].location.latitude === 'number' && typeof v.messages[0].location.longitude === 'number',
    ],
    ['timestamp is a string of Unix seconds', 'text', (v: any) => /^\d+$/.test(v.messages[0].timestamp)],
    ['audio is a voice note', 'audio', (v: any) => v.messages[0].audio.voice === true],
    [
      'flow response_json is a JSON string',
      'flow-reply',
      (v: any) => typeof JSON.parse(v.messages[0].interactive.nfm_reply.response_json).flow_token === 'string',
    ],
    ['reply carries context', 'reply', (v: any) => v.messages[0].context.id === VARS.context_wamid],
    ['forwarded carries context.forwarded', 'forwarded', (v: any) => v.messages[0].context.forwarded === true],
    ['reaction has an emoji', 'reaction', (v: any) => v.messages[0].reaction.emoji === '👍'],
    [
      'unreaction has no emoji key at all',
      'unreaction',
      (v: any) => !('emoji' in v.messages[0].reaction) && v.messages[0].reaction.message_id === VARS.context_wamid,
    ],
    ['unsupported carries its errors', 'unsupported', (v: any) => v.messages[0].errors[0].code === 131051],
    ['unsupported uses a confirmed sub-type', 'unsupported', (v: any) => v.messages[0].unsupported.type === 'edit'],
    [
      'failed href is relative, as in the current reference',
      'status-failed',
      (v: any) => v.statuses[0].errors[0].href === '/documentation/business-messaging/whatsapp/support/error-codes',
    ],
    [
      'statuses carry contacts [{wa_id, user_id}]',
      'status-delivered',
      (v: any) => !('profile' in v.contacts[0]) && v.contacts[0].user_id === DEFAULT_VARS.user_id,
    ],
    [
      'a send to a BSUID has recipient_user_id and no recipient_id, the contact no wa_id',
      'status-delivered-to-bsuid',
      (v: any) =>
        !('recipient_id' in v.statuses[0]) &&
        !('wa_id' in v.contacts[0]) &&
        v.statuses[0].recipient_user_id === DEFAULT_VARS.user_id,
    ],
    [
      'BSUID-only inbound: no from, no wa_id, identity in from_user_id and profile.username',
      'text-username',
      (v: any) =>
        !('from' in v.messages[0]) &&
        !('wa_id' in v.contacts[0]) &&
        v.messages[0].from_user_id === DEFAULT_VARS.user_id &&
        v.contacts[0].profile.username.startsWith('@'),
    ],
    [
      'system user_changed_number: no contacts, no from_user_id, new BSUID in system.user_id',
      'system',
      (v: any) =>
        v.contacts === undefined &&
        !('from_user_id' in v.messages[0]) &&
        typeof v.messages[0].system.user_id === 'string',
    ],
    [
      'system user_changed_user_id variant',
      'system-user-id-changed',
      (v: any) => v.messages[0].system.type === 'user_changed_user_id',
    ],
    ['group messages carry group_id', 'group-text', (v: any) => typeof v.messages[0].group_id === 'string'],
    ['failed status carries errors', 'status-failed', (v: any) => v.statuses[0].errors[0].code === 131049],
    ['referral comes from an ad', 'referral', (v: any) => v.messages[0].referral.source_type === 'ad'],
    [
      'order quantities are numbers',
      'order',
      (v: any) => typeof v.messages[0].order.product_items[0].quantity === 'number',
    ],
    ['button reply is interactive', 'button-reply', (v: any) => v.messages[0].interactive.type === 'button_reply'],
    ['list reply is interactive', 'list-reply', (v: any) => v.messages[0].interactive.type === 'list_reply'],
    [
      'country_code sits beside wa_id, not in profile, and texts carry from_logical_id (2026 captures)',
      'text-country-code',
      (v: any) =>
        v.contacts[0].country_code === 'US' &&
        !('country_code' in v.contacts[0].profile) &&
        typeof v.messages[0].from_logical_id === 'string',
    ],
    [
      'group create carries the invite link and the join approval mode',
      'group-created',
      (v: any) =>
        v.groups[0].invite_link.startsWith('https://chat.whatsapp.com/') &&
        v.groups[0].join_approval_mode === 'auto_approve',
    ],
    ['join requests carry a reason', 'group-join-request', (v: any) => typeof v.groups[0].reason === 'string'],
    [
      'played carries contacts and recipient_user_id like the other statuses',
      'status-played',
      (v: any) =>
        v.contacts[0].user_id === DEFAULT_VARS.user_id && v.statuses[0].recipient_user_id === DEFAULT_VARS.user_id,
    ],
    [
      "rate limit href is site-relative with Meta's details text",
      'error-rate-limit',
      (v: any) =>
        v.errors[0].href === '/documentation/business-messaging/whatsapp/support/error-codes' &&
        v.errors[0].error_data.details.startsWith('Message failed to send because there were too many messages'),
    ],
    [
      'call permission replies say whether the permission is permanent',
      'call-permission-reply',
      (v: any) => v.messages[0].interactive.call_permission_reply.is_permanent === false,
    ],
    [
      'a pinned place has name and address but no url',
      'location-pin',
      (v: any) =>
        typeof v.messages[0].location.name === 'string' &&
        typeof v.messages[0].location.address === 'string' &&
        !('url' in v.messages[0].location),
    ],
    [
      'edits carry the context of the new message',
      'edit',
      (v: any) => v.messages[0].edit.message.context.id === VARS.context_wamid,
    ],
    [
      'payment method replies are interactive',
      'payment-method',
      (v: any) => v.messages[0].interactive.payment_method.reference_id === 'pix_test_webhook',
    ],
    [
      'payment statuses have type payment and the amount',
      'status-payment',
      (v: any) => v.statuses[0].type === 'payment' && v.statuses[0].payment.amount.offset === 100,
    ],
    [
      'parent BSUIDs on message, contact and status',
      'text-parent-bsuid',
      (v: any) =>
        v.messages[0].from_parent_user_id === DEFAULT_VARS.parent_user_id &&
        v.contacts[0].parent_user_id === DEFAULT_VARS.parent_user_id,
    ],
    [
      'parent BSUID on a status',
      'status-read-parent-bsuid',
      (v: any) => v.statuses[0].recipient_parent_user_id === DEFAULT_VARS.parent_user_id,
    ],
    [
      'a request-contact-info reply: origin contact_request, no name',
      'contacts-request',
      (v: any) => v.messages[0].contacts[0].origin === 'contact_request' && !('name' in v.messages[0].contacts[0]),
    ],
    [
      'click tracking: user_actions with the click data',
      'marketing-link-click',
      (v: any) => v.user_actions[0].action_type === 'marketing_messages_link_click',
    ],
  ])('%s', (_what, name, check) => {
    expect(check(valueOf(byName.get(name)!))).toBe(true);
  });
});

describe('rendering', () => {
  it.each(templates.map((t) => [t.name, t] as const))(
    '%s: fast compiled render equals render + toMetaJson',
    (_n, t) => {
      const vars = { ...VARS, ...t.defaults, text: NASTY, name: NASTY };
      expect(compileTemplate(t)(vars)).toBe(toMetaJson(renderTemplate(t, vars)));
    },
  );

  it('keeps a --text with quotes, backslashes, newlines and placeholder-like text exact', () => {
    const t = byName.get('text')!;
    const wire = compileTemplate(t)({ ...VARS, text: NASTY });
    expect(JSON.parse(wire).entry[0].changes[0].value.messages[0].text.body).toBe(NASTY);
  });

  it('falls back safely when literal text looks like a compile marker', () => {
    const t = parseTemplate('odd', { _meta: { version: 1, description: 'd' }, a: '\\ue000text\\ue001', b: '{{text}}' });
    expect(compileTemplate(t)({ text: 'x/y' })).toBe('{"a":"\\\\ue000text\\\\ue001","b":"x\\/y"}');
  });

  it('throws when a placeholder has no value', () => {
    const t = parseTemplate('t', { _meta: { version: 1, description: 'd' }, a: '{{nope}}' });
    expect(() => renderTemplate(t, {})).toThrow(/\{\{nope\}\}/);
    expect(() => compileTemplate(t)({})).toThrow(/\{\{nope\}\}/);
  });

  it('never renders keys, only string values', () => {
    const t = parseTemplate('t', { _meta: { version: 1, description: 'd' }, '{{text}}': 1, n: 2.5, b: true, z: null });
    expect(renderTemplate(t, { text: 'x' })).toEqual({ '{{text}}': 1, n: 2.5, b: true, z: null });
  });

  it('lists the placeholders a template uses', () => {
    expect(templatePlaceholders(byName.get('status-read')!)).toEqual([
      'display_phone_number',
      'from',
      'phone_number_id',
      'timestamp',
      'user_id',
      'waba_id',
      'wamid',
    ]);
  });

  it('drops _meta from a hand-written payload', () => {
    expect(renderTemplate(payloadAsTemplate('f', { _meta: { a: 1 }, object: '{{name}}' }), { name: 'n' })).toEqual({
      object: 'n',
    });
  });

  it.each([
    ['not an object', [], /not a JSON object/],
    ['no _meta', { object: 'x' }, /_meta/],
    ['wrong version', { _meta: { version: 2, description: 'd' } }, /_meta/],
    ['no description', { _meta: { version: 1 } }, /_meta/],
    ['defaults not strings', { _meta: { version: 1, description: 'd', defaults: { text: 1 } } }, /defaults\.text/],
    ['reserved marker char', { _meta: { version: 1, description: 'd' }, a: '\ue000' }, /reserved/],
  ])('parseTemplate rejects %s', (_n, raw, error) => {
    expect(() => parseTemplate('t', raw)).toThrow(error);
  });

  it.each([
    ['messages', 'text.json', 'text'],
    ['statuses', 'delivered.json', 'status-delivered'],
    ['errors', 'rate-limit.json', 'error-rate-limit'],
    ['messages', 'README.md', undefined],
    ['other', 'text.json', undefined],
    ['messages', 'Bad Name.json', undefined],
  ])('templateName(%s, %s) = %s', (folder, file, name) => expect(templateName(folder, file)).toBe(name));

  it.each([
    ['16505551234', '16505551234'],
    ['+1 650-555-1234', '16505551234'],
    ['+44 (20) 7946 0958', '442079460958'],
    ['abc', undefined],
    ['12', undefined],
  ])('normalizeWaId(%j) = %j', (input, out) => expect(normalizeWaId(input)).toBe(out));
});

describe('Meta wire bytes and signature', () => {
  it.each([
    ['Cyrillic', 'Привет', '\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442'],
    ['non-BMP emoji as a surrogate pair', '👋', '\\ud83d\\udc4b'],
    ['slash', 'https://example.com/a', 'https:\\/\\/example.com\\/a'],
    ['quotes and backslash', 'a"b\\c', 'a\\"b\\\\c'],
    ['accent, lowercase hex', 'café', 'caf\\u00e9'],
    ['newline', 'a\nb', 'a\\nb'],
  ])('%s', (_n, text, escaped) => {
    const wire = compileTemplate(byName.get('text')!)({ ...VARS, text });
    expect(wire).toContain(`"body":"${escaped}"`);
    expect(JSON.parse(wire).entry[0].changes[0].value.messages[0].text.body).toBe(text);
  });

  it('signs exactly the wire bytes (independent HMAC)', () => {
    const bytes = toMetaBytes(renderTemplate(byName.get('image')!, { ...VARS, text: 'Привет 👋 /' }));
    const independent = createHmac('sha256', 'app-secret-123').update(bytes).digest('hex');
    expect(signBody(bytes, 'app-secret-123')).toBe(`sha256=${independent}`);
    // The bytes a naive JSON.stringify would send differ, so would their signature.
    const naive = Buffer.from(JSON.stringify(JSON.parse(bytes.toString('ascii'))), 'utf8');
    expect(naive.equals(bytes)).toBe(false);
  });
});

describe('renderSampleWith: a template that does not render to a webhook', () => {
  it('is refused naming the template, not handed on as a WebhookPayload', () => {
    const flat = parseTemplate('flat', { _meta: { version: 1, description: 'no entry' }, object: 'page', text: 'hi' });
    expect(() => renderSampleWith(flat, {}, () => undefined)).toThrow(
      'template flat does not render to a webhook ({object, entry: [{id, changes: [{field, value}]}]})',
    );
    const hand = payloadAsTemplate('list.json', [1, 2]);
    expect(() => renderSampleWith(hand, {}, () => undefined)).toThrow(/template list.json does not render/);
  });
});
