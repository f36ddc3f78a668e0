// Browser tests of the dashboard: `churn-radar serve` on a free port, one
// headless Chromium, every page visited in turn: At risk now (the served
// demo's scoring and its customer values; a copy scored twice for the movers
// and a user's history; a copy never scored for the empty state), user
// lookup, and the Model quality pages (the backtest). Each visit waits for the page's charts, saves a
// full-page screenshot, and fails on a console error or warning, an uncaught
// page error, a failed same-origin response, or any request to another
// origin (page_checks.mjs).
//
// Environment: CHURN_RADAR_BIN, CHURN_RADAR_CONFIG (required; a config whose
// models folder holds trained artifacts and whose scores folder a scoring,
// as `churn-radar run` leaves them), CHURN_ARTIFACTS_DIR (screenshots;
// default test-artifacts/browser), CHROMIUM (default /usr/bin/chromium).
// Run: cd tests/browser && npm ci && node --test

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import {
  AT_RISK_CSV_HEADER,
  checkAtRiskNow,
  checkMoversAndHistory,
  checkNoScoring,
} from './at_risk_checks.mjs';
import {
  ARTIFACTS,
  WAIT_MS,
  allowedOrigins,
  apiJson,
  assertChartsDrawn,
  assertNoProblems,
  byTestId,
  expecting,
  numberIn,
  percentText,
  screenshot,
  waitForPage,
  watch,
  watchPage,
} from './page_checks.mjs';
import { checkRollingBacktest } from './rolling_backtest_checks.mjs';
import { openBrowser, startServer } from './serve.mjs';
import { checkUserValue, checkValueFigures, checkValueOrder } from './value_checks.mjs';

const BIN = process.env.CHURN_RADAR_BIN;
const CONFIG = process.env.CHURN_RADAR_CONFIG;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TOKEN = 'browser-test-token-7f3a';
const LIMIT = { timeout: 90000 }; // no single step may hang the run
const BACKTEST_CSV_HEADER = 'user_id,snapshot,probability,risk_band,label';

let server;
let tokenServer;
let browser;
let page;
const copies = []; // demo copies and their servers, removed after the run

/** Opens a page by its hash route, waits for its charts, saves a screenshot. */
async function visit(route, name, charts, origin = server.origin) {
  await page.goto(`${origin}/#/${route}`);
  await waitForPage(page, name);
  await assertChartsDrawn(page, charts);
  await screenshot(page, name);
}

/** A server of a demo copy, stopped and removed after the run. */
async function serveCopy(copy) {
  const copyServer = await startServer({
    bin: BIN,
    config: copy.config,
    env: { CHURN_RADAR_TOKEN: undefined },
  });
  copies.push({ copy, server: copyServer });
  allowedOrigins.add(copyServer.origin);
  return copyServer;
}

/** The test snapshot's cutoff date (the held-out month) from /api/metrics. */
function testCutoff(metrics) {
  const entries = metrics.snapshots?.test || [];
  const last = entries[entries.length - 1];
  return typeof last === 'string' ? last : last.cutoff || last.date;
}

before(async () => {
  assert.ok(
    BIN && CONFIG,
    'Set CHURN_RADAR_BIN (the churn-radar binary) and CHURN_RADAR_CONFIG (a config whose models folder holds trained artifacts); ctest sets both.',
  );
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServer({ bin: BIN, config: CONFIG, env: { CHURN_RADAR_TOKEN: undefined } });
  allowedOrigins.add(server.origin);
  browser = await openBrowser({ executablePath: CHROMIUM });
  watch(browser.context);
  page = watchPage(browser.context.pages()[0] || (await browser.context.newPage()));
}, LIMIT);

after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), tokenServer?.stop(), ...copies.map((c) => c.server.stop())]);
  await Promise.all(copies.map((c) => c.copy.remove()));
});

test(
  'at risk now: the as-of date, bands, drift, the list with reasons, filters and CSV',
  LIMIT,
  () => checkAtRiskNow({ page, origin: server.origin }),
);

