// The Rolling backtest page (Model quality) and the lead over the baselines
// on the Overview, for tests/browser/dashboard.test.mjs. A copy of the served
// demo gets a hand-written backtest.json and a `lead` block in its
// metrics.json, so every figure on the page can be checked against known
// values; the served demo itself is checked with whatever it has (the real
// backtest.json once `run` writes one, else the sentence naming
// `churn-radar backtest`), and the absent case is always seen on a copy
// without the file.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unscored } from './demo_copies.mjs';
import {
  WAIT_MS,
  apiJson,
  assertChartsDrawn,
  assertNoProblems,
  byTestId,
  expecting,
  screenshot,
  waitForPage,
} from './page_checks.mjs';

const CUTOFFS = ['2019-12-01', '2020-01-01', '2020-02-01'];
const CHARTS = ['chart-rolling-roc', 'chart-rolling-pr', 'chart-rolling-decay'];

function fixtureLead(baseline, roc, pr, beats) {
  const name = baseline === 'bgnbd' ? 'BG/NBD' : 'recency';
  const figure = (model, [difference, low, high]) => ({
    model,
    baseline: model - difference,
    difference,
    low,
    high,
  });
  return {
    baseline,
    roc_auc: figure(0.81, roc),
    pr_auc: figure(0.57, pr),
    beats,
    verdict: `${beats ? 'beats' : 'does not clearly beat'} the ${name} baseline`,
  };
}

const stats = (mean, sd, min, max) => ({ mean, sd, min, max });

function fixtureFold(cutoff, index) {
  const beatsBgnbd = index !== 1; // the second fold does not clearly beat BG/NBD
  return {
    test_cutoff: cutoff,
    fit_cutoffs: ['2019-10-01'],
    validation_cutoffs: ['2019-11-01'],
    validation_method: 'latest_snapshot',
    model: index === 2 ? 'blend' : 'xgboost_leafwise',
    rows: 1000 + index * 100,
    churners: 300,
    prevalence: 300 / (1000 + index * 100),
    roc_auc: 0.8 + index * 0.01,
    pr_auc: 0.55 + index * 0.02,
    roc_auc_95: { low: 0.78 + index * 0.01, high: 0.82 + index * 0.01 },
    pr_auc_95: { low: 0.52 + index * 0.02, high: 0.58 + index * 0.02 },
    baselines: {
      recency: { roc_auc: 0.75, pr_auc: 0.5 },
      bgnbd: { roc_auc: 0.78, pr_auc: 0.54 },
    },
    lead: {
      recency: fixtureLead('recency', [0.05, 0.03, 0.07], [0.05, 0.02, 0.08], true),
      bgnbd: beatsBgnbd
        ? fixtureLead('bgnbd', [0.03, 0.01, 0.05], [0.02, 0.005, 0.04], true)
        : fixtureLead('bgnbd', [0.01, -0.004, 0.02], [0.004, -0.003, 0.011], false),
    },
    candidates: [
      { name: 'xgboost_leafwise', validation_roc_auc: 0.8, validation_pr_auc: 0.55 },
      { name: 'blend', validation_roc_auc: 0.81, validation_pr_auc: 0.56 },
    ],
    seconds: 2.5,
  };
}

/** backtest.json of three folds, one skipped cutoff and the decay of each fold's model. */
export function fixtureBacktest() {
  return {
    cutoffs: CUTOFFS.map(fixtureFold),
    skipped: [{ test_cutoff: '2019-11-01', reason: 'no earlier snapshot to train on' }],
    summary: {
      folds: 3,
      roc_auc: stats(0.81, 0.01, 0.8, 0.82),
      pr_auc: stats(0.57, 0.02, 0.55, 0.59),
      lead: {
        recency: {
          roc_auc: stats(0.05, 0, 0.05, 0.05),
          pr_auc: stats(0.05, 0, 0.05, 0.05),
          beaten: 3,
        },
        bgnbd: {
          roc_auc: stats(0.02, 0.01, 0.01, 0.03),
          pr_auc: stats(0.01, 0.01, 0, 0.02),
          beaten: 2,
        },
      },
    },
    decay: CUTOFFS.map((cutoff, index) => ({
      trained_for: cutoff,
      scored: CUTOFFS.slice(index).map((later, step) => ({
        cutoff: later,
        days_after: [0, 31, 62][step],
        roc_auc: 0.8 + index * 0.01 - step * 0.02,
        pr_auc: 0.55 + index * 0.02 - step * 0.03,
      })),
    })),
    seconds: 7.9,
  };
}

