// The checks of At risk now (tests/browser/dashboard.test.mjs runs them): the
// served demo's scoring page by page against the API; a copy scored twice for
// the movers and a user's history of two points; a copy never scored for the
// empty state. Each takes the test's page and the server's origin; the last
// two also the binary, the served config and `serveCopy` (starts a server
// on a demo copy, stopped after the run).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { scoredTwice, unscored } from './demo_copies.mjs';
import {
  WAIT_MS,
  apiJson,
  assertChartsDrawn,
  assertNoProblems,
  byTestId,
  countText,
  percentText,
  screenshot,
  waitForPage,
} from './page_checks.mjs';

export const AT_RISK_CSV_HEADER =
  'user_id,as_of,probability,band,flagged,p_alive,expected_purchases,expected_value,value_at_risk,reason_1,reason_2,reason_3';

/** The home page: as-of date, bands, drift, the list with reasons, filters, CSV, search. */
export async function checkAtRiskNow({ page, origin }) {
  await page.goto(`${origin}/#/`); // the home page
  await waitForPage(page, 'at-risk');
  await assertChartsDrawn(page, []);
  await screenshot(page, 'at-risk');
  const scorings = (await apiJson(origin, 'api/scorings')).body;
  assert.ok(scorings.current, 'the served demo has a scoring (`run` ends with one)');
  assert.equal(await page.locator(byTestId('as-of')).textContent(), scorings.current);
  const summary = (await apiJson(origin, 'api/scorings/latest')).body;
  assert.equal(summary.as_of, scorings.current);
  const figure = (testid) => page.locator(byTestId(testid)).locator('.kpi-value').textContent();
  assert.equal(await figure('kpi-scored'), countText(summary.users));
  assert.deepEqual(
    summary.bands.map((b) => b.band),
    ['high', 'medium', 'low'],
  );
  for (const band of summary.bands)
    assert.equal(await figure(`band-count-${band.band}`), countText(band.users), band.band);

  // The drift warning says what drifted exactly when the scoring says retraining is due.
  assert.equal(
    await page.locator(byTestId('drift-warning')).count(),
    summary.drift.retrain_due ? 1 : 0,
  );
  if (summary.drift.retrain_due) {
    const warning = await page.locator(byTestId('drift-warning')).textContent();
    assert.match(warning, /Retraining is due/);
    assert.equal(
      warning.includes('the score itself (PSI'),
      summary.drift.score_psi > summary.drift.threshold,
      `the score's own drift is named when over the threshold: ${warning}`,
    );
    const named = summary.drift.drifted.slice(0, 6);
    if (summary.drift.drifted.length > 6)
      assert.ok(warning.includes(`${summary.drift.drifted.length - 6} more features`), warning);
    for (const drifted of named)
      assert.ok(
        warning.includes(`${drifted.feature} (PSI`),
        `${drifted.feature} named: ${warning}`,
      );
  } else await page.locator(byTestId('drift-ok')).waitFor({ timeout: WAIT_MS });
  // The served demo is its first scoring: nothing to compare with.
  assert.equal(summary.changes, null);
  assert.match(await page.locator(byTestId('movers-none')).textContent(), /first scoring/);

  const list = (await apiJson(origin, 'api/at-risk?top=100&min_risk=0')).body;
  assert.equal(list.as_of, scorings.current);
  const rows = page.locator(`${byTestId('at-risk-table')} tbody tr`);
  assert.equal(await rows.count(), Math.min(100, list.total));
  assert.equal(await rows.first().getAttribute('data-user'), list.users[0].user_id);
  assert.equal(
    await rows.first().locator('.prob-text').textContent(),
    percentText(list.users[0].probability),
  );
  assert.deepEqual(
    await rows.first().locator('.row-reasons li').allTextContents(),
    list.users[0].reasons,
  );

  const options = await page
    .locator(`${byTestId('risk-min-select')} option`)
    .evaluateAll((nodes) => nodes.map((node) => node.value));
  assert.deepEqual(options, ['0', 'medium', 'high', '0.5']);
  const link = page.locator(byTestId('csv-download'));
  const href = new URL(await link.evaluate((a) => a.href));
  assert.equal(href.origin, origin);
  assert.equal(href.pathname, '/api/at-risk');
  // The list's order is the scoring's own (value.rank_by) when it has values.
  const order = summary.value?.available ? { order: summary.value.rank_by } : {};
  assert.deepEqual(Object.fromEntries(href.searchParams), {
    top: '100',
    min_risk: '0',
    ...order,
    format: 'csv',
  });

  await page.locator(byTestId('risk-top-input')).fill('10');
  await page.locator(byTestId('risk-min-select')).selectOption('high');
  await page.locator(byTestId('risk-apply')).click();
  await page.waitForFunction(
    (selector) => document.querySelectorAll(selector).length <= 10,
    `${byTestId('at-risk-table')} tbody tr`,
  );
  const high = (await apiJson(origin, 'api/at-risk?top=10&min_risk=high')).body;
  assert.equal(high.order, summary.value?.rank_by ?? 'probability');
  assert.equal(await rows.count(), high.users.length);
  assert.equal(await rows.first().getAttribute('data-user'), high.users[0].user_id);
  for (const band of await page
    .locator(`${byTestId('at-risk-table')} tbody .badge`)
    .allTextContents())
    assert.equal(band, 'high');
  assert.deepEqual(Object.fromEntries(new URL(await link.evaluate((a) => a.href)).searchParams), {
    top: '10',
    min_risk: 'high',
    ...order,
    format: 'csv',
  });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(csv[0], AT_RISK_CSV_HEADER);
  assert.equal(csv.length, high.users.length + 1);
  assert.ok(csv[1].startsWith(`${high.users[0].user_id},${scorings.current},`), csv[1]);
  await screenshot(page, 'at-risk-high');

  // The search box opens the user.
  const wanted = high.users[high.users.length - 1].user_id;
  await page.locator(byTestId('at-risk-user-input')).fill(wanted);
  await page.locator(byTestId('at-risk-user-button')).click();
  await page.waitForURL(`**/#/users/${wanted}`);
  await waitForPage(page, 'users');
  assert.equal(await page.locator(byTestId('user-id')).textContent(), wanted);
  assertNoProblems('at risk now');
}