test('at risk now: value at risk in total and by band, equal to the scoring summary', LIMIT, () =>
  checkValueFigures({ page, origin: server.origin }),
);

test('at risk now: the order control lists by risk or by value at risk', LIMIT, () =>
  checkValueOrder({ page, origin: server.origin }),
);

test('user lookup: P(alive), expected purchases and value over the horizon', LIMIT, () =>
  checkUserValue({ page, origin: server.origin }),
);

test('at risk now after a second scoring: the movers, and a history of two points', LIMIT, () =>
  checkMoversAndHistory({ page, origin: server.origin, bin: BIN, config: CONFIG, serveCopy }),
);

test('at risk now without a scoring: the empty state names churn-radar score', LIMIT, () =>
  checkNoScoring({ page, config: CONFIG, serveCopy }),
);

test('overview: model figures, snapshots and the candidate table', LIMIT, async () => {
  await visit('overview', 'overview', ['chart-candidates']);
  const metrics = (await apiJson(server.origin, 'api/metrics')).body;
  const summary = await page.locator(byTestId('model-summary')).textContent();
  assert.match(summary, new RegExp(`Model ${metrics.model}`));
  assert.equal(
    await page.locator(byTestId('kpi-roc-auc')).locator('.kpi-value').textContent(),
    metrics.test.roc_auc.toFixed(3),
  );
  assert.match(
    await page.locator(byTestId('kpi-roc-auc')).textContent(),
    /95% CI \d\.\d{3}–\d\.\d{3}/,
  );
  const candidates = Object.keys(metrics.candidates);
  const rows = page.locator(`${byTestId('candidates-table')} tbody tr`);
  const baselines = ['baseline_recency', 'baseline_bgnbd'].filter((key) => metrics[key]).length;
  assert.equal(await rows.count(), candidates.length + baselines);
  const chosen = page.locator(`${byTestId('candidates-table')} tr.row-chosen`);
  assert.equal(await chosen.getAttribute('data-model'), metrics.model);
  // Model quality: the test on the held-out month, named in the navigation and atop the page.
  const cutoff = testCutoff(metrics);
  assert.equal(await page.locator(byTestId('quality-note-cutoff')).textContent(), cutoff);
  assert.match(
    await page.locator(byTestId('quality-cutoff')).textContent(),
    new RegExp(`held-out month, ${cutoff}`),
  );
  for (const tab of [
    'overview',
    'curves',
    'threshold',
    'importances',
    'backtest-users',
    'rolling-backtest',
  ])
    assert.equal(
      await page.locator(`${byTestId('nav-model-quality')} ${byTestId(`tab-${tab}`)}`).count(),
      1,
      tab,
    );
  const testSnapshots = await page.locator(byTestId('snapshots-test')).textContent();
  for (const entry of metrics.snapshots?.test || []) {
    const date = typeof entry === 'string' ? entry : entry.cutoff || entry.date;
    assert.ok(testSnapshots.includes(date), `test snapshot ${date} shown`);
  }
  assertNoProblems('overview');
});

