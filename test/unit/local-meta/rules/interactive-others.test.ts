import { describe, expect, it } from 'vitest';
import { META_EXAMPLES } from './meta-examples.js';
import { accept, refuseChange, variant } from './send-context.js';

describe('CTA URL buttons (interactive-cta-url-messages)', () => {
  const cta = META_EXAMPLES.ctaUrl;
  it('limits the label to 20 characters and needs an http(s) url', () => {
    refuseChange(
      cta,
      (b) => (b.interactive.action.parameters.display_text = 'l'.repeat(21)),
      100,
      'interactive.action.parameters.display_text is 21 characters long, Meta allows 20',
    );
    refuseChange(cta, (b) => delete b.interactive.action.parameters.url, 131008, "'interactive.action.parameters.url'");
    refuseChange(
      cta,
      (b) => (b.interactive.action.parameters.url = 'luckyshrub.com'),
      100,
      'must be an http:// or https:// URL',
    );
    refuseChange(
      cta,
      (b) => (b.interactive.action.name = 'url'),
      100,
      'interactive.action.name must be one of cta_url',
    );
  });
});

describe('location requests (location-request-messages)', () => {
  it('needs action.name "send_location" and a body of at most 1024 characters', () => {
    const request = META_EXAMPLES.locationRequest;
    refuseChange(
      request,
      (b) => (b.interactive.action.name = 'location'),
      100,
      'interactive.action.name must be one of send_location',
    );
    refuseChange(request, (b) => (b.interactive.body.text = 'b'.repeat(1025)), 100, 'Meta allows 1024');
  });
});

describe('flows (flows/guides/sendingaflow)', () => {
  const flow = META_EXAMPLES.flowMinimal;
  const params = (b: any) => b.interactive.action.parameters;

  it('does not require flow_token (Meta defaults it to "unused")', () => {
    expect(params(flow).flow_token).toBeUndefined();
    accept(flow);
  });

  it('needs exactly one of flow_id and flow_name', () => {
    refuseChange(flow, (b) => (params(b).flow_id = '123456'), 100, 'has both flow_id and flow_name');
    refuseChange(flow, (b) => delete params(b).flow_name, 131008, "'interactive.action.parameters.flow_id' or");
  });

  it('needs flow_message_version "3" and flow_cta; mode and flow_action are enumerations', () => {
    refuseChange(flow, (b) => (params(b).flow_message_version = '2'), 100, 'flow_message_version must be one of 3');
    refuseChange(flow, (b) => delete params(b).flow_cta, 131008, "'interactive.action.parameters.flow_cta'");
    refuseChange(flow, (b) => (params(b).mode = 'live'), 100, 'mode must be one of draft, published');
    refuseChange(
      flow,
      (b) => (params(b).flow_action = 'open'),
      100,
      'flow_action must be one of navigate, data_exchange',
    );
  });

  it('takes flow_action_payload only with navigate, its data non-empty', () => {
    const full = META_EXAMPLES.flowFull;
    refuseChange(
      full,
      (b) => (params(b).flow_action = 'data_exchange'),
      100,
      'flow_action_payload is only for flow_action "navigate"',
    );
    refuseChange(full, (b) => (params(b).flow_action_payload.data = {}), 100, 'data must be a non-empty object');
  });

  it('warns, without refusing, when flow_cta is over the advised 30 characters', () => {
    const decision = accept(variant(flow, (b) => (params(b).flow_cta = 'c'.repeat(31))));
    expect(decision.warnings.join()).toContain('advises 30');
  });
});
