/**
 * Types of the webhook payloads Meta sends to a WhatsApp callback, for typing a bot's handler:
 *
 *   const payload = JSON.parse(rawBody) as WebhookPayload;
 *   for (const change of payload.entry.flatMap((e) => e.changes)) if (isMessagesChange(change)) …
 *
 * Held to two sets of payloads by the test suite: every sample wa-hook sends, and Meta's own examples
 * extracted from its webhook reference pages (test/fixtures/meta-examples). The rules they follow:
 * - A key Meta may leave out is optional. That includes `from`, `wa_id`, `recipient_id` (users known only by a
 *   business-scoped user id, BSUID), `reaction.emoji` (a removed reaction) and a shared contact's `name`.
 * - Enumerations Meta documents as growing (statuses, system and error types, pricing categories…) are
 *   `'known' | (string & {})`: editors still suggest the known values and a new value is no compile error.
 * - The message, interactive, call and group event unions are discriminated by `type` (`field` for changes) so
 *   `if (m.type === 'text') m.text.body` narrows. TypeScript cannot keep that narrowing with an open member
 *   (a `type: string` member stays in every branch), so these unions list every documented value, including
 *   legacy ones (`unknown`); a value Meta adds later lands in `default:`, where `m.type` is typed `never` —
 *   handle it there as a string (`(m as { type: string }).type`), never assume the union is complete.
 * Types only: nothing here needs Node's typings.
 */

/** `'a' | 'b' | (string & {})`: the documented values, without closing the door on new ones. */
export type Open<Known extends string> = Known | (string & {});

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

export interface WebhookMetadata {
  display_phone_number: string;
  phone_number_id: string;
}

export interface WebhookError {
  code: number;
  title: string;
  message?: string;
  error_data?: { details: string };
  /** Meta sends a site-relative path (`/documentation/business-messaging/whatsapp/support/error-codes`). */
  href?: string;
}

/** The user a messages-field (or calls, user_preferences…) value is about. */
export interface WebhookContact {
  /** Phone number; empty or absent for a username user known only by a BSUID. */
  wa_id?: string;
  /** Business-scoped user id (BSUID), e.g. "US.13491208655302741918". */
  user_id?: string;
  /** Parent BSUID ("US.ENT.…") for businesses whose portfolios share one. */
  parent_user_id?: string;
  profile?: { name?: string; username?: string; country_code?: string };
  /** ISO country of the user; 2026 captures carry it here, beside wa_id (Meta's page shows it in profile). */
  country_code?: string;
  identity_key_hash?: string;
}

// ---------------------------------------------------------------------------------------------------------
// The messages field
// ---------------------------------------------------------------------------------------------------------

/** The `messages` field: inbound messages, statuses of sent messages, click events, and value-level errors. */
export interface MessagesChange {
  field: 'messages';
  value: MessagesValue;
}

export interface MessagesValue {
  messaging_product: 'whatsapp';
  metadata: WebhookMetadata;
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: MessageStatus[];
  /** Clicks on a marketing message (Marketing Messages API); the value then has no messages or contacts. */
  user_actions?: UserAction[];
  errors?: WebhookError[];
}

export interface UserAction {
  action_type: Open<'marketing_messages_link_click'>;
  /** Unix seconds, as a string. */
  timestamp: string;
  marketing_messages_link_click_data?: {
    click_component?: Open<'cta' | 'body'>;
    product_id?: string;
    click_id?: string;
    tracking_token?: string;
  };
  /** Other action types carry their own `<action_type>_data` object. */
  [data: `${string}_data`]: Record<string, unknown> | undefined;
}

export interface MessageContext {
  /** The business number on replies to your message; absent on forwards. */
  from?: string;
  from_user_id?: string;
  from_parent_user_id?: string;
  id?: string;
  forwarded?: boolean;
  frequently_forwarded?: boolean;
  referred_product?: { catalog_id: string; product_retailer_id: string };
}

export interface MediaObject {
  id: string;
  mime_type: string;
  sha256?: string;
  /** Short-lived, needs the access token; not on every payload. */
  url?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}

