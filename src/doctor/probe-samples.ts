import { toMetaBytes } from '../samples/bytes/meta-bytes.js';
import { signBody } from '../verification/signature.js';

/**
 * The events doctor posts to a receiver. They are `statuses` (delivery receipts), never `messages`, so
 * a bot behind the receiver has nothing to reply to; and a receiver that assumes `messages[0]` shows its
 * crash here instead of in production (docs/troubleshooting.md).
 */
export interface SampleIds {
  wabaId?: string;
  phoneNumberId?: string;
}

function statusEvent(ids: SampleIds, opaque: string | undefined, now: number): unknown {
  const seconds = String(Math.floor(now / 1000));
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: ids.wabaId ?? '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550783881',
                phone_number_id: ids.phoneNumberId ?? '106540352242922',
              },
              statuses: [
                {
                  id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QTdCNUI1RDZEQ0ZFNzE0QjMA',
                  status: 'delivered',
                  timestamp: seconds,
                  recipient_id: '16505551234',
                  ...(opaque !== undefined ? { biz_opaque_callback_data: opaque } : {}),
                  pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

export interface SignedSample {
  body: Buffer;
  signature?: string;
}

/** ASCII-only, no `/`: identical bytes whether a receiver re-serializes or not. */
export function plainStatusSample(ids: SampleIds, appSecret: string | undefined, now: number): SignedSample {
  const body = toMetaBytes(statusEvent(ids, 'doctor check', now));
  return { body, signature: appSecret ? signBody(body, appSecret) : undefined };
}

/** Accents, emoji and `/` escaped as Meta does: only a receiver that hashes the raw bytes accepts it. */
export function metaStyleStatusSample(ids: SampleIds, appSecret: string, now: number): SignedSample {
  const body = toMetaBytes(statusEvent(ids, 'café ☕ 👍 order/42', now));
  return { body, signature: signBody(body, appSecret) };
}

/** A signature made with a key that is certainly not the App Secret. */
export function badlySignedSample(ids: SampleIds, appSecret: string, now: number): SignedSample {
  const body = toMetaBytes(statusEvent(ids, 'doctor check', now));
  return { body, signature: signBody(body, `not-${appSecret}`) };
}
