// Rolling backtest page (Model quality): each cutoff in turn as the test,
// the model fitted and chosen only on the cutoffs before it (backtest.json,
// GET /api/backtest). A summary sentence, ROC-AUC and PR-AUC by test cutoff
// against the baselines, a table per cutoff with the lead over each
// baseline, the decay of each fold's model on later cutoffs, and the cutoffs
// that could not be tested. Not the Backtest list, which is the served
// model's one test snapshot. Without backtest.json, one sentence says what
// to run.

import { ApiError, getArtifact } from '../api.js';
import { METRICS, decaySpec, foldsSpec } from '../backtest_specs.js';
import { chartContainer, drawChart } from '../charts.js';
import { badge, card, el, table } from '../dom.js';
import { bracketInterval, count, decimal, meanSd, percent, seconds } from '../format.js';
import { BASELINES, leadFigures } from '../lead.js';

const FOLDS_SUBTITLE = 'The model with its 95% interval; dashed, the baselines on the same users.';

function pageHead() {
  return el(
    'div',
    { class: 'page-head' },
    el('h2', {}, 'Rolling backtest'),
    el(
      'p',
      { class: 'lede' },
      'Each cutoff in turn as the test: a model fitted and chosen only on the snapshots before it, ',
      'judged on users whose outcome it never saw. It shows how the quality holds from month to month; ',
      'the served model’s own test is on the ',
      el('a', { href: '#/overview' }, 'Overview'),
      '.',
    ),
  );
}

function absentState() {
  return card(
    'No rolling backtest yet',
    { testid: 'rolling-absent', className: 'empty-state' },
    el(
      'p',
      {},
      'This run has no rolling backtest: run ',
      el('code', {}, 'churn-radar backtest'),
      ' (or ',
      el('code', {}, 'churn-radar run'),
      ' with ',
      el('code', {}, 'train.backtest: true'),
      '), then restart ',
      el('code', {}, 'churn-radar serve'),
      ' and reload this page.',
    ),
  );
}

/** "beats recency at 2 of 3, BG/NBD at 1 of 3" for the baselines the backtest has. */
function beatenText(summary, folds) {
  const parts = BASELINES.filter((b) => summary.lead?.[b.key]).map(
    (b) => `${b.name} at ${count(summary.lead[b.key].beaten)} of ${count(folds)}`,
  );
  return parts.length ? `beats ${parts.join(', ')}` : '';
}

/** "N test cutoffs; mean ROC-AUC x ± sd, PR-AUC y ± sd; beats recency at k of N, BG/NBD at j of N". */
function summarySentence(backtest) {
  const summary = backtest.summary || {};
  const folds = summary.folds ?? backtest.cutoffs.length;
  const parts = [
    `${count(folds)} test cutoff${folds === 1 ? '' : 's'}`,
    `mean ROC-AUC ${meanSd(summary.roc_auc)}, PR-AUC ${meanSd(summary.pr_auc)}`,
  ];
  const beaten = beatenText(summary, folds);
  if (beaten) parts.push(beaten);
  const took = Number.isFinite(backtest.seconds) ? ` (${seconds(backtest.seconds)} in all)` : '';
  return el(
    'p',
    { class: 'summary-line', testid: 'rolling-summary' },
    `${parts.join('; ')}.`,
    took,
  );
}

/** A figure with its interval on a second line. */
function withInterval(value, range) {
  const brackets = bracketInterval(range);
  return el(
    'span',
    { class: 'figure' },
    decimal(value),
    brackets ? el('span', { class: 'muted figure-interval' }, ` ${brackets}`) : null,
  );
}

/** The lead over one baseline in a cell: both differences, and "not beaten" plainly. */
function leadCell(lead, key) {
  if (!lead) return el('span', { class: 'muted' }, '—');
  const [roc, pr] = leadFigures(lead);
  return el(
    'div',
    { class: lead.beats ? 'lead-cell' : 'lead-cell lead-not-beaten', 'data-lead': key },
    lead.beats ? null : badge('not beaten', 'warning', `not-beaten-${key}`),
    el('div', {}, roc),
    el('div', {}, pr),
  );
}

