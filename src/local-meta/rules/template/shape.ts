import { isObject, type Json } from '../check.js';
import type { TemplateDef } from '../types.js';

// What a registered template expects when it is sent, read from its components in the shape
// GET /{waba-id}/message_templates returns (HEADER / BODY / FOOTER / BUTTONS, upper case), per
// https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components and
// https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview (parameter formats).

export interface ExpectedButton {
  index: number;
  subType: string; // the send component's sub_type: url, copy_code, quick_reply, flow, …
  needsParameter: boolean;
}

export interface TemplateShape {
  named: boolean;
  header?: { format: string; params: string[] }; // format TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
  body: string[]; // placeholder names in order ("1", "2" or "first_name")
  buttons: ExpectedButton[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(PLACEHOLDER)].flatMap((m) => m[1] ?? []) : [];
}

const SUB_TYPES: Readonly<Record<string, string>> = {
  URL: 'url',
  COPY_CODE: 'copy_code',
  QUICK_REPLY: 'quick_reply',
  FLOW: 'flow',
  OTP: 'url',
  PHONE_NUMBER: 'phone_number',
  CATALOG: 'catalog',
  MPM: 'mpm',
};

export function templateShape(template: TemplateDef): TemplateShape {
  const shape: TemplateShape = { named: template.parameter_format === 'NAMED', body: [], buttons: [] };
  for (const item of template.components) {
    if (!isObject(item)) continue;
    const type = String(item.type).toUpperCase();
    if (type === 'HEADER') {
      const format = typeof item.format === 'string' ? item.format.toUpperCase() : 'TEXT';
      shape.header = { format, params: format === 'TEXT' ? placeholders(item.text) : ['media'] };
    } else if (type === 'BODY') {
      shape.body = placeholders(item.text);
    } else if (type === 'BUTTONS' && Array.isArray(item.buttons)) {
      item.buttons.forEach((button: unknown, index) => {
        if (isObject(button)) shape.buttons.push(expectedButton(button, index));
      });
    }
  }
  return shape;
}

function expectedButton(button: Json, index: number): ExpectedButton {
  const type = String(button.type).toUpperCase();
  const needsParameter = (type === 'URL' && placeholders(button.url).length > 0) || type === 'COPY_CODE';
  return { index, subType: SUB_TYPES[type] ?? type.toLowerCase(), needsParameter };
}
