import { actionWith, checkHeaderBodyFooter } from './parts.js';
import {
  isObject,
  objectAt,
  onlyKeys,
  oneOf,
  optionalString,
  refuse,
  requiredString,
  type Json,
  type Run,
} from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/flows/guides/sendingaflow
// action.name "flow"; parameters: flow_message_version "3" (required), flow_cta (required, "advised" 30 characters
// or less: a warning, not a refusal), exactly one of flow_id / flow_name, mode draft|published (default published),
// flow_token optional (default "unused"), flow_action navigate|data_exchange (default navigate),
// flow_action_payload only with navigate: { screen?, data? (a non-empty object when given) }.
export function checkFlowMessage(interactive: Json, run: Run): void {
  checkHeaderBodyFooter(interactive, run, ['text', 'image', 'video', 'document'], 1024);
  const action = actionWith(interactive, ['name', 'parameters']);
  oneOf(requiredString(action, 'name', 'interactive.action'), 'interactive.action.name', ['flow']);
  const path = 'interactive.action.parameters';
  const p = objectAt(action.parameters, path);
  onlyKeys(p, path, [
    'flow_message_version',
    'flow_cta',
    'flow_id',
    'flow_name',
    'mode',
    'flow_token',
    'flow_action',
    'flow_action_payload',
  ]);
  oneOf(requiredString(p, 'flow_message_version', path), `${path}.flow_message_version`, ['3']);
  const cta = requiredString(p, 'flow_cta', path);
  if ([...cta].length > 30)
    run.warnings.push(`${path}.flow_cta is ${[...cta].length} characters; Meta advises 30 or less`);
  const hasId = p.flow_id !== undefined;
  const hasName = p.flow_name !== undefined;
  if (hasId && hasName) refuse(100, `${path} has both flow_id and flow_name: send exactly one of them`);
  if (!hasId && !hasName) refuse(131008, `Parameter '${path}.flow_id' or '${path}.flow_name' is required`);
  optionalString(p, hasId ? 'flow_id' : 'flow_name', path);
  const mode = optionalString(p, 'mode', path);
  if (mode !== undefined) oneOf(mode, `${path}.mode`, ['draft', 'published']);
  optionalString(p, 'flow_token', path);
  const flowAction = optionalString(p, 'flow_action', path) ?? 'navigate';
  oneOf(flowAction, `${path}.flow_action`, ['navigate', 'data_exchange']);
  if (p.flow_action_payload === undefined) return;
  if (flowAction !== 'navigate') refuse(100, `${path}.flow_action_payload is only for flow_action "navigate"`);
  const payload = objectAt(p.flow_action_payload, `${path}.flow_action_payload`);
  onlyKeys(payload, `${path}.flow_action_payload`, ['screen', 'data']);
  optionalString(payload, 'screen', `${path}.flow_action_payload`);
  if (payload.data !== undefined && (!isObject(payload.data) || Object.keys(payload.data).length === 0)) {
    refuse(100, `${path}.flow_action_payload.data must be a non-empty object when given`);
  }
}
