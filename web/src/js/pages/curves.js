// Curves page: ROC and precision–recall against the recency baseline with
// the operating point, the calibration (reliability) diagram, cumulative
// gains and lift, all on the test snapshot.

import { getArtifact } from '../api.js';
import { chartContainer, drawChart } from '../charts.js';
import { card, el } from '../dom.js';
import { decimal, percent } from '../format.js';
import { calibrationSpec, gainsSpec, liftSpec, prSpec, rocSpec } from '../specs.js';

// The BG/NBD baseline's area, when the run has one.
const bgnbdText = (area) => (area === undefined ? '' : `, BG/NBD ${decimal(area)}`);

export async function renderCurves(page) {
  const [curves, metrics] = await Promise.all([
    getArtifact('api/curves'),
    getArtifact('api/metrics'),
  ]);
  const model = metrics.model;
  const test = metrics.test || {};
  const op = curves.operating_point || {};

  const charts = {
    roc: chartContainer('chart-roc'),
    pr: chartContainer('chart-pr'),
    calibration: chartContainer('chart-calibration'),
    gains: chartContainer('chart-gains'),
    lift: chartContainer('chart-lift'),
  };

  page.append(
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'Curves'),
      el(
        'p',
        { class: 'lede' },
        `Test snapshot, ${model} against a baseline that ranks users by days since their last visit. `,
        `The orange point is the threshold in use (${decimal(op.threshold)}): precision ${percent(op.precision)}, recall ${percent(op.recall)}.`,
      ),
    ),
    el(
      'div',
      { class: 'grid two' },
      card(
        'ROC curve',
        {
          subtitle: `AUC ${decimal(test.roc_auc)} (recency baseline ${decimal(metrics.baseline_recency?.roc_auc)}${bgnbdText(metrics.baseline_bgnbd?.roc_auc)})`,
        },
        charts.roc,
      ),
      card(
        'Precision–recall curve',
        {
          subtitle: `AUC ${decimal(test.pr_auc)} (recency baseline ${decimal(metrics.baseline_recency?.pr_auc)}${bgnbdText(metrics.baseline_bgnbd?.pr_auc)})`,
        },
        charts.pr,
      ),
      card(
        'Calibration',
        {
          subtitle: `Calibrated probabilities (${metrics.calibration || 'none'}) against the observed churn rate; dot size is the number of users.`,
        },
        charts.calibration,
      ),
      card(
        'Cumulative gains',
        {
          subtitle:
            'Contacting users from the highest risk down: the share of all churners reached.',
        },
        charts.gains,
      ),
      card(
        'Lift',
        {
          subtitle: 'Churn rate among the contacted users over the overall churn rate.',
          className: 'span-2',
        },
        charts.lift,
      ),
    ),
  );

  await Promise.all([
    drawChart(charts.roc, rocSpec(curves, model)),
    drawChart(charts.pr, prSpec(curves, model, test.prevalence)),
    drawChart(charts.calibration, calibrationSpec(curves.calibration || [])),
    drawChart(charts.gains, gainsSpec(curves.gains || [])),
    drawChart(charts.lift, liftSpec(curves.gains || [])),
  ]);
}
