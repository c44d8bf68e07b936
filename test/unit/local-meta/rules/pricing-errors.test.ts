import { describe, expect, it } from 'vitest';
import { KNOWN_CODES, metaError, metaErrorBody, statusErrorOf } from '../../../../src/local-meta/rules/meta-errors.js';
import { pricingFor } from '../../../../src/local-meta/rules/pricing.js';

describe('pricing of a status (status webhook reference; pricing page)', () => {
  it('v24+: per-message pricing, free in the window for service and utility, no conversation', () => {
    expect(pricingFor({ apiVersion: 24, category: 'service', inWindow: true })).toEqual({
      pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
    });
    expect(pricingFor({ apiVersion: 24, category: 'utility', inWindow: true }).pricing).toMatchObject({
      billable: false,
      type: 'free_customer_service',
      category: 'utility',
    });
    expect(pricingFor({ apiVersion: 25, category: 'utility', inWindow: false }).pricing).toMatchObject({
      billable: true,
      type: 'regular',
      category: 'utility',
    });
    expect(pricingFor({ category: 'marketing', inWindow: true })).toEqual({
      pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
    });
  });

  it('v23 and lower: the same pricing plus a conversation with its origin', () => {
    const result = pricingFor({
      apiVersion: 23,
      category: 'authentication',
      inWindow: false,
      conversationId: 'c1',
      expirationTimestamp: '1750116480',
    });
    expect(result.pricing).toMatchObject({ pricing_model: 'PMP', type: 'regular', category: 'authentication' });
    expect(result.conversation).toEqual({
      id: 'c1',
      expiration_timestamp: '1750116480',
      origin: { type: 'authentication' },
    });
  });
});

describe("Meta's errors", () => {
  it('builds the envelope of the error codes page', () => {
    const body = metaErrorBody(
      metaError(130429, 'Cloud API message throughput has been reached.', { subcode: 2494055 }),
      'Az8or2yhqkZfEZ-_4Qn_Bam',
    );
    expect(body).toEqual({
      error: {
        message: '(#130429) Rate limit hit',
        type: 'OAuthException',
        code: 130429,
        error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
        error_subcode: 2494055,
        fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      },
    });
  });

  it.each([
    [100, 'Invalid parameter', 400],
    [131008, 'Required parameter is missing', 400],
    [131009, 'Parameter value is not valid', 400],
    [131021, 'Recipient cannot be sender', 400],
    [131026, 'Message Undeliverable', 400],
    [131047, 'Re-engagement message', 400],
    [131051, 'Unsupported message type', 400],
    [131053, 'Media upload error', 400],
    [131056, '(Business Account, Consumer Account) pair rate limit hit', 400],
    [130429, 'Rate limit hit', 400],
    [132001, 'Template does not exist', 404],
    [133010, 'Phone number Not Registered', 400],
    [190, 'Access token has expired', 401],
    [368, 'Temporarily blocked for policies violations', 403],
    [131000, 'Something went wrong', 500],
    [131005, 'Access denied', 403],
    [80007, 'Rate limit issues', 400],
  ])('titles %i "%s" with HTTP %i', (code, title, httpStatus) => {
    expect(metaError(code, 'd')).toMatchObject({ code, title, httpStatus, type: 'OAuthException' });
    expect(KNOWN_CODES).toContain(code);
  });

  it('gives 463 as code 190 with subcode 463 (an expired token)', () => {
    expect(metaError(463, 'expired')).toMatchObject({ code: 190, subcode: 463, httpStatus: 401 });
  });

  it('shapes a failed status error as the webhook carries it (message equals title)', () => {
    expect(statusErrorOf(metaError(131047, 'd'))).toMatchObject({
      code: 131047,
      title: 'Re-engagement message',
      message: 'Re-engagement message',
      error_data: { details: 'd' },
    });
  });
});
