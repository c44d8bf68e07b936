import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { describe, expect, it } from 'vitest';
import { validateSend } from '../../../../src/local-meta/rules/validate-send.js';
import { INBOUND, sendContext } from './send-context.js';

// The bodies @kapso/whatsapp-cloud-api builds inside its client: its `fetch` option keeps each request body
// (nothing leaves the process) so validateSend can judge what the client really sends.
function client() {
  const bodies: unknown[] = [];
  const fetchStandIn = (_url: unknown, init?: { body?: unknown }) => {
    bodies.push(JSON.parse(init?.body as string));
    const reply =
      typeof init?.body === 'string' && init.body.includes('"status":"read"')
        ? { success: true }
        : { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.x' }] };
    return Promise.resolve(Response.json(reply));
  };
  const wa = new WhatsAppClient({
    accessToken: 'local-token',
    baseUrl: 'http://127.0.0.1:9',
    graphVersion: 'v24.0',
    fetch: fetchStandIn,
  });
  return { wa, bodies };
}

const phoneNumberId = '106540352242922';
const to = '16505551234';

describe('payloads built by @kapso/whatsapp-cloud-api', () => {
  it('are all accepted', async () => {
    const { wa, bodies } = client();
    await wa.messages.sendText({ phoneNumberId, to, body: 'Hello from Kapso', previewUrl: false });
    await wa.messages.sendImage({
      phoneNumberId,
      to,
      image: { id: '1479537139650973', caption: 'Succulent' },
    });
    await wa.messages.sendInteractiveButtons({
      phoneNumberId,
      to,
      bodyText: 'Reschedule?',
      footerText: 'Lucky Shrub',
      buttons: [
        { id: 'change', title: 'Change' },
        { id: 'cancel', title: 'Cancel' },
      ],
    });
    await wa.messages.sendInteractiveList({
      phoneNumberId,
      to,
      bodyText: 'Which shipping option?',
      buttonText: 'Options',
      sections: [{ title: 'Fast', rows: [{ id: 'priority', title: 'Priority', description: 'Next day' }] }],
    });
    await wa.messages.sendInteractiveFlow({
      phoneNumberId,
      to,
      bodyText: 'Book now',
      parameters: { flowId: '123456', flowCta: 'Book!' },
    });
    await wa.messages.sendTemplate({
      phoneNumberId,
      to,
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    await wa.messages.sendReaction({
      phoneNumberId,
      to,
      reaction: { messageId: INBOUND.reactionTarget, emoji: '👍' },
    });
    await wa.messages.markRead({ phoneNumberId, messageId: INBOUND.readTarget, typingIndicator: { type: 'text' } });
    expect(bodies).toHaveLength(8);
    for (const body of bodies) {
      expect(validateSend(body, sendContext()), JSON.stringify(body)).toMatchObject({ ok: true });
    }
  });

  it('are refused when they break a rule the client does not check, with the path named', async () => {
    const { wa, bodies } = client();
    await wa.messages.sendText({ phoneNumberId, to, body: 'x'.repeat(4097) });
    const buttons = [
      { id: 'a', title: 'Same' },
      { id: 'b', title: 'Same' },
    ];
    await wa.messages.sendInteractiveButtons({ phoneNumberId, to, bodyText: 'Pick', buttons });
    await wa.messages.sendTemplate({
      phoneNumberId,
      to,
      template: { name: 'hello_wrld', language: { code: 'en_US' } },
    });
    expect(bodies).toHaveLength(3);
    const [text, twice, template] = bodies.map((body) => validateSend(body, sendContext()));
    expect(!text!.ok && text!.error.details).toBe('text.body is 4097 characters long, Meta allows 4096');
    expect(!twice!.ok && twice!.error.details).toContain(
      'interactive.action.buttons[1].reply.title "Same" is used twice',
    );
    expect(template).toMatchObject({ ok: false, error: { code: 132001, httpStatus: 404 } });
  });
});
