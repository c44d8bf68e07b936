import { describe, expect, it } from 'vitest';
import { createTemplateSamples } from '../../../src/inspector/samples-io.js';
import { baseVarsFor } from '../../../src/samples/sample-vars.js';
import type { Template } from '../../../src/samples/render.js';

/** A sample whose own defaults compete with the configured ids and the typed text. */
const template: Template = {
  name: 'probe',
  description: 'precedence probe',
  version: 1,
  defaults: { phone_number_id: 'from-template', text: 'template text' },
  body: { pn: '{{phone_number_id}}', waba: '{{waba_id}}', text: '{{text}}', name: '{{name}}' },
};
const config = { phoneNumberId: 'configured-pn', wabaId: 'configured-waba' };

describe('the inspector renders sample values with the CLI precedence', () => {
  it.each([
    ['text typed on the page', 'typed text'],
    ['no text typed', undefined],
  ])('%s', async (_name, text) => {
    const inspector = createTemplateSamples(config, async () => [template]);
    const sent = JSON.parse((await inspector.render('probe', { text }))!.toString('utf8'));
    const cli = baseVarsFor(template, { ...config, text });
    expect(sent).toEqual({ pn: cli.phone_number_id, waba: cli.waba_id, text: cli.text, name: cli.name });
    // defaults < configured ids < the template's own defaults < explicit values
    expect(sent.pn).toBe('from-template');
    expect(sent.waba).toBe('configured-waba');
    expect(sent.text).toBe(text ?? 'template text');
  });
});
