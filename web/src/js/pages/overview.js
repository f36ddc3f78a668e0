// Overview page: the chosen model's test-set figures with 95% intervals, its
// lead over the baselines (said plainly when it does not clearly beat one),
// the data it was judged on (snapshots, rows, churn rate), and every
// candidate next to the recency-only baseline.

import { getArtifact } from '../api.js';
import { chartContainer, drawChart } from '../charts.js';
import { badge, card, el, table } from '../dom.js';
import { count, decimal, interval, money, percent, seconds } from '../format.js';
import { leadEntries, leadFigures, notBeatenSentence } from '../lead.js';
import { candidateComparisonSpec } from '../specs.js';

// The rules a model must beat, each with what it ranks by.
const BASELINES = [
  { key: 'baseline_recency', name: 'Recency baseline', rule: 'days since last visit' },
  { key: 'baseline_bgnbd', name: 'BG/NBD baseline', rule: '1 − P(alive)' },
];

function kpi(label, value, detail, testid) {
  return el(
    'div',
    { class: 'kpi', testid },
    el('div', { class: 'kpi-label' }, label),
    el('div', { class: 'kpi-value' }, value),
    el('div', { class: 'kpi-detail' }, detail || '\u00a0'),
  );
}

function headlineFigures(test) {
  return el(
    'div',
    { class: 'kpi-grid four', testid: 'overview-kpis' },
    kpi('ROC-AUC', decimal(test.roc_auc), interval(test.roc_auc_95), 'kpi-roc-auc'),
    kpi('PR-AUC', decimal(test.pr_auc), interval(test.pr_auc_95), 'kpi-pr-auc'),
    kpi(
      'F1',
      decimal(test.f1),
      `precision ${percent(test.precision)} · recall ${percent(test.recall)}`,
      'kpi-f1',
    ),
    kpi(
      'Churn rate',
      percent(test.prevalence),
      `${count(test.churners)} churners of ${count(test.rows)} users`,
      'kpi-churn-rate',
    ),
    kpi(
      'Flagged at threshold',
      count(test.flagged),
      `threshold ${decimal(test.threshold)} · ${percent(test.flagged / test.rows)} of users`,
      'kpi-flagged',
    ),
    kpi(
      'Expected profit',
      money(test.expected_profit),
      'campaign on the flagged users',
      'kpi-profit',
    ),
    kpi(
      'Top-decile lift',
      `${decimal(test.top_decile_lift, 2)}×`,
      'churn rate of the riskiest 10% vs all',
      'kpi-lift',
    ),
    kpi(
      'Brier score',
      decimal(test.brier_score),
      `log loss ${decimal(test.log_loss)}`,
      'kpi-brier',
    ),
  );
}

/**
 * metrics.json's `lead`: per baseline the model's lead in ROC-AUC and PR-AUC
 * with its interval, and a plain sentence for each baseline not clearly
 * beaten. Null for runs made before the lead was reported.
 */
function leadFigureTiles(lead) {
  const entries = leadEntries(lead);
  if (!entries.length) return null;
  const tiles = entries.map((entry) => {
    const [roc, pr] = leadFigures(entry.lead);
    return kpi(
      `Lead over ${entry.long}`,
      el(
        'span',
        { class: entry.lead.beats ? null : 'lead-not-beaten' },
        entry.lead.beats ? 'Beats it' : 'Not clearly',
      ),
      `${roc} · ${pr}`,
      `kpi-lead-${entry.key}`,
    );
  });
  const verdicts = entries
    .filter((entry) => !entry.lead.beats)
    .map((entry) =>
      el(
        'p',
        { class: 'notice', testid: `lead-verdict-${entry.key}` },
        notBeatenSentence(entry, 'on this test set'),
      ),
    );
  return el(
    'div',
    { testid: 'overview-lead' },
    el('div', { class: 'kpi-grid four' }, tiles),
    verdicts.length ? el('div', { class: 'lead-verdicts' }, verdicts) : null,
  );
}

/** Snapshot entries are cutoff dates, or objects carrying the cutoff and counts. */
function describeSnapshot(entry) {
  if (typeof entry === 'string') return entry;
  if (!entry || typeof entry !== 'object') return String(entry);
  const date = entry.cutoff || entry.date || entry.snapshot || '?';
  const parts = [];
  if (Number.isFinite(entry.rows)) parts.push(`${count(entry.rows)} users`);
  if (Number.isFinite(entry.churners)) parts.push(`${count(entry.churners)} churners`);
  return parts.length ? `${date} (${parts.join(', ')})` : date;
}

function dataDescription(metrics) {
  const snapshots = metrics.snapshots || {};
  const item = (label, value, testid) =>
    el('div', { class: 'facts-item', testid }, el('dt', {}, label), el('dd', {}, value));
  const dates = (list) =>
    Array.isArray(list) && list.length ? list.map(describeSnapshot).join(', ') : '—';
  const validation = metrics.validation || {};
  return el(
    'dl',
    { class: 'facts', testid: 'overview-snapshots' },
    item('Training snapshots', dates(snapshots.fit), 'snapshots-fit'),
    item('Validation snapshots', dates(snapshots.validation), 'snapshots-validation'),
    item('Test snapshots', dates(snapshots.test), 'snapshots-test'),
    item('Training rows', count(metrics.fit_rows)),
    item(
      'Validation',
      `${count(validation.rows)} rows · ${String(validation.method || '—').replaceAll('_', ' ')}`,
    ),
    item('Calibration', metrics.calibration || 'none'),
  );
}