export interface Referral {
  source_url?: string;
  source_id?: string;
  source_type?: Open<'ad' | 'post'>;
  body?: string;
  headline?: string;
  media_type?: Open<'image' | 'video'>;
  image_url?: string;
  video_url?: string;
  thumbnail_url?: string;
  ctwa_clid?: string;
  welcome_message?: { text: string };
}

export interface MessageBase {
  /** Sender's phone number; absent for a username user known only by a BSUID (then use from_user_id). */
  from?: string;
  /** Sender's BSUID. */
  from_user_id?: string;
  from_parent_user_id?: string;
  id: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  context?: MessageContext;
  referral?: Referral;
  errors?: WebhookError[];
  /** Set on messages sent in a Groups API group: reply to the group. */
  group_id?: string;
  /** On 2026 captures of ordinary texts and on template button replies; meaning undocumented. */
  from_logical_id?: string;
  /** With identity change checks enabled (system customer_identity_changed). */
  identity?: { acknowledged: boolean; created_timestamp: string; hash: string };
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

export interface SharedContact {
  /** Absent on the card a user shares through a request-contact-info button. */
  name?: {
    formatted_name?: string;
    first_name?: string;
    last_name?: string;
    middle_name?: string;
    suffix?: string;
    prefix?: string;
  };
  phones?: Array<{ phone?: string; wa_id?: string; type?: string }>;
  emails?: Array<{ email?: string; type?: string }>;
  addresses?: Array<{
    street?: string;
    city?: string;
    state?: string;
    zip?: string;
    country?: string;
    country_code?: string;
    type?: string;
  }>;
  org?: { company?: string; department?: string; title?: string };
  urls?: Array<{ url?: string; type?: string }>;
  birthday?: string;
  /** `contact_request` when the user answered your request-contact-info button. */
  origin?: Open<'contact_request' | 'other'>;
  vcard?: string;
}
export interface ContactsMessage extends MessageBase {
  type: 'contacts';
  contacts: SharedContact[];
}
export interface ReactionMessage extends MessageBase {
  type: 'reaction';
  /** `emoji` is absent when the user removed their reaction. */
  reaction: { message_id: string; emoji?: string };
}
export interface ButtonMessage extends MessageBase {
  type: 'button';
  button: { payload: string; text: string };
}

export interface ButtonReply {
  type: 'button_reply';
  button_reply: { id: string; title: string };
}
export interface ListReply {
  type: 'list_reply';
  list_reply: { id: string; title: string; description?: string };
}
export interface FlowReply {
  type: 'nfm_reply';
  /** `response_json` is a JSON string. */
  nfm_reply: { name?: Open<'flow' | 'address_message'>; body?: string; response_json: string };
}
export interface CallPermissionReply {
  type: 'call_permission_reply';
  call_permission_reply: {
    response: Open<'accept' | 'reject'>;
    /** False for a temporary permission. */
    is_permanent?: boolean;
    expiration_timestamp?: number;
    response_source?: Open<'user_action' | 'automatic'>;
  };
}
/** Brazil one-click payments: the user picked a payment method for your order. */
export interface PaymentMethodReply {
  type: 'payment_method';
  payment_method: {
    payment_method: string;
    payment_timestamp: number;
    reference_id: string;
    last_four_digits?: string;
    credential_id?: string;
  };
}
export type InteractiveReply = ButtonReply | ListReply | FlowReply | CallPermissionReply | PaymentMethodReply;

export interface InteractiveMessage extends MessageBase {
  type: 'interactive';
  interactive: InteractiveReply;
}
/** The user edited a message: the new content in `edit.message` (shape from pywa's test data). */
export interface EditMessage extends MessageBase {
  type: 'edit';
  edit: {
    original_message_id: string;
    message: { type: string; context?: MessageContext; [content: string]: unknown };
  };
}
/** The user deleted a message for everyone. */
export interface RevokeMessage extends MessageBase {
  type: 'revoke';
  revoke: { original_message_id: string };
}
/** The user opened the chat for the first time (welcome messages enabled); no content. */
export interface RequestWelcomeMessage extends MessageBase {
  type: 'request_welcome';
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
  system: {
    body?: string;
    type: Open<'user_changed_number' | 'user_changed_user_id' | 'customer_identity_changed'>;
    wa_id?: string;
    user_id?: string;
    parent_user_id?: string;
    customer?: string;
    identity?: string;
  };
}
export interface UnsupportedMessage extends MessageBase {
  type: 'unsupported';
  unsupported?: { type: string };
}
/** Older Graph versions' name for an unsupported message (with `errors` 131051). */
export interface UnknownMessage extends MessageBase {
  type: 'unknown';
}
/** Every documented message type; narrow on `type`, and keep a `default:` for types Meta adds later. */
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
  | UnsupportedMessage
  | UnknownMessage
  | EditMessage
  | RevokeMessage
  | RequestWelcomeMessage;

/** Every message type name, open to new ones (for logs and lookup tables). */
export type InboundMessageType = Open<InboundMessage['type']>;

export interface Pricing {
  billable?: boolean;
  pricing_model: Open<'PMP' | 'CBP'>;
  type?: Open<'regular' | 'free_customer_service' | 'free_entry_point'>;
  category: Open<'marketing' | 'utility' | 'authentication' | 'service' | 'referral_conversion'>;
}

/** A payment status (India payments: `type: "payment"`). */
export interface PaymentStatusDetails {
  reference_id: string;
  amount: { value: number; offset: number };
  currency: string;
  transaction?: {
    id: string;
    pg_transaction_id?: string;
    type: string;
    status: Open<'pending' | 'success' | 'failed'>;
    created_timestamp: number;
    updated_timestamp: number;
    method?: { type: Open<'upi' | 'card' | 'wallet' | 'netbanking'> };
    error?: { code: string; reason: string };
  };
  receipt?: string;
  notes?: Record<string, string>;
  refunds?: Array<{
    id: string;
    amount: { value: number; offset: number };
    speed_processed: string;
    status: string;
    created_timestamp: number;
    updated_timestamp: number;
  }>;
}

export interface MessageStatus {
  /** The wamid of the message this status is about (a payment status: the notification id). */
  id: string;
  status: Open<'sent' | 'delivered' | 'read' | 'failed' | 'played' | 'captured' | 'pending'>;
  timestamp: string;
  /** Phone number or group id; empty or absent when you sent to a BSUID. */
  recipient_id?: string;
  /** The recipient's BSUID. */
  recipient_user_id?: string;
  recipient_parent_user_id?: string;
  /** `group` when the message went to a Groups API group; then recipient_id is the group id. */
  recipient_type?: Open<'individual' | 'group'>;
  recipient_participant_id?: string;
  /** Spelling on two of Meta's group status examples (the others say recipient_participant_id). */
  participant_recipient_id?: string;
  recipient_identity_key_hash?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string }; pricing?: Pricing };
  pricing?: Pricing;
  errors?: WebhookError[];
  /** `payment` on payment statuses (then `payment` is set). */
  type?: Open<'payment'>;
  payment?: PaymentStatusDetails;
}

