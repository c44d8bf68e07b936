/**
 * What makes a value one of Meta's template objects: the statuses and categories Meta names, and a check for a
 * template read from outside (the registry file, a Graph answer) before it is used as a TemplateDef. Pure.
 */
import { TEMPLATE_STATUSES, type SendAccepted, type TemplateDef } from '../types.js';

/** Each category and the lowercase name a send's pricing and statuses use for it. */
const PRICING_CATEGORY: Readonly<Record<TemplateDef['category'], SendAccepted['category']>> = {
  UTILITY: 'utility',
  MARKETING: 'marketing',
  AUTHENTICATION: 'authentication',
};

export const isTemplateStatus = (value: unknown): value is TemplateDef['status'] =>
  TEMPLATE_STATUSES.some((s) => s === value);

export const isTemplateCategory = (value: unknown): value is TemplateDef['category'] =>
  typeof value === 'string' && Object.hasOwn(PRICING_CATEGORY, value);

export function pricingCategory(category: TemplateDef['category']): SendAccepted['category'] {
  return PRICING_CATEGORY[category];
}

/** Meta's template object: id, name, language, a known status and category, components (extra fields kept). */
export function isTemplateDef(value: unknown): value is TemplateDef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const t: Partial<Record<keyof TemplateDef, unknown>> = value;
  return (
    typeof t.id === 'string' &&
    typeof t.name === 'string' &&
    typeof t.language === 'string' &&
    isTemplateStatus(t.status) &&
    isTemplateCategory(t.category) &&
    (t.parameter_format === undefined || t.parameter_format === 'POSITIONAL' || t.parameter_format === 'NAMED') &&
    Array.isArray(t.components)
  );
}
