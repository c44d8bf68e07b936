/**
 * Media as Meta keeps it: uploaded files by numeric id (uploaded on one phone number), a descriptor whose URL
 * is valid 5 minutes and must be fetched with the Bearer token, deletion. Held in memory. Pure: time from
 * the caller, the URL's hash an HMAC with a per-run key.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const MEDIA_URL_TTL_MS = 5 * 60_000;
/** Meta's download host path, kept so clients that look at it see the familiar shape. */
export const MEDIA_DOWNLOAD_PATH = '/whatsapp_business/attachments/';

export interface StoredMedia {
  id: string;
  mimeType: string;
  /** Uploaded on this phone number id. */
  phoneNumberId: string;
  data: Buffer;
  sha256Hex: string;
  sha256Base64: string;
  fileName?: string;
  createdAt: number;
}

const MAX_ITEMS = 2_000;

export class MediaStore {
  private readonly items = new Map<string, StoredMedia>();
  private readonly key = randomBytes(32);

  add(media: Omit<StoredMedia, 'sha256Hex' | 'sha256Base64'>): StoredMedia {
    const digest = createHash('sha256').update(media.data).digest();
    const stored = { ...media, sha256Hex: digest.toString('hex'), sha256Base64: digest.toString('base64') };
    if (this.items.size >= MAX_ITEMS) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    this.items.set(media.id, stored);
    return stored;
  }

  get(id: string): StoredMedia | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  /** The download URL handed out now: expires 5 minutes later on the local clock. */
  downloadUrl(graphUrl: string, id: string, now: number): string {
    const ext = Math.floor((now + MEDIA_URL_TTL_MS) / 1000);
    return `${graphUrl}${MEDIA_DOWNLOAD_PATH}?mid=${id}&ext=${ext}&hash=${this.hash(id, ext)}`;
  }

  /** The media a download URL points to, if the URL is ours, unexpired and the media still exists. */
  resolveDownload(query: URLSearchParams, now: number): StoredMedia | undefined {
    const id = query.get('mid') ?? '';
    const ext = Number(query.get('ext'));
    const hash = Buffer.from(query.get('hash') ?? '');
    if (!Number.isSafeInteger(ext) || ext * 1000 < now) return undefined;
    const expected = Buffer.from(this.hash(id, ext));
    if (hash.length !== expected.length || !timingSafeEqual(hash, expected)) return undefined;
    return this.items.get(id);
  }

  private hash(id: string, ext: number): string {
    return createHmac('sha256', this.key).update(`${id}.${ext}`).digest('base64url').slice(0, 20);
  }
}