// Six decay points (3 + 2 + 1) and three model points per chart.
const DECAY_POINTS = 6;

/** A copy of the served demo whose models folder `prepare` changes; resolves to its server. */
async function servedCopy({ config, serveCopy }, prepare) {
  const copy = await unscored({ config });
  const models = path.join(path.dirname(copy.config), 'models');
  try {
    await prepare(models);
  } catch (error) {
    await copy.remove();
    throw error;
  }
  return serveCopy(copy);
}

async function withBacktest(models) {
  await writeFile(path.join(models, 'backtest.json'), JSON.stringify(fixtureBacktest()));
  const metricsPath = path.join(models, 'metrics.json');
  const metrics = JSON.parse(await readFile(metricsPath, 'utf8'));
  metrics.lead = {
    recency: fixtureLead('recency', [0.048, 0.045, 0.051], [0.047, 0.041, 0.052], true),
    bgnbd: fixtureLead('bgnbd', [0.01, -0.002, 0.021], [0.004, -0.003, 0.011], false),
  };
  await writeFile(metricsPath, JSON.stringify(metrics));
  // The manifest records the fingerprints of train's reports, and the server
  // refuses a metrics.json that is not the model's own: drop its record, as
  // a model made before reports were recorded has none.
  const manifestPath = path.join(models, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.outputs = manifest.outputs.filter((file) => path.basename(file.path) !== 'metrics.json');
  await writeFile(manifestPath, JSON.stringify(manifest));
}

const cellText = (row, column) => row.locator('td').nth(column).innerText();

/** The fixture's page: the sentence, both charts and the decay, the table, the skipped cutoff. */
async function checkFixturePage(page, origin) {
  await page.goto(`${origin}/#/rolling-backtest`);
  await waitForPage(page, 'rolling-backtest');
  await assertChartsDrawn(page, CHARTS);
  assert.equal(
    await page.locator(byTestId('rolling-summary')).textContent(),
    '3 test cutoffs; mean ROC-AUC 0.810 ± 0.010, PR-AUC 0.570 ± 0.020; beats recency at 3 of 3, BG/NBD at 2 of 3. (7.90 s in all)',
  );
  const rows = page.locator(`${byTestId('rolling-table')} tbody tr`);
  assert.equal(await rows.count(), CUTOFFS.length, 'one row per test cutoff');
  for (const [index, cutoff] of CUTOFFS.entries())
    assert.equal(await rows.nth(index).getAttribute('data-cutoff'), cutoff);
  const second = rows.nth(1);
  assert.equal(await cellText(second, 1), 'xgboost_leafwise');
  assert.equal(await cellText(second, 2), '1,100');
  assert.equal(await cellText(second, 3), '27.3%');
  assert.equal(await cellText(second, 4), '0.810 [0.790, 0.830]');
  assert.equal(await cellText(rows.nth(2), 1), 'blend', 'a blend is shown like any model');
  assert.match(await cellText(second, 6), /ROC-AUC \+0\.050 \[\+0\.030, \+0\.070\]/);
  // Only the second fold does not clearly beat BG/NBD, and says so.
  assert.equal(await page.locator(byTestId('not-beaten-bgnbd')).count(), 1);
  assert.equal(await second.locator(byTestId('not-beaten-bgnbd')).textContent(), 'not beaten');
  assert.match(await cellText(second, 7), /PR-AUC \+0\.004 \[−0\.003, \+0\.011\]/);
  assert.equal(await page.locator(byTestId('not-beaten-recency')).count(), 0);

  const marks = async (id) =>
    JSON.parse(await page.locator(byTestId(id)).getAttribute('data-marks'));
  assert.equal((await marks('chart-rolling-roc')).model_marks, CUTOFFS.length);
  assert.equal((await marks('chart-rolling-decay')).decay_marks, DECAY_POINTS);
  await page.locator(byTestId('decay-metric')).selectOption('pr_auc');
  await page.locator(`${byTestId('chart-rolling-decay')}[data-rendered="true"]`).waitFor({
    timeout: WAIT_MS,
  });
  const decay = page.locator(byTestId('chart-rolling-decay'));
  assert.match(await decay.locator('g.role-axis-title').allTextContents().then(String), /PR-AUC/);
  assert.equal((await marks('chart-rolling-decay')).decay_marks, DECAY_POINTS);
  assert.match(
    await page.locator(byTestId('rolling-skipped')).textContent(),
    /2019-11-01: no earlier snapshot to train on/,
  );
  await screenshot(page, 'rolling-backtest');
}

/** The fixture's lead on the Overview: both baselines, and the plain sentence for BG/NBD. */
async function checkFixtureOverviewLead(page, origin) {
  await page.goto(`${origin}/#/overview`);
  await waitForPage(page, 'overview');
  assert.match(
    await page.locator(byTestId('kpi-lead-recency')).textContent(),
    /Beats it.*ROC-AUC \+0\.048 \[\+0\.045, \+0\.051\] · PR-AUC \+0\.047 \[\+0\.041, \+0\.052\]/,
  );
  assert.match(await page.locator(byTestId('kpi-lead-bgnbd')).textContent(), /Not clearly/);
  assert.equal(await page.locator(byTestId('lead-verdict-recency')).count(), 0);
  assert.equal(
    await page.locator(byTestId('lead-verdict-bgnbd')).textContent(),
    'The model does not clearly beat the BG/NBD baseline on this test set: ROC-AUC +0.010 [−0.002, +0.021], PR-AUC +0.004 [−0.003, +0.011].',
  );
  await screenshot(page, 'overview-lead');
}

/** The page without backtest.json: one sentence naming the command, no error banner. */
async function checkAbsent(page, origin) {
  await expecting(
    (kind, text) =>
      (kind === 'bad response' && text.startsWith('404 ') && text.endsWith('/api/backtest')) ||
      (kind === 'console error' && /status of 404/.test(text)),
    async () => {
      await page.goto(`${origin}/#/rolling-backtest`);
      await waitForPage(page, 'rolling-backtest');
    },
  );
  await assertChartsDrawn(page, []);
  const sentence = await page.locator(byTestId('rolling-absent')).textContent();
  assert.match(sentence, /run churn-radar backtest/);
  assert.ok(await page.locator(byTestId('error-banner')).isHidden(), 'no error banner');
  assert.equal(await page.locator(byTestId('rolling-table')).count(), 0);
}

export async function checkRollingBacktest({ page, origin, config, serveCopy }) {
  // The served demo, whichever it has.
  const served = await apiJson(origin, 'api/backtest');
  if (served.status === 200) {
    await page.goto(`${origin}/#/rolling-backtest`);
    await waitForPage(page, 'rolling-backtest');
    const rows = page.locator(`${byTestId('rolling-table')} tbody tr`);
    assert.equal(await rows.count(), served.body.cutoffs.length, 'one row per test cutoff');
    await screenshot(page, 'rolling-backtest-served');
  } else {
    assert.equal(served.status, 404);
    assert.match(served.body.error, /churn-radar backtest/);
    await checkAbsent(page, origin);
    await screenshot(page, 'rolling-backtest-absent');
  }
  assertNoProblems('rolling backtest of the served demo');

  const fixture = await servedCopy({ config, serveCopy }, withBacktest);
  await checkFixturePage(page, fixture.origin);
  await checkFixtureOverviewLead(page, fixture.origin);
  assertNoProblems('rolling backtest of a fixture');

  if (served.status === 200) {
    const absent = await servedCopy({ config, serveCopy }, (models) =>
      rm(path.join(models, 'backtest.json')),
    );
    await checkAbsent(page, absent.origin);
    assertNoProblems('rolling backtest absent');
  }
}
