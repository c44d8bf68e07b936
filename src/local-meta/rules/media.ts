import {
  httpUrl,
  objectAt,
  onlyKeys,
  optionalBoolean,
  optionalString,
  refuse,
  requiredString,
  type Json,
  type Run,
} from './check.js';
import { metaError } from './meta-errors.js';
import { baseMimeType, MEDIA_RULES, type MediaKind } from './media-types.js';

// id xor link for every media kind; caption (maximum 1024 characters) on image, video and document; filename on
// document; voice on audio. Pages: …/whatsapp/messages/{image,audio,video,document,sticker}-messages.
// Media sent by id must have a type and size the kind supports, else 131053 (Media upload error). Meta reports it in
// the `failed` status webhook, not in the HTTP answer (error codes page: "refer to the error.error_data.details value
// in any messages webhooks triggered when this message fails to send"), so it is a delivery error here.

export function checkMedia(kind: MediaKind, node: unknown, run: Run, path: string = kind): void {
  const media = objectAt(node, path);
  const rule = MEDIA_RULES[kind];
  onlyKeys(media, path, ['id', 'link', ...rule.fields]);
  checkMediaSource(kind, media, run, path);
  if (rule.fields.includes('caption')) optionalString(media, 'caption', path, 1024);
  if (rule.fields.includes('filename')) optionalString(media, 'filename', path);
  if (rule.fields.includes('voice')) optionalBoolean(media, 'voice', path);
}

/** Exactly one of `id` (uploaded media) or `link` (http/https URL); by id, the uploaded file must suit the kind. */
export function checkMediaSource(kind: MediaKind, media: Json, run: Run, path: string): void {
  const hasId = media.id !== undefined;
  const hasLink = media.link !== undefined;
  if (hasId && hasLink) refuse(100, `${path} has both id and link: send exactly one of them`);
  if (!hasId && !hasLink) refuse(131008, `Parameter '${path}.id' or '${path}.link' is required`);
  if (hasLink) {
    httpUrl(requiredString(media, 'link', path), `${path}.link`);
    return;
  }
  const id = requiredString(media, 'id', path);
  const stored = run.ctx.media(id);
  const rule = MEDIA_RULES[kind];
  const mimeType = stored === undefined ? '' : baseMimeType(stored.mimeType);
  const problem =
    stored === undefined
      ? `${path}.id ${id} is not a media id uploaded to this phone number`
      : !rule.mimeTypes.includes(mimeType)
        ? `${path}.id ${id} is ${mimeType}; a ${kind} must be one of ${rule.mimeTypes.join(', ')}`
        : stored.size > rule.maxBytes
          ? `${path}.id ${id} is ${stored.size} bytes; a ${kind} may be at most ${rule.maxBytes} bytes`
          : undefined;
  if (problem !== undefined) run.deliveryError ??= metaError(131053, problem);
  if (kind === 'audio' && media.voice === true && mimeType !== 'audio/ogg') {
    run.warnings.push(`${path}.voice is true but the file is ${mimeType}: Meta says voice messages must be OGG/OPUS`);
  }
}