function confusionMatrix(test) {
  const cm = test.confusion_matrix;
  if (!cm) return null;
  const cell = (value, label, kind) =>
    el(
      'td',
      { class: `cm-cell cm-${kind}` },
      el('strong', {}, count(value)),
      el('span', {}, label),
    );
  return el(
    'table',
    { class: 'confusion', testid: 'confusion-matrix' },
    el(
      'thead',
      {},
      el('tr', {}, el('th', {}), el('th', {}, 'Flagged'), el('th', {}, 'Not flagged')),
    ),
    el(
      'tbody',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Churned'),
        cell(cm.true_positives, 'true positives', 'good'),
        cell(cm.false_negatives, 'missed churners', 'bad'),
      ),
      el(
        'tr',
        {},
        el('th', {}, 'Stayed'),
        cell(cm.false_positives, 'contacted, would stay', 'bad'),
        cell(cm.true_negatives, 'true negatives', 'good'),
      ),
    ),
  );
}

function candidateRows(metrics) {
  const rows = Object.entries(metrics.candidates || {}).map(([name, c]) => ({
    name,
    chosen: name === metrics.model,
    validation: c.validation || {},
    test: c.test || {},
    fitSeconds: c.fit_seconds,
    rounds: c.rounds,
    prAuc: c.test?.pr_auc,
    rocAuc: c.test?.roc_auc,
  }));
  rows.sort((a, b) => (b.validation.pr_auc ?? -1) - (a.validation.pr_auc ?? -1));
  for (const { key, name, rule } of BASELINES) {
    const test = metrics[key];
    if (!test) continue;
    rows.push({
      name,
      baseline: rule,
      validation: {},
      test,
      prAuc: test.pr_auc,
      rocAuc: test.roc_auc,
    });
  }
  return rows;
}

function candidateTable(rows) {
  const name = (r) =>
    el(
      'span',
      { class: 'model-name' },
      r.name,
      r.chosen ? badge('chosen', 'chosen', 'chosen-badge') : null,
      r.baseline ? badge(r.baseline, 'muted') : null,
    );
  const threshold = (r) =>
    r.baseline
      ? el(
          'span',
          { title: 'Recency score, not a probability' },
          `${decimal(r.test.threshold, 2)} (score)`,
        )
      : decimal(r.test.threshold);
  return table(
    [
      { label: 'Model', value: name },
      { label: 'Validation PR-AUC', value: (r) => decimal(r.validation.pr_auc), numeric: true },
      { label: 'Validation ROC-AUC', value: (r) => decimal(r.validation.roc_auc), numeric: true },
      { label: 'Test PR-AUC', value: (r) => decimal(r.test.pr_auc), numeric: true },
      { label: 'Test ROC-AUC', value: (r) => decimal(r.test.roc_auc), numeric: true },
      { label: 'Test F1', value: (r) => decimal(r.test.f1), numeric: true },
      { label: 'Threshold', value: threshold, numeric: true },
      { label: 'Fit time', value: (r) => seconds(r.fitSeconds), numeric: true },
      {
        label: 'Rounds',
        value: (r) => (r.baseline || !r.rounds ? '—' : count(r.rounds)),
        numeric: true,
      },
    ],
    rows,
    {
      testid: 'candidates-table',
      rowAttributes: (r) => ({
        class: r.chosen ? 'row-chosen' : r.baseline ? 'row-baseline' : null,
        'data-model': r.name,
      }),
    },
  );
}

export async function renderOverview(page) {
  const metrics = await getArtifact('api/metrics');
  const test = metrics.test || {};
  const rows = candidateRows(metrics);
  const chart = chartContainer('chart-candidates', { height: 200 });

  page.append(
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'Model overview'),
      el(
        'p',
        { class: 'lede' },
        `The chosen model, `,
        el('strong', {}, metrics.model),
        `, on the held-out test snapshot. Intervals are bootstrap 95% confidence intervals.`,
      ),
    ),
    headlineFigures(test),
    leadFigureTiles(metrics.lead),
    el(
      'div',
      { class: 'grid two' },
      card('Data', { testid: 'overview-data' }, dataDescription(metrics)),
      card(
        'Confusion matrix',
        { subtitle: `Test set at threshold ${decimal(test.threshold)}` },
        confusionMatrix(test),
      ),
    ),
    card(
      'Candidates',
      {
        testid: 'overview-candidates',
        subtitle:
          'The model was chosen on validation data; the test columns played no part in the choice.',
      },
      candidateTable(rows),
    ),
    card('Test AUCs by model', {}, chart),
  );
  await drawChart(chart, candidateComparisonSpec(rows, metrics.model));
}
