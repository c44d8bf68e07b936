import { describe, expect, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, refuseChange, variant } from './send-context.js';

describe('location (location-messages)', () => {
  it('needs latitude and longitude in decimal degrees, as strings or numbers', () => {
    accept(variant(META_EXAMPLES.location, (b) => ((b.location.latitude = 37.44), (b.location.longitude = -122.16))));
    refuseChange(META_EXAMPLES.location, (b) => delete b.location.latitude, 131008, "'location.latitude'");
    refuseChange(
      META_EXAMPLES.location,
      (b) => (b.location.longitude = 'west'),
      100,
      'location.longitude must be decimal degrees',
    );
    refuseChange(
      META_EXAMPLES.location,
      (b) => (b.location.latitude = 91),
      100,
      'location.latitude is 91, Meta allows -90 to 90',
    );
  });
});

describe('contacts (contacts-messages)', () => {
  it('needs name.formatted_name and a YYYY-MM-DD birthday', () => {
    refuseChange(
      META_EXAMPLES.contacts,
      (b) => delete b.contacts[0].name.formatted_name,
      131008,
      "'contacts[0].name.formatted_name'",
    );
    refuseChange(
      META_EXAMPLES.contacts,
      (b) => (b.contacts[0].birthday = '23/01/1999'),
      100,
      'contacts[0].birthday must be YYYY-MM-DD',
    );
    refuseChange(
      META_EXAMPLES.contacts,
      (b) => (b.contacts[0].phones[0].number = '1'),
      100,
      'contacts[0].phones[0].number',
    );
  });
});

describe('reaction (reaction-messages)', () => {
  it('needs message_id and emoji; the emoji may be the character or empty (removal)', () => {
    refuseChange(META_EXAMPLES.reaction, (b) => delete b.reaction.message_id, 131008, "'reaction.message_id'");
    refuseChange(META_EXAMPLES.reaction, (b) => delete b.reaction.emoji, 131008, "'reaction.emoji'");
    accept(variant(META_EXAMPLES.reaction, (b) => (b.reaction.emoji = '')));
  });

  it('accepts a reaction to an unknown message, which then fails with 131009 (not in the HTTP answer)', () => {
    const decision = accept(variant(META_EXAMPLES.reaction, (b) => (b.reaction.message_id = 'wamid.unknown')));
    expect(decision.deliveryError).toMatchObject({ code: 131009, title: 'Parameter value is not valid' });
    expect(decision.deliveryError!.details).toContain('wamid.unknown');
  });
});

describe('mark as read and typing indicator (mark-message-as-read, typing-indicators)', () => {
  it('needs status "read" and a message_id; typing_indicator.type is "text"', () => {
    refuseChange(META_EXAMPLES.read, (b) => (b.status = 'delivered'), 100, 'status must be "read"');
    refuseChange(META_EXAMPLES.read, (b) => delete b.message_id, 131008, "'message_id'");
    refuseChange(
      META_EXAMPLES.typing,
      (b) => (b.typing_indicator.type = 'audio'),
      100,
      'typing_indicator.type must be one of text',
    );
  });

  it('accepts an unknown message_id with a warning (Meta does not document its answer)', () => {
    const decision = accept(variant(META_EXAMPLES.read, (b) => (b.message_id = 'wamid.unknown')));
    expect(decision.warnings.join()).toContain('wamid.unknown');
  });
});
