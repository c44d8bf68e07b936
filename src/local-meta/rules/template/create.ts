/**
 * POST /{waba-id}/message_templates: the body Meta requires to create a template, checked, and the template
 * object it becomes. Meta's rules (Graph API reference "WhatsApp Business Account Message Templates", Creating,
 * https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/ and
 * https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/): `name` up to 512
 * lowercase letters, digits and underscores; `category` AUTHENTICATION, MARKETING or UTILITY; `language` a
 * locale code; `components` with exactly one BODY; the answer is `{id, status, category}`. Local WhatsApp has no
 * reviewer: a new template is APPROVED at once (Meta answers APPROVED, PENDING or REJECTED); set another status
 * with `wa-hook local templates status`. Pure.
 */
import { invalidParameter } from '../../graph/errors.js';
import type { MetaError, TemplateDef } from '../types.js';
import { isTemplateCategory } from './template-def.js';
import { isRecord } from '../../../json-narrow.js';

const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/;

/** The new template, or Meta's error. `id` is the id to give it; `existing` the registry it joins. */
export function createTemplate(
  body: unknown,
  id: string,
  existing: readonly TemplateDef[],
): { ok: true; template: TemplateDef } | { ok: false; error: MetaError } {
  const refuse = (details: string) => ({ ok: false as const, error: invalidParameter(details) });
  if (!isRecord(body)) return refuse('Send the template as a JSON object: {name, language, category, components}.');
  const { name, language, parameter_format: parameterFormat } = body;
  // A form-encoded body (curl -F) carries components as JSON text.
  let components = body.components;
  if (typeof components === 'string')
    try {
      components = JSON.parse(components);
    } catch {
      return refuse('components is not valid JSON.');
    }
  const category = typeof body.category === 'string' ? body.category.toUpperCase() : body.category;
  if (typeof name !== 'string' || name === '') return refuse('The parameter name is required.');
  if (!NAME.test(name))
    return refuse(`name "${name}" may hold only lowercase letters, digits and underscores, up to 512 characters.`);
  if (typeof language !== 'string' || language === '') return refuse('The parameter language is required.');
  if (!LANGUAGE.test(language)) return refuse(`language "${language}" is not a template language code (e.g. en_US).`);
  if (!isTemplateCategory(category)) return refuse('category must be one of AUTHENTICATION, MARKETING, UTILITY.');
  if (!Array.isArray(components) || components.length === 0) return refuse('The parameter components is required.');
  const bodies = components.filter((c) => isRecord(c) && String(c.type).toUpperCase() === 'BODY').length;
  if (bodies !== 1) return refuse(`components has ${bodies} BODY components; a template has exactly one.`);
  if (parameterFormat !== undefined && parameterFormat !== 'NAMED' && parameterFormat !== 'POSITIONAL')
    return refuse('parameter_format must be NAMED or POSITIONAL.');
  if (existing.some((t) => t.name === name && t.language === language)) {
    const error = invalidParameter(
      `A template named ${name} in ${language} already exists in this WhatsApp Business Account.`,
    );
    return { ok: false, error: { ...error, subcode: 2388024 } };
  }
  return {
    ok: true,
    template: {
      id,
      name,
      language,
      status: 'APPROVED',
      category,
      ...(parameterFormat !== undefined ? { parameter_format: parameterFormat } : {}),
      components: structuredClone(components),
    },
  };
}