// ---------------------------------------------------------------------------------------------------------
// Fields carried by a business phone number (messaging_product + metadata)
// ---------------------------------------------------------------------------------------------------------

interface PhoneNumberValue {
  messaging_product: 'whatsapp';
  metadata: WebhookMetadata;
}

export interface CallSession {
  sdp_type: Open<'offer' | 'answer'>;
  sdp: string;
}
export interface Call {
  id: string;
  from?: string;
  from_user_id?: string;
  from_parent_user_id?: string;
  to?: string;
  to_user_id?: string;
  event: Open<'connect' | 'terminate'>;
  timestamp: string;
  direction?: Open<'USER_INITIATED' | 'BUSINESS_INITIATED'>;
  session?: CallSession;
  status?: Open<'COMPLETED' | 'FAILED'>;
  start_time?: string;
  end_time?: string;
  duration?: number;
  biz_opaque_callback_data?: string;
  errors?: WebhookError[];
}
export interface CallStatus {
  id: string;
  type: 'call';
  status: Open<'RINGING' | 'ACCEPTED' | 'REJECTED'>;
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  errors?: WebhookError[];
}
export interface CallsValue extends PhoneNumberValue {
  contacts?: WebhookContact[];
  calls?: Call[];
  statuses?: CallStatus[];
  errors?: WebhookError[];
}

