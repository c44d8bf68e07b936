import { describe, expect, it } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import {
  ActionButtons,
  ActionCTA,
  ActionList,
  ActionLocation,
  ActionNavigateFlow,
  Body,
  BodyComponent,
  BodyParameter,
  Button,
  Contacts,
  Document,
  Footer,
  Header,
  HeaderComponent,
  HeaderParameter,
  Image,
  Interactive,
  ListSection,
  Location,
  Name,
  Reaction,
  Row,
  Template,
  Text,
  URLComponent,
} from 'whatsapp-api-js/messages';
import { validateSend } from '../../../../src/local-meta/rules/validate-send.js';
import { BUSINESS, INBOUND, sendContext } from './send-context.js';

// The bodies whatsapp-api-js really puts on the wire: its own sendMessage / markAsRead build them, and the
// ponyfill fetch keeps each body (nothing leaves the process) so validateSend can judge it.
function client() {
  const bodies: unknown[] = [];
  const api = new WhatsAppAPI({
    token: 'local-token',
    secure: false,
    v: 'v24.0',
    ponyfill: {
      fetch: (_url: unknown, init?: { body?: unknown }) => {
        bodies.push(JSON.parse(init?.body as string));
        return Promise.resolve(
          Response.json({ messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.x' }] }),
        );
      },
    },
  });
  return { api, bodies };
}

const messages = () => [
  new Text('Hello from whatsapp-api-js', true),
  new Image('1479537139650973', true, 'The best succulent ever?'),
  new Document('https://www.luckyshrub.com/invoice.pdf', false, 'Invoice', 'invoice.pdf'),
  new Location(-122.16, 37.44, 'Philz Coffee', '101 Forest Ave'),
  new Contacts([new Name('Barbara J. Johnson', 'Barbara')]),
  new Reaction(INBOUND.reactionTarget, '😀'),
  new Interactive(
    new ActionButtons(new Button('change-button', 'Change'), new Button('cancel-button', 'Cancel')),
    new Body('Your workshop is at 9am tomorrow.'),
    new Header('Workshop'),
    new Footer('Lucky Shrub'),
  ),
  new Interactive(
    new ActionList('Shipping Options', new ListSection('Fast', new Row('priority', 'Priority Mail', 'Next day'))),
    new Body('Which shipping option do you prefer?'),
  ),
  new Interactive(new ActionCTA('See Dates', 'https://www.luckyshrub.com/dates'), new Body('Tap to see dates.')),
  new Interactive(new ActionLocation(), new Body('Share your location')),
  new Interactive(new ActionNavigateFlow('token', '123456', 'Book!', 'FIRST_ENTRY_SCREEN'), new Body('Book now')),
  new Template('hello_world', 'en_US'),
  new Template(
    'order_confirmation',
    'en_US',
    new BodyComponent(new BodyParameter('Jessica', 'first_name'), new BodyParameter('SKBUP2-4CPIG9', 'order_number')),
  ),
  new Template(
    'spring_sale',
    'en_US',
    new HeaderComponent(new HeaderParameter(new Image('https://www.luckyshrub.com/sale.jpg'))),
    new BodyComponent(new BodyParameter('Pablo'), new BodyParameter('25%')),
    new URLComponent('SPRING25'),
  ),
];

describe('payloads built by whatsapp-api-js', () => {
  it('are all accepted', async () => {
    const { api, bodies } = client();
    for (const message of messages()) await api.sendMessage('106540352242922', '16505551234', message);
    await api.markAsRead('106540352242922', INBOUND.readTarget, 'text');
    expect(bodies).toHaveLength(messages().length + 1);
    for (const body of bodies) {
      const decision = validateSend(body, sendContext());
      expect(decision, JSON.stringify(body)).toMatchObject({ ok: true });
    }
    const contacts = validateSend(
      bodies.find((b: any) => b.type === 'contacts'),
      sendContext(),
    );
    expect(contacts.warnings.join()).toContain('contacts is a JSON-encoded string');
  });

  it('are refused when they break a rule the client does not check, with the path named', async () => {
    const { api, bodies } = client();
    await api.sendMessage('106540352242922', `+${BUSINESS}`, new Text('Hello me'));
    await api.sendMessage(
      '106540352242922',
      '16505551234',
      new Template('order_confirmation', 'en_US', new BodyComponent(new BodyParameter('Jessica', 'first_name'))),
    );
    const [self, template] = bodies.map((body) => validateSend(body, sendContext()));
    expect(self).toMatchObject({ ok: false, error: { code: 131021 } });
    expect(template).toMatchObject({ ok: false, error: { code: 132000 } });
    expect(!template!.ok && template!.error.details).toContain('body: number of localizable_params (1)');
  });
});
