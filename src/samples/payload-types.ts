/**
 * Types of the webhook payloads Meta sends to a WhatsApp callback, as the samples render them
 * (shared/reference/meta-webhooks.md; Meta's webhook reference). For typing a bot's handler:
 *
 *   const payload = JSON.parse(rawBody) as WebhookPayload;
 *   for (const change of payload.entry.flatMap((e) => e.changes)) if (isMessagesChange(change)) …
 *
 * Fields that Meta rolls out gradually (business-scoped user ids, `recipient_user_id`…) are optional: a
 * handler must not assume them, which is the point of typing them.
 */

export interface WebhookPayload {
  object: 'whatsapp_business_account';
  entry: WebhookEntry[];
}

export interface WebhookEntry {
  /** The WhatsApp Business Account id. */
  id: string;
  /** Unix seconds; present on account-level fields such as template status updates. */
  time?: number;
  changes: WebhookChange[];
}

export type WebhookChange = MessagesChange | OtherFieldChange;

/** The `messages` field: inbound messages, statuses of sent messages, and value-level errors. */
export interface MessagesChange {
  field: 'messages';
  value: MessagesValue;
}

/** The other `whatsapp_business_account` webhook fields (shared/reference/meta-webhooks.md §4). */
export type OtherWebhookField =
  | 'message_template_status_update'
  | 'message_template_quality_update'
  | 'message_template_components_update'
  | 'template_category_update'
  | 'account_update'
  | 'account_review_update'
  | 'account_alerts'
  | 'account_settings_update'
  | 'business_capability_update'
  | 'phone_number_quality_update'
  | 'phone_number_name_update'
  | 'history'
  | 'smb_app_state_sync'
  | 'smb_message_echoes'
  | 'automatic_events'
  | 'flows'
  | 'security'
  | 'user_preferences'
  | 'calls'
  | 'message_echoes'
  | 'messaging_handovers'
  | 'consumer_profile'
  | 'partner_solutions'
  | 'payment_configuration_update'
  | 'group_lifecycle_update'
  | 'group_participants_update'
  | 'group_settings_update'
  | 'group_status_update';

/** Any other subscribed field (template and account updates, calls, history…): its value as Meta sends it. */
export interface OtherFieldChange {
  field: OtherWebhookField;
  value: Record<string, unknown>;
}

export interface MessagesValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: MessageStatus[];
  errors?: WebhookError[];
}

export interface WebhookContact {
  /** Phone number; may be empty for a user known only by a business-scoped user id. */
  wa_id?: string;
  /** Business-scoped user id (BSUID), e.g. "US.13491208655302741918". */
  user_id?: string;
  profile?: { name?: string; username?: string };
  country_code?: string;
}

export interface WebhookError {
  code: number;
  title: string;
  message?: string;
  error_data?: { details: string };
  href?: string;
}

export interface MessageContext {
  from?: string;
  id?: string;
  forwarded?: boolean;
  frequently_forwarded?: boolean;
  referred_product?: { catalog_id: string; product_retailer_id: string };
}

export interface MediaObject {
  id: string;
  mime_type: string;
  sha256?: string;
  url?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}

export interface Referral {
  source_url?: string;
  source_id?: string;
  source_type?: string;
  body?: string;
  headline?: string;
  media_type?: string;
  image_url?: string;
  video_url?: string;
  thumbnail_url?: string;
  ctwa_clid?: string;
  welcome_message?: { text: string };
}

interface MessageBase {
  /** Sender's phone number; may be empty for a user known only by a business-scoped user id. */
  from: string;
  from_user_id?: string;
  id: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  context?: MessageContext;
  referral?: Referral;
  errors?: WebhookError[];
}

export interface TextMessage extends MessageBase {
  type: 'text';
  text: { body: string };
}
export interface ImageMessage extends MessageBase {
  type: 'image';
  image: MediaObject;
}
export interface VideoMessage extends MessageBase {
  type: 'video';
  video: MediaObject;
}
export interface AudioMessage extends MessageBase {
  type: 'audio';
  audio: MediaObject;
}
export interface DocumentMessage extends MessageBase {
  type: 'document';
  document: MediaObject;
}
export interface StickerMessage extends MessageBase {
  type: 'sticker';
  sticker: MediaObject;
}
export interface LocationMessage extends MessageBase {
  type: 'location';
  location: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
}
export interface ContactsMessage extends MessageBase {
  type: 'contacts';
  contacts: Array<{
    name: { formatted_name: string; first_name?: string; last_name?: string; [part: string]: string | undefined };
    phones?: Array<{ phone?: string; wa_id?: string; type?: string }>;
    emails?: Array<{ email?: string; type?: string }>;
    addresses?: Array<Record<string, string>>;
    org?: Record<string, string>;
    urls?: Array<{ url?: string; type?: string }>;
    birthday?: string;
  }>;
}
export interface ReactionMessage extends MessageBase {
  type: 'reaction';
  /** `emoji` is empty when the reaction was removed. */
  reaction: { message_id: string; emoji: string };
}
export interface ButtonMessage extends MessageBase {
  type: 'button';
  button: { payload: string; text: string };
}
export interface InteractiveMessage extends MessageBase {
  type: 'interactive';
  interactive:
    | { type: 'button_reply'; button_reply: { id: string; title: string } }
    | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } }
    | { type: 'nfm_reply'; nfm_reply: { name?: string; body?: string; response_json: string } };
}
export interface OrderMessage extends MessageBase {
  type: 'order';
  order: {
    catalog_id: string;
    text?: string;
    product_items: Array<{ product_retailer_id: string; quantity: number; item_price: number; currency: string }>;
  };
}
export interface SystemMessage extends MessageBase {
  type: 'system';
  system: { body?: string; type: string; wa_id?: string; user_id?: string; [key: string]: unknown };
}
export interface UnsupportedMessage extends MessageBase {
  type: 'unsupported';
  unsupported?: { type: string };
}
/** Closed on purpose, so `message.type === 'text'` narrows; Meta adds types over time, so keep a default branch. */
export type InboundMessage =
  | TextMessage
  | ImageMessage
  | VideoMessage
  | AudioMessage
  | DocumentMessage
  | StickerMessage
  | LocationMessage
  | ContactsMessage
  | ReactionMessage
  | ButtonMessage
  | InteractiveMessage
  | OrderMessage
  | SystemMessage
  | UnsupportedMessage;

export interface MessageStatus {
  /** The wamid of the message this status is about. */
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'played' | (string & {});
  timestamp: string;
  recipient_id: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: { billable?: boolean; pricing_model: string; type?: string; category: string };
  errors?: WebhookError[];
}

/** Narrows a change to the `messages` field. */
export function isMessagesChange(change: WebhookChange): change is MessagesChange {
  return change.field === 'messages';
}