/** A message in a coexistence history chunk: a message as in `messages`, with the business's send status. */
export type HistoryMessage = (InboundMessage | (MessageBase & { type: 'media_placeholder' })) & {
  to?: string;
  history_context?: { status: Open<'SENT' | 'DELIVERED' | 'READ' | 'PLAYED' | 'ERROR' | 'PENDING'> };
};
export interface HistoryChunk {
  metadata?: { phase: number; chunk_order: number; progress: number };
  threads?: Array<{ id: string; context?: { wa_id?: string; user_id?: string }; messages: HistoryMessage[] }>;
  /** The business declined to share its history. */
  errors?: WebhookError[];
}
export interface HistoryValue extends PhoneNumberValue {
  history?: HistoryChunk[];
  /** Media of history messages arrive later as ordinary messages. */
  messages?: InboundMessage[];
  contacts?: WebhookContact[];
}

/** What the business sent from the WhatsApp Business app on a coexistence number. */
export type EchoMessage = InboundMessage & { to?: string; to_user_id?: string; to_parent_user_id?: string };
export interface MessageEchoesValue extends PhoneNumberValue {
  message_echoes: EchoMessage[];
}

export interface StateSyncValue extends PhoneNumberValue {
  state_sync: Array<{
    type: Open<'contact'>;
    contact: { full_name?: string; first_name?: string; phone_number?: string; user_id?: string };
    action: Open<'add' | 'remove'>;
    metadata: { timestamp: string };
  }>;
}

export interface AutomaticEventsValue extends PhoneNumberValue {
  automatic_events: Array<{
    id: string;
    event_name: Open<'LeadSubmitted' | 'Purchase'>;
    timestamp: number;
    ctwa_clid?: string;
    custom_data?: { currency: string; value: number };
  }>;
}

export interface UserPreferencesValue extends PhoneNumberValue {
  contacts?: WebhookContact[];
  user_preferences: Array<{
    wa_id?: string;
    user_id?: string;
    parent_user_id?: string;
    detail: string;
    category: Open<'marketing_messages'>;
    value: Open<'stop' | 'resume'>;
    timestamp: number;
  }>;
}

export interface GroupParticipant {
  input?: string;
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  country_code?: string;
  errors?: WebhookError[];
}
interface GroupEventBase {
  /** Unix seconds: a number in Meta's schema, a quoted placeholder in its page examples. */
  timestamp: number | string;
  group_id?: string;
  /** Echoes the id of your API request; absent on events a user started. */
  request_id?: string;
  errors?: WebhookError[];
}
export interface GroupCreateEvent extends GroupEventBase {
  type: 'group_create';
  subject?: string;
  description?: string;
  invite_link?: string;
  join_approval_mode?: Open<'auto_approve' | 'approval_required'>;
}
export interface GroupDeleteEvent extends GroupEventBase {
  type: 'group_delete';
}
export interface GroupParticipantsEvent extends GroupEventBase {
  type: 'group_participants_add' | 'group_participants_remove';
  reason?: Open<'invite_link'>;
  initiated_by?: Open<'business' | 'participant'>;
  added_participants?: GroupParticipant[];
  removed_participants?: GroupParticipant[];
  failed_participants?: GroupParticipant[];
}
export interface GroupJoinRequestEvent extends GroupEventBase {
  type: 'group_join_request_created' | 'group_join_request_revoked';
  join_request_id: string;
  reason?: string;
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  country_code?: string;
}
interface GroupSettingResult {
  update_successful: boolean;
  errors?: WebhookError[];
}
export interface GroupSettingsEvent extends GroupEventBase {
  type: 'group_settings_update';
  profile_picture?: GroupSettingResult & { mime_type?: string; sha256?: string };
  group_subject?: GroupSettingResult & { text: string };
  group_description?: GroupSettingResult & { text: string };
}
export interface GroupStatusEvent extends GroupEventBase {
  type: 'group_suspend' | 'group_suspend_cleared';
}
export type GroupEvent =
  | GroupCreateEvent
  | GroupDeleteEvent
  | GroupParticipantsEvent
  | GroupJoinRequestEvent
  | GroupSettingsEvent
  | GroupStatusEvent;
