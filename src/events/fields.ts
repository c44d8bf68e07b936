/**
 * Webhook fields other than `messages`: the list of valid names, a short
 * label for lists, and one human line per change, e.g. `← template order_confirmation (en_US) APPROVED`.
 * Shapes follow Meta's webhook reference; unknown or malformed values degrade to `← <field> update`.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
 */
import { isRecord as isObject, recordsIn as asArray } from '../json-narrow.js';

export type Json = Record<string, unknown>;

export { isObject, asArray };
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/** Every field of Meta's `whatsapp_business_account` field table (plus the announced username field). */
export const WHATSAPP_FIELDS: readonly string[] = [
  'messages',
  'message_template_status_update',
  'message_template_quality_update',
  'message_template_components_update',
  'template_category_update',
  'account_update',
  'account_review_update',
  'account_alerts',
  'account_settings_update',
  'business_capability_update',
  'phone_number_quality_update',
  'phone_number_name_update',
  'phone_number_username_update',
  'history',
  'smb_app_state_sync',
  'smb_message_echoes',
  'message_echoes',
  'automatic_events',
  'flows',
  'security',
  'user_preferences',
  'calls',
  'messaging_handovers',
  'consumer_profile',
  'partner_solutions',
  'payment_configuration_update',
  'group_lifecycle_update',
  'group_participants_update',
  'group_settings_update',
  'group_status_update',
];

/** Short list labels (the events list pads labels to 12 characters). */
const LABELS: Readonly<Record<string, string>> = {
  message_template_status_update: 'template',
  message_template_quality_update: 'template',
  message_template_components_update: 'template',
  template_category_update: 'template',
  // Meta calls them message echoes; "echo" is the `--echo` bot's word in wa-hook's output.
  smb_message_echoes: 'app-sent',
  message_echoes: 'app-sent',
  smb_app_state_sync: 'state-sync',
  history: 'history',
  calls: 'call',
  account_update: 'account',
  account_review_update: 'account',
  account_alerts: 'account',
  account_settings_update: 'account',
  business_capability_update: 'account',
  partner_solutions: 'account',
  payment_configuration_update: 'account',
  phone_number_quality_update: 'phone',
  phone_number_name_update: 'phone',
  phone_number_username_update: 'phone',
  security: 'security',
  user_preferences: 'preferences',
  automatic_events: 'auto-event',
  flows: 'flows',
};

export function fieldLabel(field: string): string {
  return LABELS[field] ?? (field.startsWith('group_') ? 'group' : field);
}

const plus = (id: string | undefined): string => (id && /^\d+$/.test(id) ? `+${id}` : (id ?? '?'));
const short = (id: string | undefined): string => (id && id.length > 20 ? `${id.slice(0, 18)}…` : (id ?? '?'));
const join = (...parts: Array<string | undefined | false>): string => parts.filter(Boolean).join(' ');

function template(v: Json): string {
  const name = `${str(v.message_template_name) ?? '?'}${v.message_template_language ? ` (${str(v.message_template_language)})` : ''}`;
  const reason = str(v.reason);
  return join('template', name, str(v.event), reason && reason !== 'NONE' && `reason ${reason}`);
}

function call(c: Json): string {
  const who = str(c.direction) === 'BUSINESS_INITIATED' ? `to ${plus(str(c.to) || str(c.to_user_id))}` : '';
  const from = who || `from ${plus(str(c.from) || str(c.from_user_id))}`;
  const end =
    str(c.event) === 'terminate' ? join(str(c.status), c.duration !== undefined && `${str(c.duration)} s`) : '';
  return join('call', str(c.event) ?? '?', from, end, short(str(c.id)));
}

function group(g: Json): string {
  const who = [...asArray(g.added_participants), ...asArray(g.removed_participants)]
    .map((p) => plus(str(p.wa_id) || str(p.user_id) || str(p.input)))
    .join(', ');
  return join('group', str(g.type) ?? 'update', short(str(g.group_id)), g.subject ? `"${str(g.subject)}"` : '', who);
}

type Describe = (value: Json) => string[];

