import type { SendAccepted } from './types.js';

// The `pricing` (and, before v24, `conversation`) objects of a status webhook, from
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status and
// https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing:
// - pricing_model is "PMP" (per-message pricing; "CBP" only on webhooks sent before July 1, 2025);
// - type "free_customer_service" for a non-template message or a utility template inside the customer service
//   window, "regular" (billable) otherwise; category is the rate applied (service, utility, marketing, …);
// - conversation: omitted from v24.0 on (free entry point windows aside, which local Meta does not model);
//   v23.0 and lower carry one with an id unique per message and origin.type. The caller supplies the id (and the
//   expiration_timestamp, which Meta only puts on `sent`), since this file invents nothing.
// Meta puts both objects only on `sent` and on one of delivered/read: which status carries them is the caller's.

export interface PricingInput {
  apiVersion?: number; // undefined: an unversioned call, answered as the newest version
  category: SendAccepted['category'];
  inWindow: boolean;
  conversationId?: string;
  expirationTimestamp?: string;
}

export function pricingFor(input: PricingInput): {
  pricing: Record<string, unknown>;
  conversation?: Record<string, unknown>;
} {
  const free = input.category === 'service' || (input.category === 'utility' && input.inWindow);
  const pricing = {
    billable: !free,
    pricing_model: 'PMP',
    type: free ? 'free_customer_service' : 'regular',
    category: input.category,
  };
  if (input.apiVersion === undefined || input.apiVersion >= 24) return { pricing };
  const conversation = {
    ...(input.conversationId !== undefined ? { id: input.conversationId } : {}),
    ...(input.expirationTimestamp !== undefined ? { expiration_timestamp: input.expirationTimestamp } : {}),
    origin: { type: input.category },
  };
  return { pricing, conversation };
}
