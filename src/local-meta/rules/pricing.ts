import type { SendAccepted } from './types.js';

export function pricingFor(input: { apiVersion?: number; category: SendAccepted['category']; inWindow: boolean }): {
  pricing: Record<string, unknown>;
  conversation?: Record<string, unknown>;
} {
  const free = input.category === 'service' || (input.category === 'utility' && input.inWindow);
  return {
    pricing: {
      billable: !free,
      pricing_model: 'PMP',
      type: free ? 'free_customer_service' : 'regular',
      category: input.category,
    },
  };
}