const DESCRIBE: Readonly<Record<string, Describe>> = {
  message_template_status_update: (v) => [template(v)],
  message_template_quality_update: (v) => [
    join(
      'template',
      str(v.message_template_name),
      'quality',
      str(v.previous_quality_score),
      '→',
      str(v.new_quality_score),
    ),
  ],
  message_template_components_update: (v) => [join('template', str(v.message_template_name), 'components updated')],
  template_category_update: (v) => [
    v.correct_category !== undefined
      ? join(
          'template',
          str(v.message_template_name),
          'category',
          str(v.new_category),
          'will become',
          str(v.correct_category),
        )
      : join('template', str(v.message_template_name), 'category', str(v.previous_category), '→', str(v.new_category)),
  ],
  history: (v) => {
    const lines = asArray(v.history).map((h) => {
      const error = asArray(h.errors)[0];
      if (error) return join('history sync error', str(error.code), str(error.title));
      const meta = isObject(h.metadata) ? h.metadata : {};
      const threads = asArray(h.threads);
      const count = threads.reduce((n, t) => n + asArray(t.messages).length, 0);
      return (
        `history sync phase ${str(meta.phase) ?? '?'} chunk ${str(meta.chunk_order) ?? '?'} ` +
        `(${str(meta.progress) ?? '?'}%): ${threads.length} threads, ${count} messages`
      );
    });
    const media = asArray(v.messages).map((m) => join('history', str(m.type), 'from', plus(str(m.from))));
    return [...lines, ...media];
  },
  smb_app_state_sync: (v) =>
    asArray(v.state_sync).map((s) => {
      const c = isObject(s.contact) ? s.contact : {};
      return join(
        'contact',
        str(s.action),
        str(c.full_name),
        c.phone_number !== undefined && `(${plus(str(c.phone_number))})`,
      );
    }),
  calls: (v) => [
    ...asArray(v.calls).map(call),
    ...asArray(v.statuses).map((s) => join('call status', str(s.status), short(str(s.id)))),
  ],
  account_update: (v) => {
    const detail = isObject(v.violation_info)
      ? str(v.violation_info.violation_type)
      : isObject(v.ban_info)
        ? str(v.ban_info.waba_ban_state)
        : str(v.country);
    return [join('account', str(v.event) ?? 'update', detail && `(${detail})`)];
  },
  account_review_update: (v) => [join('account review', str(v.decision))],
  account_settings_update: (v) => {
    const settings = isObject(v.phone_number_settings) ? v.phone_number_settings : {};
    const calling = isObject(settings.calling) ? settings.calling : undefined;
    return [
      join(
        'settings',
        'phone',
        str(settings.phone_number_id) ?? '?',
        calling && `calling ${str(calling.status) ?? 'updated'}`,
      ),
    ];
  },
  account_alerts: (v) => {
    const a = isObject(v.alert_info) ? v.alert_info : {};
    return [join('account alert', str(a.alert_severity), str(a.alert_type), str(a.alert_status))];
  },
  business_capability_update: (v) => [
    `business capability: ${Object.entries(v)
      .map(([k, x]) => `${k} ${str(x) ?? '?'}`)
      .join(', ')}`,
  ],
  partner_solutions: (v) => [join('partner solution', str(v.solution_id), str(v.event), str(v.solution_status))],
  payment_configuration_update: (v) => [join('payment configuration', str(v.configuration_name), str(v.status))],
  phone_number_name_update: (v) => [
    join('display name', `"${str(v.requested_verified_name) ?? '?'}"`, str(v.decision)),
  ],
  phone_number_quality_update: (v) => [
    join(
      'phone',
      plus(str(v.display_phone_number)),
      str(v.event),
      v.current_limit !== undefined && `limit ${str(v.current_limit)}`,
    ),
  ],
  phone_number_username_update: (v) => [join('username', str(v.requested_username), str(v.decision))],
  security: (v) => [join('security', str(v.event), 'on', plus(str(v.display_phone_number)))],
  user_preferences: (v) =>
    asArray(v.user_preferences).map((p) =>
      join('preference', str(p.category), str(p.value), 'from', plus(str(p.wa_id) || str(p.user_id))),
    ),
  automatic_events: (v) => asArray(v.automatic_events).map((e) => join('automatic event', str(e.event_name))),
  flows: (v) => [
    join(
      'flows',
      str(v.event),
      'flow',
      str(v.flow_id),
      v.new_status !== undefined && `${str(v.old_status) ?? 'new'} → ${str(v.new_status)}`,
      str(v.alert_state),
    ),
  ],
};

/** The human lines for one change of a field other than `messages` (echoes are described by the caller). */
export function describeFieldChange(field: string, value: Json): string[] {
  const describe =
    DESCRIBE[field] ?? (field.startsWith('group_') ? (v: Json) => asArray(v.groups).map(group) : undefined);
  const lines = describe ? describe(value) : [];
  if (lines.length > 0) return lines.map((l) => `← ${l}`);
  const what = str(value.event) ?? str(value.decision) ?? str(value.status);
  return [`← ${field} update${what ? ` ${what}` : ''}`];
}

/** Words `--type` can match for a non-messages change: the event/decision values, lowercased. */
export function fieldWords(value: Json): string[] {
  return [str(value.event), str(value.decision)].filter((w): w is string => !!w).map((w) => w.toLowerCase());
}
