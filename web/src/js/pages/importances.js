// Importances page: mean |SHAP| per feature (bar chart and a table with the
// trees' gain, weight and cover, the logistic model's coefficients, or a
// blend's weighted mix of its members' figures) and
// the SHAP beeswarm of the top features, drawn on a canvas: up to 2,000
// users times 15 features is 30,000 dots, which as SVG nodes took seconds.

import { getArtifact } from '../api.js';
import { chartContainer, drawChart } from '../charts.js';
import { card, el, table } from '../dom.js';
import { count, decimal } from '../format.js';
import { beeswarmSpec } from '../shap_specs.js';
import { importanceSpec } from '../specs.js';

const TOP_BARS = 20;

// What the table's columns mean, by the model's family.
function tableSubtitle(model) {
  if (model === 'logreg')
    return 'The logistic model has no trees: beside mean |SHAP|, the absolute coefficient on each standardised feature.';
  if (model === 'blend')
    return 'A blend: its log-odds are the weighted mean of its members’ (boosted trees and the logistic model), and so are its SHAP values. Gain, weight and cover are the members’ figures weighed alike, the logistic model adding its |coefficient| to the gain only.';
  return 'Gain: average loss reduction of the feature’s splits; weight: how many splits use it; cover: average number of users its splits see.';
}

// Trees report XGBoost's gain, weight and cover; the logistic model reports
// its absolute coefficient on the standardised feature in `gain`; a blend
// reports its members' figures weighed by their weights, in the trees' columns.
function importanceTable(features, linear) {
  const maybe = (x, digits) => (x === null || x === undefined ? '—' : decimal(x, digits));
  const columns = [
    { label: '#', value: (r) => r.rank, numeric: true },
    { label: 'Feature', value: (r) => el('code', {}, r.feature) },
    { label: 'Mean |SHAP|', value: (r) => decimal(r.mean_abs_shap, 4), numeric: true },
  ];
  if (linear) {
    columns.push({ label: '|Coefficient|', value: (r) => maybe(r.gain, 3), numeric: true });
  } else {
    columns.push(
      { label: 'Gain', value: (r) => maybe(r.gain, 3), numeric: true },
      {
        label: 'Weight (splits)',
        value: (r) => (r.weight === null || r.weight === undefined ? '—' : count(r.weight)),
        numeric: true,
      },
      { label: 'Cover', value: (r) => maybe(r.cover, 1), numeric: true },
    );
  }
  return table(
    columns,
    features.map((f, i) => ({ ...f, rank: i + 1 })),
    { testid: 'importance-table', scroll: true },
  );
}

export async function renderImportances(page) {
  const [importances, summary] = await Promise.all([
    getArtifact('api/importances'),
    getArtifact('api/shap/summary'),
  ]);
  const features = importances.features || [];
  const beeswarm = summary.beeswarm;
  const bars = chartContainer('chart-importances', { height: 380 });
  const swarm = chartContainer('chart-beeswarm', { height: 460 });
  const linear = importances.model === 'logreg';

  page.append(
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'Feature importances'),
      el(
        'p',
        { class: 'lede' },
        `What drives ${importances.model}'s predictions, from SHAP values of ${count(summary.users_explained)} test users `,
        `(base value ${decimal(summary.base_value)} log-odds).`,
      ),
    ),
    el(
      'div',
      { class: 'grid two-three' },
      card(
        `Mean |SHAP|, top ${Math.min(TOP_BARS, features.length)}`,
        { subtitle: 'Average size of each feature’s push on the log-odds of churn.' },
        bars,
      ),
      card(
        'SHAP beeswarm',
        {
          testid: 'beeswarm-card',
          subtitle: beeswarm
            ? `One dot per user (${count(beeswarm.users?.length)} users) and feature; right of 0 raises the churn risk. Colour: the feature’s value, low → high, ranked within the feature.`
            : 'No beeswarm in this SHAP summary.',
        },
        swarm,
      ),
    ),
    card(
      'All features',
      { subtitle: tableSubtitle(importances.model) },
      importanceTable(features, linear),
    ),
  );

  const drawings = [drawChart(bars, importanceSpec(features, TOP_BARS))];
  if (beeswarm && beeswarm.features?.length)
    drawings.push(drawChart(swarm, beeswarmSpec(beeswarm), { renderer: 'canvas' }));
  else swarm.remove();
  await Promise.all(drawings);
}
