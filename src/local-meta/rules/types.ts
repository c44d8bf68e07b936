// The interface between Local WhatsApp's pure send rules and the server that applies them.

export interface MetaError {
  code: number; // e.g. 100, 131047
  subcode?: number; // error_subcode where Meta sends one
  title: string; // e.g. "Invalid parameter"; message is "(#code) title" unless `message` is set
  message?: string;
  details: string; // error_data.details: names the JSON path and the limit
  httpStatus: number; // Meta's HTTP status for a synchronous error (ignored for delivery errors)
  type: string; // "OAuthException" etc., as Meta sends it
}

/** The statuses Meta gives a message template. */
export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface TemplateDef {
  // Meta's template object as GET /{waba-id}/message_templates returns it
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: unknown[];
}

export interface SendContext {
  businessNumber: string; // digits only, e.g. "15551234567"
  apiVersion?: number; // 24 for /v24.0/..., undefined when unversioned
  templates: readonly TemplateDef[];
  windowOpen(waId: string): boolean; // customer service window open now
  findMessage(wamid: string): { waId: string; direction: 'inbound' | 'outbound' } | undefined;
  media(id: string): { mimeType: string; size: number } | undefined;
  /** Optional (added after the contract): a wa_id local Meta already knows. A `to` without `+` that is a known
   * wa_id is taken as it is (bots reply to the webhook's `from`); otherwise Meta's documented rule applies. */
  knownCustomer?(waId: string): boolean;
}

export interface SendAccepted {
  ok: true;
  to: string; // normalised wa_id (digits)
  kind: string; // 'text' | 'image' | … | 'interactive' | 'template' | 'reaction' | 'read'
  category: 'service' | 'utility' | 'marketing' | 'authentication';
  template?: { name: string; language: string };
  deliveryError?: MetaError; // delivery-time error: 200 + wamid now, then a `failed` status
  warnings: string[]; // lenient readings where Meta's documents disagree
}

export interface SendRefused {
  ok: false;
  error: MetaError;
  warnings: string[];
}

export type SendDecision = SendAccepted | SendRefused;
