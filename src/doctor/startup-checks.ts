/**
 * The secret-shape mistakes doctor knows (an EAA… access token as the verify token, the App Secret in the
 * wrong field, quotes, a tutorial token…), judged by doctor's own rules so `up` can say them at start with
 * the same finding and fix.
 */
import type { ConfigKey, ConfigSource } from '../config/resolve.js';
import { CONFIG_RULES } from './rules/config.js';
import { diagnose } from './diagnose.js';
import type { DoctorFacts, Finding } from './types.js';

/** Rule → the value it judges: it only speaks at start when that value is set (`up` says "not set" itself). */
const SHAPE_RULES: Readonly<Record<string, ConfigKey>> = {
  'config.verify-token.access-token': 'verifyToken',
  'config.verify-token.app-secret': 'verifyToken',
  'config.verify-token.clean': 'verifyToken',
  'config.verify-token.strong': 'verifyToken',
  'config.app-secret': 'appSecret',
  'config.access-token': 'accessToken',
  'config.phone-number-id': 'phoneNumberId',
  'config.waba-id': 'wabaId',
  'config.app-id': 'appId',
};

export interface StartupConfig {
  values: Partial<Record<ConfigKey, string>>;
  sources: Partial<Record<ConfigKey, ConfigSource>>;
  envFile: { path: string; found: boolean };
  port: number;
  path: string;
}

/** The warnings and failures of doctor's shape rules for the values that are set. */
export function secretShapeFindings(config: StartupConfig, now: number): Finding[] {
  const facts: DoctorFacts = { now, config, git: { inRepo: false }, meta: {}, events: [] };
  const rules = CONFIG_RULES.filter((r) => {
    const key = SHAPE_RULES[r.id];
    return key !== undefined && config.values[key] !== undefined;
  });
  return diagnose(facts, rules).filter((f) => f.status === 'warn' || f.status === 'fail');
}