export interface GroupsValue<E extends GroupEvent = GroupEvent> extends PhoneNumberValue {
  groups: E[];
}

// ---------------------------------------------------------------------------------------------------------
// Account-level fields (entry[].time set, no metadata)
// ---------------------------------------------------------------------------------------------------------

interface TemplateRef {
  message_template_id: number;
  message_template_name: string;
  message_template_language: string;
}
export interface TemplateStatusValue extends TemplateRef {
  event: Open<
    'APPROVED' | 'REJECTED' | 'PENDING' | 'PAUSED' | 'DISABLED' | 'FLAGGED' | 'REINSTATED' | 'PENDING_DELETION'
  >;
  reason: string | null;
  message_template_category?: string;
  disable_info?: { disable_date: number };
  other_info?: { title: string; description: string };
  rejection_info?: { reason: string; recommendation: string };
}
export interface TemplateQualityValue extends TemplateRef {
  previous_quality_score: string;
  new_quality_score: string;
}
export interface TemplateComponentsValue extends TemplateRef {
  message_template_title?: string;
  message_template_element?: string;
  message_template_footer?: string;
  message_template_buttons?: Array<{
    message_template_button_type: string;
    message_template_button_text: string;
    message_template_button_url?: string;
    message_template_button_phone_number?: string;
  }>;
}
export interface TemplateCategoryValue extends TemplateRef {
  previous_category?: string;
  new_category: string;
  correct_category?: string;
  category_update_timestamp?: number;
}
export interface AccountUpdateValue {
  event: string;
  country?: string;
  waba_info?: {
    waba_id: string;
    owner_business_id: string;
    ad_account_linked?: string;
    solution_id?: string;
    solution_partner_business_ids?: string[];
  };
  violation_info?: { violation_type: string };
  ban_info?: { waba_ban_state: string; waba_ban_date: string };
  lock_info?: Record<string, unknown>;
  restriction_info?: Array<{ restriction_type: string; expiration: number }>;
  auth_international_rate_eligibility?: {
    start_time?: number;
    exception_countries?: Array<{ country_code: string; start_time: number }>;
  };
  partner_client_certification_info?: { client_business_id: string; status: string; rejection_reasons?: string[] };
  volume_tier_info?: {
    tier_update_time: number;
    pricing_category: string;
    tier: string;
    effective_month: string;
    region: string;
  };
}
export interface AccountReviewValue {
  decision: string;
}
export interface AccountAlertsValue {
  entity_type: string;
  entity_id: string;
  alert_info: { alert_severity: string; alert_status: string; alert_type: string; alert_description: string };
}
export interface BusinessCapabilityValue {
  max_daily_conversations_per_business?: number;
  max_daily_conversation_per_phone?: number;
  max_phone_numbers_per_business?: number;
  max_phone_numbers_per_waba?: number;
}
export interface PhoneNumberNameValue {
  display_phone_number: string;
  decision: string;
  requested_verified_name: string;
  rejection_reason: string | null;
}
export interface PhoneNumberQualityValue {
  display_phone_number: string;
  event: string;
  current_limit: string;
  old_limit?: string;
  max_daily_conversations_per_business?: number;
}
export interface PhoneNumberUsernameValue {
  display_phone_number: string;
  decision: Open<'APPROVED' | 'REJECTED'>;
  requested_username: string;
  rejection_reasons?: string[];
}
export interface SecurityValue {
  display_phone_number: string;
  event: string;
  requester: string;
}
export interface FlowsValue {
  event: Open<
    'FLOW_STATUS_CHANGE' | 'CLIENT_ERROR_RATE' | 'ENDPOINT_ERROR_RATE' | 'ENDPOINT_LATENCY' | 'ENDPOINT_AVAILABILITY'
  >;
  message: string;
  flow_id: string;
  old_status?: string;
  new_status?: string;
  alert_state?: string;
  error_rate?: number;
  threshold?: number;
  p50_latency?: number;
  p90_latency?: number;
  requests_count?: number;
  availability?: number;
  errors?: Array<{ error_type: string; error_rate: number; error_count: number }>;
}
export interface PartnerSolutionsValue {
  event: string;
  solution_id: string;
  solution_status: string;
}
export interface PaymentConfigurationValue {
  configuration_name: string;
  provider_name: string;
  provider_mid: string;
  status: string;
  created_timestamp: number;
  updated_timestamp: number;
}
/** Calling settings changed on a number (the only settings Meta reports so far). */
export interface AccountSettingsValue {
  messaging_product: 'whatsapp';
  timestamp: string;
  type: Open<'phone_number_settings'>;
  phone_number_settings?: {
    phone_number_id: string;
    calling?: {
      status?: string;
      call_icon_visibility?: string;
      callback_permission_status?: string;
      srtp_key_exchange_protocol?: string;
      call_hours?: {
        status: string;
        timezone_id: string;
        weekly_operating_hours?: Array<{ day_of_week: string; open_time: string; close_time: string }>;
        holiday_schedule?: Array<{ date: string; start_time: string; end_time: string }>;
      };
      sip?: { status: string; servers?: Array<{ hostname: string; port?: number }> };
    };
  };
}

