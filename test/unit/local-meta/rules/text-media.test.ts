import { describe, expect, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, MEDIA, refuseChange, variant } from './send-context.js';

describe('text (text-messages: body maximum 4096 characters)', () => {
  it('accepts 4096 characters (emoji count as one) and refuses 4097', () => {
    accept(variant(META_EXAMPLES.text, (b) => (b.text.body = 'a'.repeat(4095) + '😀')));
    const error = refuseChange(
      META_EXAMPLES.text,
      (b) => (b.text.body = 'a'.repeat(4097)),
      100,
      'text.body is 4097 characters long, Meta allows 4096',
    );
    expect(error).toMatchObject({ title: 'Invalid parameter', httpStatus: 400, type: 'OAuthException' });
  });

  it('needs a body, and preview_url is a boolean', () => {
    refuseChange(META_EXAMPLES.text, (b) => delete b.text.body, 131008, "'text.body'");
    refuseChange(META_EXAMPLES.text, (b) => (b.text.preview_url = 'yes'), 100, 'text.preview_url must be a boolean');
  });
});

describe('media (image, audio, video, document, sticker pages)', () => {
  it('needs exactly one of id and link, link being http(s)', () => {
    refuseChange(
      META_EXAMPLES.image,
      (b) => (b.image.link = 'https://example.com/a.jpg'),
      100,
      'image has both id and link',
    );
    refuseChange(META_EXAMPLES.image, (b) => delete b.image.id, 131008, "'image.id' or 'image.link'");
    accept(variant(META_EXAMPLES.image, (b) => (b.image = { link: 'https://example.com/a.jpg' })));
    refuseChange(
      META_EXAMPLES.image,
      (b) => (b.image = { link: 'ftp://example.com/a.jpg' }),
      100,
      'image.link must be an http',
    );
  });

  it('limits captions to 1024 characters', () => {
    accept(variant(META_EXAMPLES.video, (b) => (b.video.caption = 'c'.repeat(1024))));
    refuseChange(
      META_EXAMPLES.document,
      (b) => (b.document.caption = 'c'.repeat(1025)),
      100,
      'document.caption is 1025 characters long, Meta allows 1024',
    );
  });

  it('takes captions on image, video and document only, filename on document only', () => {
    refuseChange(META_EXAMPLES.audio, (b) => (b.audio.caption = 'hi'), 100, 'audio.caption');
    refuseChange(META_EXAMPLES.sticker, (b) => (b.sticker.caption = 'hi'), 100, 'sticker.caption');
    refuseChange(META_EXAMPLES.image, (b) => (b.image.filename = 'a.jpg'), 100, 'image.filename');
  });

  it('accepts uploaded media of the wrong type or size, which then fails with 131053 (a delivery error)', () => {
    const failure = (body: unknown) => accept(body).deliveryError;
    expect(failure(variant(META_EXAMPLES.image, (b) => (b.image.id = '1376223850470843')))).toMatchObject({
      code: 131053,
      title: 'Media upload error',
      details: 'image.id 1376223850470843 is application/pdf; a image must be one of image/jpeg, image/png',
    });
    expect(failure(variant(META_EXAMPLES.sticker, (b) => (b.sticker.id = '1479537139650973')))!.details).toContain(
      'a sticker must be one of image/webp',
    );
    MEDIA['9999'] = { mimeType: 'image/jpeg', size: 6 * 1024 * 1024 };
    expect(failure(variant(META_EXAMPLES.image, (b) => (b.image.id = '9999')))!.details).toContain(
      'a image may be at most 5242880 bytes',
    );
    expect(failure(variant(META_EXAMPLES.image, (b) => (b.image.id = '1234')))!.details).toContain(
      'image.id 1234 is not a media id',
    );
    const header = variant(META_EXAMPLES.button, (b) => (b.interactive.header.image.id = '798882015472548'));
    expect(failure(header)!.details).toContain('interactive.header.image.id 798882015472548 is image/webp');
  });

  it('warns when a voice message is not OGG/OPUS', () => {
    MEDIA['8888'] = { mimeType: 'audio/mpeg', size: 1000 };
    const decision = accept(variant(META_EXAMPLES.audio, (b) => (b.audio.id = '8888')));
    expect(decision.warnings.join()).toContain('OGG/OPUS');
  });
});
