// The checks of customer value on the dashboard (tests/browser/dashboard.test.mjs
// runs them) against the served demo's scoring, which has a value model: At
// risk now's value at risk in total and by band (summary.json's figures), the
// value model's warnings, the list's value columns and its order control, and
// P(alive) in user lookup. Each takes the test's page and the server's origin.

import assert from 'node:assert/strict';
import {
  WAIT_MS,
  apiJson,
  assertNoProblems,
  byTestId,
  percentText,
  screenshot,
  waitForPage,
} from './page_checks.mjs';

/** "12,345" or "−12", as format.js's money() writes an amount. */
const moneyText = (x) =>
  `${x < 0 ? '−' : ''}${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(
    Math.abs(Math.round(x)),
  )}`;

const ROWS = `${byTestId('at-risk-table')} tbody tr`;

/** The user ids of the list's rows on the page. */
const rowIds = (page) =>
  page.locator(ROWS).evaluateAll((rows) => rows.map((row) => row.dataset.user));

/** The value at risk in total and by band, the warnings, and the value columns. */
export async function checkValueFigures({ page, origin }) {
  await page.goto(`${origin}/#/`);
  await waitForPage(page, 'at-risk');
  const { value } = (await apiJson(origin, 'api/scorings/latest')).body;
  assert.ok(value?.available, `the served demo's scoring has customer values: ${value?.why_not}`);
  const figure = (testid) => page.locator(byTestId(testid)).locator('.kpi-value').textContent();
  assert.equal(await figure('value-at-risk-total'), moneyText(value.value_at_risk));
  assert.deepEqual(
    value.by_band.map((b) => b.band),
    ['high', 'medium', 'low'],
  );
  for (const band of value.by_band)
    assert.equal(await figure(`value-at-risk-${band.band}`), moneyText(band.value_at_risk));
  const shared = value.by_band.reduce((sum, band) => sum + band.value_at_risk, 0);
  assert.ok(Math.abs(shared - value.value_at_risk) <= 1e-6 * Math.max(1, value.value_at_risk));
  const warned = value.warnings.length > 0 || value.converged === false;
  assert.equal(await page.locator(byTestId('value-warning')).count(), warned ? 1 : 0);
  for (const warning of value.warnings)
    assert.ok((await page.locator(byTestId('value-warning')).textContent()).includes(warning));
  assert.equal(await page.locator(byTestId('value-unavailable')).count(), 0);
  const headers = await page.locator(`${byTestId('at-risk-table')} thead th`).allTextContents();
  assert.ok(headers.includes('Expected value') && headers.includes('Value at risk'), headers);
  await screenshot(page, 'at-risk-value');
  assertNoProblems('value figures');
}

/** The order control: the scoring's order first, then the other one, as the API lists them. */
export async function checkValueOrder({ page, origin }) {
  await page.goto(`${origin}/#/`);
  await waitForPage(page, 'at-risk');
  const { value } = (await apiJson(origin, 'api/scorings/latest')).body;
  const select = page.locator(byTestId('risk-order-select'));
  assert.equal(await select.inputValue(), value.rank_by, "the scoring's own order first");
  const other = value.rank_by === 'probability' ? 'value_at_risk' : 'probability';
  const top = await page.locator(byTestId('risk-top-input')).inputValue();
  const minRisk = await page.locator(byTestId('risk-min-select')).inputValue();
  const query = (order) => `api/at-risk?top=${top}&min_risk=${minRisk}&order=${order}`;
  const [before, after] = await Promise.all([
    apiJson(origin, query(value.rank_by)),
    apiJson(origin, query(other)),
  ]);
  const expected = (list) => list.body.users.map((u) => u.user_id);
  assert.notDeepEqual(expected(before), expected(after), 'the two orders differ on the demo');
  assert.deepEqual(await rowIds(page), expected(before));
  await select.selectOption(other);
  await page.waitForFunction(
    ([selector, first]) => document.querySelector(selector)?.dataset.user === first,
    [ROWS, expected(after)[0]],
    { timeout: WAIT_MS },
  );
  assert.deepEqual(await rowIds(page), expected(after));
  const href = new URL(await page.locator(byTestId('csv-download')).evaluate((a) => a.href));
  assert.equal(href.searchParams.get('order'), other, 'the CSV is the list as ordered');
  const firstValue = await page
    .locator(ROWS)
    .first()
    .locator('td')
    .evaluateAll((cells) => cells.map((cell) => cell.textContent));
  assert.ok(firstValue.includes(moneyText(after.body.users[0].value_at_risk)), firstValue);
  await screenshot(page, `at-risk-order-${other}`);
  await select.selectOption(value.rank_by); // leave the page's choice as it was
  await page.waitForFunction(
    ([selector, first]) => document.querySelector(selector)?.dataset.user === first,
    [ROWS, expected(before)[0]],
    { timeout: WAIT_MS },
  );
  assertNoProblems('value order');
}

/** User lookup: P(alive), expected purchases and value of a customer who bought. */
export async function checkUserValue({ page, origin }) {
  const { value } = (await apiJson(origin, 'api/scorings/latest')).body;
  const list = (await apiJson(origin, 'api/at-risk?top=1000&min_risk=0&order=value_at_risk')).body;
  const buyer = list.users.find((u) => u.p_alive !== null);
  assert.ok(buyer, 'someone in the list has bought');
  await page.goto(`${origin}/#/users/${encodeURIComponent(buyer.user_id)}`);
  await waitForPage(page, 'users');
  const text = (testid) => page.locator(byTestId(testid)).textContent();
  assert.equal(await text('user-p-alive'), percentText(buyer.p_alive));
  assert.equal(await text('user-purchases'), buyer.expected_purchases.toFixed(2));
  assert.equal(await text('user-expected-value'), moneyText(buyer.expected_value));
  assert.equal(await text('user-value-at-risk'), moneyText(buyer.value_at_risk));
  const labels = await page.locator(`${byTestId('user-value')} .kpi-label`).allTextContents();
  assert.ok(
    labels.includes(`Expected value (next ${value.horizon_days} days)`),
    labels.join(' | '),
  );
  await screenshot(page, 'users-value');
  assertNoProblems('user value');
}