// ---------------------------------------------------------------------------------------------------------
// The change union
// ---------------------------------------------------------------------------------------------------------

/**
 * Fields Meta lists without publishing a payload (handover protocol, consumer profile): typed as an object until
 * Meta documents one.
 */
export type UndocumentedFieldValue = Record<string, unknown>;

/** Maps every `whatsapp_business_account` field to the value Meta sends with it. */
export interface WebhookFieldValues {
  messages: MessagesValue;
  calls: CallsValue;
  history: HistoryValue;
  smb_message_echoes: MessageEchoesValue;
  message_echoes: MessageEchoesValue;
  smb_app_state_sync: StateSyncValue;
  automatic_events: AutomaticEventsValue;
  user_preferences: UserPreferencesValue;
  group_lifecycle_update: GroupsValue<GroupCreateEvent | GroupDeleteEvent>;
  group_participants_update: GroupsValue<GroupParticipantsEvent | GroupJoinRequestEvent>;
  group_settings_update: GroupsValue<GroupSettingsEvent>;
  group_status_update: GroupsValue<GroupStatusEvent>;
  message_template_status_update: TemplateStatusValue;
  message_template_quality_update: TemplateQualityValue;
  message_template_components_update: TemplateComponentsValue;
  template_category_update: TemplateCategoryValue;
  account_update: AccountUpdateValue;
  account_review_update: AccountReviewValue;
  account_alerts: AccountAlertsValue;
  account_settings_update: AccountSettingsValue;
  business_capability_update: BusinessCapabilityValue;
  phone_number_quality_update: PhoneNumberQualityValue;
  phone_number_name_update: PhoneNumberNameValue;
  phone_number_username_update: PhoneNumberUsernameValue;
  security: SecurityValue;
  flows: FlowsValue;
  partner_solutions: PartnerSolutionsValue;
  payment_configuration_update: PaymentConfigurationValue;
  messaging_handovers: UndocumentedFieldValue;
  consumer_profile: UndocumentedFieldValue;
}

export type WebhookField = keyof WebhookFieldValues;

/** One change: `field` says which, and narrows `value`. */
export type WebhookChange = { [F in WebhookField]: { field: F; value: WebhookFieldValues[F] } }[WebhookField];

/** The fields other than `messages`. */
export type OtherWebhookField = Exclude<WebhookField, 'messages'>;
/** A change of any field other than `messages`. */
export type OtherFieldChange = Exclude<WebhookChange, MessagesChange>;

/** Narrows a change to the `messages` field. */
export function isMessagesChange(change: WebhookChange): change is MessagesChange {
  return change.field === 'messages';
}