test('narrow screen: At risk now and the overview fit a phone-sized viewport', LIMIT, async () => {
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 400, height: 860 });
  try {
    for (const [name, charts] of [
      ['at-risk', []],
      ['overview', ['chart-candidates']],
    ]) {
      await page.goto(`${server.origin}/#/${name}`);
      await waitForPage(page, name); // a reload now would abort the page's requests
      await page.reload();
      await waitForPage(page, name);
      await assertChartsDrawn(page, charts);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow} px`);
      await screenshot(page, `${name}-narrow`);
    }
  } finally {
    await page.setViewportSize(wide);
  }
  assertNoProblems('narrow screen');
});

test('curves: ROC, PR, calibration, gains and lift', LIMIT, async () => {
  await visit('curves', 'curves', [
    'chart-roc',
    'chart-pr',
    'chart-calibration',
    'chart-gains',
    'chart-lift',
  ]);
  assertNoProblems('curves');
});

test('threshold explorer: the slider moves the figures', LIMIT, async () => {
  await visit('threshold', 'threshold', ['chart-threshold']);
  const curves = (await apiJson(server.origin, 'api/curves')).body;
  assert.equal(curves.threshold_sweep.length, 101);
  assert.match(
    await page.locator(byTestId('threshold-note')).textContent(),
    /chosen on validation data.*test snapshot/s,
  );

  const read = async () => ({
    threshold: numberIn(await page.locator(byTestId('threshold-value')).textContent()),
    precision: await page.locator(byTestId('threshold-precision')).textContent(),
    recall: await page.locator(byTestId('threshold-recall')).textContent(),
    f1: await page.locator(byTestId('threshold-f1')).textContent(),
    flagged: numberIn(await page.locator(byTestId('threshold-flagged')).textContent()),
    profit: await page.locator(byTestId('threshold-profit')).textContent(),
    rule: await page
      .locator(`${byTestId('chart-threshold')} g.current_threshold_marks > line`)
      .getAttribute('transform'),
  });

  const slider = page.locator(byTestId('threshold-slider'));
  const start = await read();
  const metrics = (await apiJson(server.origin, 'api/metrics')).body;
  assert.ok(
    Math.abs(start.threshold - metrics.test.threshold) <= 0.0005 + 1e-9,
    `slider starts at the chosen threshold (${start.threshold})`,
  );
  assert.equal(
    start.flagged,
    metrics.test.flagged,
    'the start agrees with the overview: the exact chosen threshold',
  );
  // The stops: the sweep's steps with the chosen threshold among them.
  const stops = curves.threshold_sweep
    .map((p) => p.threshold)
    .filter((t) => t !== metrics.test.threshold)
    .concat([metrics.test.threshold])
    .sort((a, b) => a - b);

  await slider.focus();
  for (let i = 0; i < 10; i += 1) await slider.press('ArrowRight');
  const higher = await read();
  const tenth = stops[stops.indexOf(metrics.test.threshold) + 10];
  assert.ok(
    Math.abs(higher.threshold - tenth) < 1e-6,
    `ArrowRight ×10 moves ten stops (${start.threshold} → ${higher.threshold}, expected ${tenth})`,
  );
  assert.notEqual(higher.precision, start.precision, 'precision changes');
  assert.notEqual(higher.recall, start.recall, 'recall changes');
  assert.ok(
    higher.flagged < start.flagged,
    `fewer users flagged at a higher threshold (${start.flagged} → ${higher.flagged})`,
  );
  await page.waitForFunction(
    ([selector, before]) => document.querySelector(selector)?.getAttribute('transform') !== before,
    [`${byTestId('chart-threshold')} g.current_threshold_marks > line`, start.rule],
  );

  await slider.fill(String(stops.findIndex((t) => Math.abs(t - 0.9) < 1e-9)));
  const highest = await read();
  assert.equal(highest.threshold, 0.9);
  assert.ok(
    highest.flagged < higher.flagged,
    `flagged falls again (${higher.flagged} → ${highest.flagged})`,
  );
  const expected = curves.threshold_sweep.find((p) => Math.abs(p.threshold - 0.9) < 1e-9);
  assert.equal(highest.flagged, expected.flagged, 'flagged matches the API sweep');

  await page.locator(byTestId('threshold-reset')).click();
  assert.deepEqual((await read()).flagged, start.flagged, 'reset returns to the chosen threshold');
  await slider.fill(String(stops.indexOf(metrics.test.threshold) + 10));
  await screenshot(page, 'threshold-moved');
  assertNoProblems('threshold explorer');
});

test('importances: mean |SHAP| bars, the table and the beeswarm', LIMIT, async () => {
  await visit('importances', 'importances', ['chart-importances', 'chart-beeswarm']);
  const importances = (await apiJson(server.origin, 'api/importances')).body;
  assert.equal(
    await page.locator(`${byTestId('importance-table')} tbody tr`).count(),
    importances.features.length,
  );
  const firstFeature = await page
    .locator(`${byTestId('importance-table')} tbody tr:first-child code`)
    .textContent();
  assert.equal(firstFeature, importances.features[0].feature);
  const summary = (await apiJson(server.origin, 'api/shap/summary')).body;
  // Thousands of dots: drawn on a canvas, counted in the chart's scenegraph.
  const beeswarm = page.locator(byTestId('chart-beeswarm'));
  assert.equal(await beeswarm.locator('canvas').count(), 1, 'the beeswarm is a canvas');
  assert.equal(await beeswarm.locator('svg').count(), 0, 'the beeswarm is not SVG');
  const dots = JSON.parse(await beeswarm.getAttribute('data-marks')).dots_marks;
  const expectedDots = summary.beeswarm.features.reduce(
    (n, f) => n + f.shap.filter(Number.isFinite).length,
    0,
  );
  assert.equal(dots, expectedDots, 'one beeswarm dot per user and feature');
  assertNoProblems('importances');
});

test(
  'user lookup: the current score with its history and backtest, a backtest-only user, an unknown one',
  LIMIT,
  async () => {
    const current = (await apiJson(server.origin, 'api/at-risk?top=5')).body;
    assert.ok(current.users.length > 0, 'the current scoring has users');
    const known = current.users[current.users.length - 1];

    await page.goto(`${server.origin}/#/users`);
    await waitForPage(page, 'users');
    await page.locator(byTestId('user-search-input')).fill(known.user_id);
    await page.locator(byTestId('user-search-button')).click();
    await page.waitForURL(`**/#/users/${known.user_id}`);
    await page
      .locator(`${byTestId('waterfall')}[data-rendered="true"]`)
      .waitFor({ timeout: WAIT_MS });
    await waitForPage(page, 'users');
    await assertChartsDrawn(page, ['chart-history', 'waterfall']);
    const user = (await apiJson(server.origin, `api/users/${known.user_id}`)).body;
    assert.equal(user.in_current_scoring, true);
    assert.equal(user.as_of, current.as_of);
    assert.equal(
      await page.locator(byTestId('user-probability')).textContent(),
      percentText(known.probability),
    );
    assert.equal(await page.locator(byTestId('user-as-of')).textContent(), current.as_of);
    assert.match(
      await page.locator(byTestId('user-risk-band')).textContent(),
      new RegExp(known.band),
    );
    assert.equal(await page.locator(`${byTestId('user-reasons')} li`).count(), user.reasons.length);
    assert.equal(
      await page.locator(`${byTestId('user-features')} tbody tr`).count(),
      Object.keys(user.features).length,
    );
    const bars = await page
      .locator(`${byTestId('waterfall')} g.contributions_marks > path`)
      .count();
    assert.equal(
      bars,
      Math.min(11, Object.keys(user.shap).length),
      'ten contributions and the rest grouped',
    );
    const history = JSON.parse(
      await page.locator(byTestId('chart-history')).getAttribute('data-marks'),
    );
    assert.equal(history.history_points_marks, user.history.length, 'one dot per scoring');
    if (user.backtest)
      assert.equal(
        await page.locator(byTestId('user-backtest-probability')).textContent(),
        percentText(user.backtest.probability),
      );
    else await page.locator(byTestId('user-backtest-none')).waitFor({ timeout: WAIT_MS });
    await screenshot(page, 'users');
    assertNoProblems('user lookup');

    // A user of the backtest who is not in the current scoring (gone before it): said so,
    // with the backtest's score and explanation.
    const backtest = (await apiJson(server.origin, 'api/backtest/users?top=300')).body;
    let gone = null;
    for (const candidate of backtest.users) {
      const answer = (await apiJson(server.origin, `api/users/${candidate.user_id}`)).body;
      if (answer.in_current_scoring === false) {
        gone = answer;
        break;
      }
    }
    assert.ok(gone, 'some backtest user is not in the current scoring');
    await page.goto(`${server.origin}/#/users/${gone.user_id}`);
    await waitForPage(page, 'users');
    await assertChartsDrawn(
      page,
      gone.history.length ? ['chart-history', 'waterfall'] : ['waterfall'],
    );
    const notice = await page.locator(byTestId('user-not-current')).textContent();
    assert.ok(notice.includes(`not in the current scoring (as of ${gone.as_of})`), notice);
    assert.equal(await page.locator(byTestId('user-probability')).count(), 0);
    assert.equal(
      await page.locator(byTestId('user-backtest-probability')).textContent(),
      percentText(gone.backtest.probability),
    );
    await screenshot(page, 'user-backtest-only');
    assertNoProblems('backtest-only user');

    const unknownId = 'no-such-user-424242';
    const notFound = await apiJson(server.origin, `api/users/${unknownId}`);
    assert.equal(notFound.status, 404);
    await expecting(
      (kind, text) =>
        (kind === 'bad response' && text.startsWith('404 ') && text.includes(unknownId)) ||
        (kind === 'console error' && /status of 404/.test(text)),
      async () => {
        await page.locator(byTestId('user-search-input')).fill(unknownId);
        await page.locator(byTestId('user-search-button')).click();
        await page.locator(byTestId('user-error')).waitFor({ timeout: WAIT_MS });
      },
    );
    assert.equal(await page.locator(byTestId('user-error')).textContent(), notFound.body.error);
    assert.equal(await page.locator(byTestId('waterfall')).count(), 0);
    await screenshot(page, 'user-not-found');
    assertNoProblems('unknown user');
  },
);