/** After a second scoring: the movers, and a user's history of two points. */
export async function checkMoversAndHistory({ page, origin, bin, config, serveCopy }) {
  const { current } = (await apiJson(origin, 'api/scorings')).body;
  const twice = await serveCopy(await scoredTwice({ bin, config, asOf: current }));
  await page.goto(`${twice.origin}/#/at-risk`);
  await waitForPage(page, 'at-risk');
  const summary = (await apiJson(twice.origin, 'api/scorings/latest')).body;
  const { changes } = summary;
  assert.ok(changes, 'the second scoring compares with the first');
  assert.equal(await page.locator(byTestId('as-of')).textContent(), current);
  assert.match(
    await page.locator(`${byTestId('movers')} .card-title`).textContent(),
    new RegExp(changes.previous_as_of),
  );
  for (const [key, testid] of [
    ['newly_high', 'movers-newly-high'],
    ['risen', 'movers-risen'],
    ['left', 'movers-left'],
  ]) {
    const group = changes[key];
    assert.equal(
      await page.locator(byTestId(`${testid}-count`)).textContent(),
      countText(group.count),
    );
    const moverRows = page.locator(`${byTestId(`${testid}-table`)} tbody tr`);
    assert.equal(await moverRows.count(), group.users.length, key);
    if (group.users.length)
      assert.equal(await moverRows.first().getAttribute('data-user'), group.users[0].user_id, key);
  }
  await screenshot(page, 'at-risk-movers');

  // A user who rose was in both scorings: two points, the current one last.
  assert.ok(changes.risen.users.length > 0, 'someone rose between the scorings');
  const id = changes.risen.users[0].user_id;
  const user = (await apiJson(twice.origin, `api/users/${id}`)).body;
  assert.deepEqual(
    user.history.map((h) => h.as_of),
    [changes.previous_as_of, current],
  );
  await page.goto(`${twice.origin}/#/users/${id}`);
  await waitForPage(page, 'users');
  await assertChartsDrawn(page, ['chart-history', 'waterfall']);
  const marks = JSON.parse(
    await page.locator(byTestId('chart-history')).getAttribute('data-marks'),
  );
  assert.equal(marks.history_points_marks, 2, 'one dot per scoring');
  assert.equal(await page.locator(byTestId('user-as-of')).textContent(), current);
  assert.equal(
    await page.locator(byTestId('user-probability')).textContent(),
    percentText(user.probability),
  );
  await screenshot(page, 'users-history');
  assertNoProblems('movers and history');
}

/** Without a scoring: the empty state names `churn-radar score`, and nothing fails. */
export async function checkNoScoring({ page, config, serveCopy }) {
  const bare = await serveCopy(await unscored({ config }));
  assert.equal((await apiJson(bare.origin, 'api/scorings')).body.current, null);
  await page.goto(`${bare.origin}/#/at-risk`);
  await waitForPage(page, 'at-risk');
  assert.match(await page.locator(byTestId('at-risk-empty')).textContent(), /churn-radar score/);
  assert.equal(await page.locator(byTestId('at-risk-table')).count(), 0);
  assert.ok(await page.locator(byTestId('error-banner')).isHidden(), 'no error banner');
  await screenshot(page, 'at-risk-empty');
  assertNoProblems('no scoring');
}