function foldsTable(cutoffs) {
  const columns = [
    { label: 'Test cutoff', value: (f) => f.test_cutoff },
    { label: 'Model chosen', value: (f) => el('span', { class: 'model-name' }, f.model || '—') },
    { label: 'Rows', value: (f) => count(f.rows), numeric: true },
    { label: 'Churn rate', value: (f) => percent(f.prevalence), numeric: true },
    { label: 'ROC-AUC [95%]', value: (f) => withInterval(f.roc_auc, f.roc_auc_95), numeric: true },
    { label: 'PR-AUC [95%]', value: (f) => withInterval(f.pr_auc, f.pr_auc_95), numeric: true },
    ...BASELINES.map((b) => ({
      label: `Lead over ${b.name}`,
      value: (f) => leadCell(f.lead?.[b.key], b.key),
    })),
  ];
  return table(columns, cutoffs, {
    testid: 'rolling-table',
    rowAttributes: (f) => ({ 'data-cutoff': f.test_cutoff }),
  });
}

function skippedList(skipped) {
  if (!skipped?.length) return null;
  return card(
    'Cutoffs not tested',
    { testid: 'rolling-skipped', subtitle: 'Cutoffs the backtest could not use as a test.' },
    el(
      'ul',
      { class: 'plain-list' },
      skipped.map((s) =>
        el('li', {}, el('strong', {}, s.test_cutoff), `: ${s.reason || 'no reason given'}`),
      ),
    ),
  );
}

/** The decay chart with its metric toggle; null when the backtest has no decay. */
function decayCard(decay, charts) {
  if (!decay?.length) return null;
  const select = el(
    'select',
    { testid: 'decay-metric', id: 'decay-metric' },
    Object.entries(METRICS).map(([key, m]) => el('option', { value: key }, m.label)),
  );
  select.addEventListener('change', () => {
    charts.decay.dataset.rendered = 'false';
    drawChart(charts.decay, decaySpec(decay, select.value));
  });
  return card(
    'Decay',
    {
      testid: 'rolling-decay',
      subtitle:
        'Each fold’s model scored on its own test cutoff and every later one: how fast a model ages.',
    },
    el('div', { class: 'controls' }, el('label', { for: 'decay-metric' }, 'Metric', select)),
    charts.decay,
  );
}

export async function renderRollingBacktest(page) {
  let backtest;
  try {
    backtest = await getArtifact('api/backtest');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    page.append(pageHead(), absentState());
    return;
  }
  const cutoffs = backtest.cutoffs || [];
  if (!cutoffs.length) {
    page.append(
      pageHead(),
      el('p', { class: 'summary-line', testid: 'rolling-summary' }, 'No cutoff could be tested.'),
      skippedList(backtest.skipped),
    );
    return;
  }
  const charts = {
    roc: chartContainer('chart-rolling-roc', { height: 290 }),
    pr: chartContainer('chart-rolling-pr', { height: 290 }),
    decay: chartContainer('chart-rolling-decay', { height: 290 }),
  };
  const decay = decayCard(backtest.decay, charts);
  page.append(
    pageHead(),
    summarySentence(backtest),
    el(
      'div',
      { class: 'grid two' },
      card('ROC-AUC by test cutoff', { subtitle: FOLDS_SUBTITLE }, charts.roc),
      card('PR-AUC by test cutoff', { subtitle: FOLDS_SUBTITLE }, charts.pr),
    ),
    card(
      'Each test cutoff',
      {
        testid: 'rolling-cutoffs',
        subtitle:
          'Lead: the model minus the baseline on the same users, with its paired bootstrap 95% interval.',
      },
      foldsTable(cutoffs),
    ),
    decay,
    skippedList(backtest.skipped),
  );
  await Promise.all([
    drawChart(charts.roc, foldsSpec(cutoffs, 'roc_auc')),
    drawChart(charts.pr, foldsSpec(cutoffs, 'pr_auc')),
    decay ? drawChart(charts.decay, decaySpec(backtest.decay, 'roc_auc')) : null,
  ]);
}
