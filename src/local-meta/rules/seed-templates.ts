import type { TemplateDef } from './types.js';

export const SEED_TEMPLATES: readonly TemplateDef[] = [];
