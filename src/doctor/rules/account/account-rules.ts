import type { Rule } from '../../types.js';
import { ACCOUNT_ALERTS_RULE } from './account-alerts.js';
import { ACCOUNT_UPDATE_RULE } from './account-update.js';
import { NUMBER_QUALITY_RULE } from './number-quality.js';
import { TEMPLATE_STATUS_RULE } from './template-status.js';

/** The account's own state as Meta reported it in recorded webhooks (account_update, alerts, quality, templates). */
export const ACCOUNT_STATE_RULES: readonly Rule[] = [
  ACCOUNT_UPDATE_RULE,
  ACCOUNT_ALERTS_RULE,
  NUMBER_QUALITY_RULE,
  TEMPLATE_STATUS_RULE,
];
