/**
 * Every word `wa-hook events --type` (and the inspector's filter) can match: record kinds, message types,
 * status values and webhook fields (reference/meta-webhooks.md §3–4). A word outside this list can never
 * match, so it is a typo to point out, not an empty result.
 */
export const MAIN_TYPES: readonly string[] = [
  'message',
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
  'unsupported',
  'status',
  'sent',
  'delivered',
  'read',
  'failed',
  'error',
  'event',
  'verification',
  'rejected',
  'probe',
];

const OTHER_TYPES: readonly string[] = [
  'unknown',
  'request_welcome',
  'deleted',
  'warning',
  'played',
  'message_template_status_update',
  'message_template_quality_update',
  'message_template_components_update',
  'template_category_update',
  'account_update',
  'account_review_update',
  'account_alerts',
  'business_capability_update',
  'phone_number_quality_update',
  'phone_number_name_update',
  'history',
  'smb_app_state_sync',
  'smb_message_echoes',
  'automatic_events',
  'flows',
  'security',
  'user_preferences',
  'calls',
  'message_echoes',
  'messaging_handovers',
  'consumer_profile',
  'partner_solutions',
  'payment_configuration_update',
  'account_settings_update',
  'group_lifecycle_update',
  'group_participants_update',
  'group_settings_update',
  'group_status_update',
];

export const KNOWN_TYPES: ReadonlySet<string> = new Set([...MAIN_TYPES, ...OTHER_TYPES]);

/** The words of `--type` that can never match. */
export function unknownTypes(types: readonly string[]): string[] {
  return types.filter((t) => !KNOWN_TYPES.has(t));
}
