// Supported media per message kind: MIME types and maximum sizes, from each kind's page
// (…/messages/image-messages, audio-messages, video-messages, document-messages, sticker-messages on
// https://developers.facebook.com/documentation/business-messaging/whatsapp/).

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

const MB = 1024 * 1024;
const KB = 1024;

export interface MediaRule {
  mimeTypes: readonly string[];
  maxBytes: number;
  fields: readonly string[]; // besides id / link
}

export const MEDIA_RULES: Readonly<Record<MediaKind, MediaRule>> = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB, fields: ['caption'] },
  // OGG: "OPUS codecs only; base audio/ogg not supported; mono input only" — the codec is not visible here.
  audio: {
    mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * MB,
    fields: ['voice'],
  },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB, fields: ['caption'] },
  document: {
    mimeTypes: [
      'text/plain',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/pdf',
    ],
    maxBytes: 100 * MB,
    fields: ['caption', 'filename'],
  },
  // Animated stickers up to 500 KB, static up to 100 KB: which one a file is cannot be told from its type.
  sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * KB, fields: [] },
};

/** The MIME type without parameters ("audio/ogg; codecs=opus" → "audio/ogg"). */
export function baseMimeType(mimeType: string): string {
  const end = mimeType.indexOf(';');
  return (end === -1 ? mimeType : mimeType.slice(0, end)).trim().toLowerCase();
}