test(
  'backtest list (Model quality): table, filters, CSV download, a click through to the user',
  LIMIT,
  async () => {
    // The old address of the list lands on it.
    await page.goto(`${server.origin}/#/top-risk`);
    await waitForPage(page, 'backtest-users');
    await assertChartsDrawn(page, []);
    const metrics = (await apiJson(server.origin, 'api/metrics')).body;
    assert.equal(
      await page.locator(byTestId('quality-note-cutoff')).textContent(),
      testCutoff(metrics),
    );
    const all = (await apiJson(server.origin, 'api/backtest/users?top=100&min_risk=0')).body;
    const rows = page.locator(`${byTestId('risk-table')} tbody tr`);
    assert.equal(await rows.count(), Math.min(100, all.total));
    assert.equal(await rows.first().getAttribute('data-user'), all.users[0].user_id);

    const link = page.locator(byTestId('csv-download'));
    const href = new URL(await link.evaluate((a) => a.href));
    assert.equal(href.origin, server.origin);
    assert.equal(href.pathname, '/api/backtest/users');
    assert.deepEqual(Object.fromEntries(href.searchParams), {
      top: '100',
      min_risk: '0',
      format: 'csv',
    });
    await screenshot(page, 'backtest-users');

    // The band choices are the server's risk_bands (highest first there), not a rule of the page.
    const health = (await apiJson(server.origin, 'api/health')).body;
    const bandNames = health.risk_bands
      .filter((band) => band.min_probability > 0)
      .map((band) => band.name);
    const options = await page
      .locator(`${byTestId('risk-min-select')} option`)
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ value: node.value, label: node.textContent })),
      );
    assert.deepEqual(
      options.map((o) => o.value),
      ['0', ...bandNames.reverse(), '0.5'],
    );
    for (const band of health.risk_bands.filter((b) => b.min_probability > 0)) {
      const label = options.find((o) => o.value === band.name).label;
      assert.ok(label.includes(`≥ ${band.min_probability.toFixed(3)}`), `${band.name}: ${label}`);
    }

    await page.locator(byTestId('risk-top-input')).fill('10');
    await page.locator(byTestId('risk-min-select')).selectOption('high');
    await page.locator(byTestId('risk-apply')).click();
    await page.waitForFunction(
      (selector) => document.querySelectorAll(selector).length <= 10,
      `${byTestId('risk-table')} tbody tr`,
    );
    const high = (await apiJson(server.origin, 'api/backtest/users?top=10&min_risk=high')).body;
    assert.equal(await rows.count(), high.users.length);
    for (const band of await page
      .locator(`${byTestId('risk-table')} tbody .badge`)
      .allTextContents())
      assert.equal(band, 'high');
    const filtered = new URL(await link.evaluate((a) => a.href));
    assert.deepEqual(Object.fromEntries(filtered.searchParams), {
      top: '10',
      min_risk: 'high',
      format: 'csv',
    });

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'churn_risk_top.csv');
    const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.equal(csv[0], BACKTEST_CSV_HEADER);
    assert.equal(csv.length, high.users.length + 1);

    const target = await rows.nth(1).getAttribute('data-user');
    await rows.nth(1).locator('td').nth(2).click();
    await page.waitForURL(`**/#/users/${target}`);
    await page
      .locator(`${byTestId('waterfall')}[data-rendered="true"]`)
      .waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator(byTestId('user-id')).textContent(), target);
    assertNoProblems('top risk');
  },
);

