// The model's lead over the baselines (metrics.json's and backtest.json's
// `lead`: model minus baseline on the same users, with paired bootstrap
// intervals), in words: shared by the Overview and the Rolling backtest.

import { signedInterval } from './format.js';

// The baselines in the order the pages show them, with their names in prose.
export const BASELINES = [
  { key: 'recency', name: 'recency', long: 'recency baseline' },
  { key: 'bgnbd', name: 'BG/NBD', long: 'BG/NBD baseline' },
];

/** The baselines a `lead` block has (BG/NBD is null in runs without a value model). */
export function leadEntries(lead) {
  return BASELINES.filter((b) => lead?.[b.key]).map((b) => ({ ...b, lead: lead[b.key] }));
}

/** "ROC-AUC +0.048 [+0.045, +0.051]" and "PR-AUC …" for one LEAD object. */
export function leadFigures(lead) {
  return [`ROC-AUC ${signedInterval(lead.roc_auc)}`, `PR-AUC ${signedInterval(lead.pr_auc)}`];
}

/** The plain sentence for a baseline the model does not clearly beat. */
export function notBeatenSentence(entry, where) {
  return `The model does not clearly beat the ${entry.long} ${where}: ${leadFigures(entry.lead).join(', ')}.`;
}
