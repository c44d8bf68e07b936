import { describe, expect, it } from 'vitest';
import { SEED_TEMPLATES } from '../../../../src/local-meta/rules/template/seed-templates.js';
import type { TemplateDef } from '../../../../src/local-meta/rules/types.js';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, refuse, refuseChange, variant } from './send-context.js';

const named = META_EXAMPLES.templateNamed;
const withStatus = (status: TemplateDef['status']) =>
  SEED_TEMPLATES.map((t) => (t.name === 'hello_world' ? { ...t, status } : t));

const springSale = {
  messaging_product: 'whatsapp',
  to: '+16505551234',
  type: 'template',
  template: {
    name: 'spring_sale',
    language: { code: 'en_US' },
    components: [
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://www.luckyshrub.com/sale.jpg' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Pablo' },
          { type: 'text', text: '25%' },
        ],
      },
      { type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: 'SPRING25' }] },
    ],
  },
};

describe('templates against the registry (error codes page; templates overview)', () => {
  it('answers 132001 with HTTP 404 when the name or the language is not registered', () => {
    const error = refuseChange(
      META_EXAMPLES.helloWorld,
      (b) => (b.template.name = 'hello_wrld'),
      132001,
      'template name (hello_wrld) does not exist in en_US',
    );
    expect(error).toMatchObject({ httpStatus: 404, title: 'Template does not exist' });
    refuseChange(
      META_EXAMPLES.helloWorld,
      (b) => (b.template.language.code = 'pt_BR'),
      132001,
      'does not exist in pt_BR',
    );
  });

  it('refuses templates not approved (132001), paused (132015) and disabled (132016)', () => {
    refuse(META_EXAMPLES.helloWorld, 132001, 'is PENDING', { templates: withStatus('PENDING') });
    refuse(META_EXAMPLES.helloWorld, 132015, 'paused', { templates: withStatus('PAUSED') });
    refuse(META_EXAMPLES.helloWorld, 132016, 'disabled', { templates: withStatus('DISABLED') });
  });

  it('answers 132000 when the number of parameters differs, in the words Meta uses', () => {
    refuseChange(
      named,
      (b) => b.template.components[0].parameters.pop(),
      132000,
      'body: number of localizable_params (1) does not match the expected number of params (2)',
    );
    refuseChange(named, (b) => delete b.template.components, 132000, 'body: number of localizable_params (0)');
    refuse(
      variant(
        META_EXAMPLES.helloWorld,
        (b) => (b.template.components = [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }]),
      ),
      132000,
      'expected number of params (0)',
    );
  });

  it('tells named from positional parameters (132012)', () => {
    refuseChange(
      named,
      (b) => delete b.template.components[0].parameters[0].parameter_name,
      132012,
      'parameter_name is missing or empty',
    );
    refuseChange(
      named,
      (b) => (b.template.components[0].parameters[0].parameter_name = 'name'),
      132000,
      '"name" is not in the template',
    );
    refuseChange(
      springSale,
      (b) => (b.template.components[1].parameters[0].parameter_name = 'first_name'),
      132012,
      'the template uses positional parameters',
    );
    accept(variant(named, (b) => b.template.components[0].parameters.reverse()));
  });

  it('checks the header media type (132012) and the URL button parameter (131008)', () => {
    accept(springSale);
    refuse(
      variant(
        springSale,
        (b) => (b.template.components[0].parameters[0] = { type: 'video', video: { link: 'https://e.com/v.mp4' } }),
      ),
      132012,
      'the template has a IMAGE header, the parameter is of type video',
    );
    refuseChange(
      springSale,
      (b) => b.template.components.pop(),
      131008,
      'buttons: Button at index 0 of type Url requires a parameter',
    );
    refuseChange(
      springSale,
      (b) => (b.template.components[1].parameters[0].text = ''),
      100,
      "Parameter 'text' is mandatory for component parameter type 'text'",
    );
  });

  it('gives the category of the template, and sends authentication templates to phone numbers only', () => {
    expect(accept(springSale).category).toBe('marketing');
    expect(accept(META_EXAMPLES.authentication).category).toBe('authentication');
    const bsuid = 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6';
    refuseChange(META_EXAMPLES.authentication, (b) => (b.to = bsuid), 131062, 'not the BSUID');
  });

  it('limits the one-time password of an authentication template to 15 characters', () => {
    const long = variant(
      META_EXAMPLES.authentication,
      (b) => (b.template.components[0].parameters[0].text = '1234567890123456'),
    );
    refuse(long, 100, 'exceeds the maximum length in the AUTHENTICATION category (15 characters)');
  });
});