test(
  'rolling backtest (Model quality): the sentence, charts and a row per cutoff, or what to run; the lead on the overview',
  LIMIT,
  () => checkRollingBacktest({ page, origin: server.origin, config: CONFIG, serveCopy }),
);

test(
  'access token: asked for on 401, taken from the URL fragment, sent on every request',
  LIMIT,
  async () => {
    tokenServer = await startServer({
      bin: BIN,
      config: CONFIG,
      env: { CHURN_RADAR_TOKEN: TOKEN },
    });
    allowedOrigins.add(tokenServer.origin);
    const unauthorized = await fetch(`${tokenServer.origin}/api/health`);
    assert.equal(unauthorized.status, 401, 'the token server refuses a request without a token');

    const guarded = watchPage(await browser.context.newPage());
    try {
      await expecting(
        (kind, text) =>
          (kind === 'bad response' && text.startsWith('401 ')) ||
          (kind === 'console error' && /status of 401/.test(text)),
        async () => {
          await guarded.goto(`${tokenServer.origin}/#/overview`);
          await guarded
            .locator(byTestId('token-form'))
            .waitFor({ state: 'visible', timeout: WAIT_MS });
        },
      );
      assert.match(await guarded.locator(byTestId('error-text')).textContent(), /token/i);
      await screenshot(guarded, 'token-form');
      await guarded.locator(byTestId('token-input')).fill(TOKEN);
      await guarded.locator(byTestId('token-submit')).click();
      await waitForPage(guarded, 'overview');
      await assertChartsDrawn(guarded, ['chart-candidates']);
      assert.ok(await guarded.locator(byTestId('token-form')).isHidden());
      assertNoProblems('token form');

      const fresh = watchPage(await browser.context.newPage());
      await fresh.goto(`${tokenServer.origin}/#/at-risk?token=${TOKEN}`);
      await waitForPage(fresh, 'at-risk');
      assert.ok(
        !fresh.url().includes('token='),
        `the token leaves the address bar (${fresh.url()})`,
      );
      assert.ok(await fresh.locator(byTestId('token-form')).isHidden());
      const [download] = await Promise.all([
        fresh.waitForEvent('download'),
        fresh.locator(byTestId('csv-download')).click(),
      ]);
      const csv = await readFile(await download.path(), 'utf8');
      assert.ok(csv.startsWith(`${AT_RISK_CSV_HEADER}\n`), csv.slice(0, 200));
      await fresh.close();
      assertNoProblems('token from the URL');
    } finally {
      await guarded.close();
    }
  },
);

test('the server stops on SIGTERM with exit code 0', LIMIT, async () => {
  const stopping = await startServer({
    bin: BIN,
    config: CONFIG,
    env: { CHURN_RADAR_TOKEN: undefined },
  });
  const { code, signal } = await stopping.stop();
  assert.equal(signal, null, `killed by ${signal} instead of stopping:\n${stopping.output()}`);
  assert.equal(code, 0, stopping.output());
  assert.match(stopping.output(), /stopping on SIGTERM/);
});
