import { templateShape, type TemplateShape } from './shape.js';
import { arrayAt, isObject, objectAt, refuse, requiredString, type Json } from '../check.js';
import type { TemplateDef } from '../types.js';

// The send components against the registered template: parameter counts (132000), named vs positional and
// parameter types (132012), button parameters (131008), per
// https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview#parameter-formats
// and the error codes page. Details follow the wording Meta sends ("body: number of localizable_params (1) does
// not match the expected number of params (2)").

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  IMAGE: 'image',
  VIDEO: 'video',
  DOCUMENT: 'document',
  LOCATION: 'location',
};
const TEXT_TYPES = ['text', 'currency', 'date_time'];

export function checkTemplateComponents(def: TemplateDef, components: unknown[]): void {
  const shape = templateShape(def);
  const sent = components.map((c, i) => objectAt(c, `template.components[${i}]`));
  const ofType = (type: string) => sent.filter((c) => String(c.type).toLowerCase() === type);
  checkHeader(shape, ofType('header')[0]);
  checkParams('body', shape.body, ofType('body')[0], shape.named);
  checkButtons(shape, ofType('button'));
  if (def.category === 'AUTHENTICATION') checkOneTimePassword(ofType('body')[0]);
}

/** The one-time password of an authentication template: "Maximum 15 characters" (autofill-button-authentication-templates). */
function checkOneTimePassword(component: Json | undefined): void {
  paramsOf(component, 'body').forEach((param, i) => {
    if (typeof param.text === 'string' && [...param.text].length > 15) {
      refuse(
        100,
        `template parameter at index ${i} exceeds the maximum length in the AUTHENTICATION category (15 characters)`,
      );
    }
  });
}

function paramsOf(component: Json | undefined, path: string): Json[] {
  if (component?.parameters === undefined) return [];
  return arrayAt(component.parameters, `${path}.parameters`).map((p, i) => objectAt(p, `${path}.parameters[${i}]`));
}

function countMismatch(path: string, got: number, expected: number): never {
  refuse(
    132000,
    `${path}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  );
}

function checkHeader(shape: TemplateShape, component: Json | undefined): void {
  const params = paramsOf(component, 'header');
  const header = shape.header;
  if (header === undefined || header.format === 'TEXT') {
    checkParams('header', header?.params ?? [], component, shape.named);
    return;
  }
  const [param] = params;
  if (params.length !== 1 || param === undefined) countMismatch('header', params.length, 1);
  const expected = MEDIA_TYPES[header.format] ?? header.format.toLowerCase();
  const type = requiredString(param, 'type', 'header.parameters[0]');
  if (type !== expected) {
    refuse(132012, `header: the template has a ${header.format} header, the parameter is of type ${type}`);
  }
  if (!isObject(param[type])) refuse(131008, `Parameter 'header.parameters[0].${type}' is required`);
}

function checkParams(path: string, expected: string[], component: Json | undefined, named: boolean): void {
  const params = paramsOf(component, path);
  if (params.length !== expected.length) countMismatch(path, params.length, expected.length);
  params.forEach((param, i) => {
    const at = `${path}.parameters[${i}]`;
    const type = requiredString(param, 'type', at);
    if (!TEXT_TYPES.includes(type)) {
      refuse(132012, `${at} is of type ${type}; a ${path} placeholder takes text, currency or date_time`);
    }
    if (type === 'text' && (typeof param.text !== 'string' || param.text === '')) {
      refuse(100, `Parameter 'text' is mandatory for component parameter type 'text' (${at})`);
    }
    const name = param.parameter_name;
    if (named && (typeof name !== 'string' || name === '')) {
      refuse(132012, `${at}: the template uses named parameters, parameter_name is missing or empty`);
    }
    if (named && typeof name === 'string' && !expected.includes(name)) {
      refuse(132000, `${at}.parameter_name "${String(name)}" is not in the template (it has ${expected.join(', ')})`);
    }
    if (!named && name !== undefined) {
      refuse(132012, `${at}.parameter_name is set but the template uses positional parameters ({{1}}, {{2}}, …)`);
    }
  });
}

function checkButtons(shape: TemplateShape, components: Json[]): void {
  const byIndex = new Map<number, Json>();
  components.forEach((c, i) => {
    const index = Number(c.index);
    if (!Number.isInteger(index))
      refuse(100, `button component ${i} needs an index (0, 1, …), got ${JSON.stringify(c.index)}`);
    const expected = shape.buttons.find((b) => b.index === index);
    if (expected === undefined) refuse(132000, `buttons: the template has no button at index ${index}`);
    const subType = requiredString(c, 'sub_type', `button[${index}]`);
    if (subType.toLowerCase() !== expected.subType) {
      refuse(132012, `buttons: button at index ${index} is of type ${expected.subType}, sub_type is ${subType}`);
    }
    byIndex.set(index, c);
  });
  for (const button of shape.buttons.filter((b) => b.needsParameter)) {
    const params = paramsOf(byIndex.get(button.index), `button[${button.index}]`);
    if (params.length === 0) {
      const kind = button.subType === 'url' ? 'Url' : button.subType;
      refuse(131008, `buttons: Button at index ${button.index} of type ${kind} requires a parameter`);
    }
  }
}
