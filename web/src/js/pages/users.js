// User lookup page (#/users and #/users/ID): one user's churn probability
// now (the current scoring), its risk band and reasons in words, its
// customer value (P(alive), expected purchases and value), the user's
// probability over past scorings, the backtest's score where the user was in
// the held-out month, the SHAP waterfall from the base value to the model's
// margin, and the user's raw features.

import { ApiError, getJson } from '../api.js';
import { chartContainer, drawChart } from '../charts.js';
import { badge, card, el, table } from '../dom.js';
import { decimal, featureValue, percent, signed } from '../format.js';
import { waterfallSpec } from '../shap_specs.js';
import { noValuesNotice, userValueFacts } from '../customer_value.js';
import { historySpec } from '../specs.js';

const REASONS = 5;

function searchForm(initialId, navigate) {
  const input = el('input', {
    type: 'search',
    name: 'user',
    value: initialId || '',
    placeholder: 'User id, e.g. 500000003',
    testid: 'user-search-input',
    'aria-label': 'User id',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const button = el(
    'button',
    { type: 'submit', class: 'button primary', testid: 'user-search-button' },
    'Look up',
  );
  const form = el('form', { class: 'search-form', testid: 'user-search-form' }, input, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (id) navigate(`#/users/${encodeURIComponent(id)}`);
  });
  return { form, input };
}

function riskBadge(band, testid = 'user-risk-band') {
  const kind = ['high', 'medium', 'low'].includes(band) ? band : 'muted';
  return badge(`${band || 'unknown'} risk`, `risk-${kind}`, testid);
}

/**
 * `user` is the current score; `when` names its date; `scoringValue` is the
 * scoring's summary.json `value` (the horizon, or why there are no values).
 */
function summary(user, when, scoringValue) {
  const fact = (label, value, testid) =>
    el(
      'div',
      { class: 'fact' },
      el('div', { class: 'kpi-label' }, label),
      el('div', { class: 'fact-value', testid }, value),
    );
  const flagged = user.probability >= user.threshold;
  return card(
    null,
    { testid: 'user-summary', className: 'user-summary' },
    el(
      'div',
      { class: 'user-headline' },
      el(
        'div',
        {},
        el('div', { class: 'kpi-label' }, 'Churn probability now'),
        el('div', { class: 'probability', testid: 'user-probability' }, percent(user.probability)),
      ),
      riskBadge(user.risk_band),
    ),
    el(
      'div',
      { class: 'facts-row' },
      fact('User', user.user_id, 'user-id'),
      fact('As of', when, 'user-as-of'),
      fact(
        'Threshold',
        `${decimal(user.threshold)} · ${flagged ? 'flagged for the campaign' : 'not flagged'}`,
        'user-flagged',
      ),
    ),
    user.value
      ? el(
          'div',
          { class: 'facts-row', testid: 'user-value' },
          userValueFacts(user.value, scoringValue, fact),
        )
      : noValuesNotice(scoringValue, 'user-value-unavailable'),
  );
}

function reasonList(reasons) {
  if (!reasons?.length) return el('p', { class: 'muted' }, 'No reasons for this user.');
  return el(
    'ol',
    { class: 'reasons', testid: 'user-reasons' },
    reasons.map((r) =>
      el(
        'li',
        { class: r.raises_risk ? 'reason raises' : 'reason lowers' },
        el('span', { class: 'reason-icon', 'aria-hidden': 'true' }, r.raises_risk ? '▲' : '▼'),
        el('span', { class: 'reason-text' }, r.phrase),
        el('span', { class: 'reason-shap' }, signed(r.shap)),
      ),
    ),
  );
}

function featureTable(user) {
  const rows = Object.entries(user.features || {}).map(([feature, value]) => ({
    feature,
    value,
    shap: user.shap?.[feature],
  }));
  rows.sort((a, b) => Math.abs(b.shap ?? 0) - Math.abs(a.shap ?? 0));
  return table(
    [
      { label: 'Feature', value: (r) => el('code', {}, r.feature) },
      { label: 'Value', value: (r) => featureValue(r.value), numeric: true },
      {
        label: 'SHAP',
        value: (r) => el('span', { class: (r.shap ?? 0) >= 0 ? 'up' : 'down' }, signed(r.shap)),
        numeric: true,
      },
    ],
    rows,
    { testid: 'user-features', scroll: true },
  );
}

function margin(user) {
  return Object.values(user.shap || {}).reduce(
    (sum, s) => sum + (Number.isFinite(s) ? s : 0),
    user.base_value,
  );
}

function historyCard(history, chart, threshold) {
  return card(
    'Risk over past scorings',
    {
      testid: 'user-history',
      subtitle: history.length
        ? `Churn probability at each scoring that held this user (${history.length}); dashed: the threshold ${decimal(threshold)}.`
        : null,
    },
    history.length
      ? chart
      : el('p', { class: 'muted', testid: 'user-history-none' }, 'This user is in no scoring.'),
  );
}

/** The backtest's score; with `reasons` when it is the only score the user has. */
function backtestCard(backtest, { reasons }) {
  if (!backtest)
    return card(
      'Backtest',
      { testid: 'user-backtest' },
      el(
        'p',
        { class: 'muted', testid: 'user-backtest-none' },
        'Not in the held-out test month: the backtest has no score for this user.',
      ),
    );
  const flagged = backtest.probability >= backtest.threshold;
  return card(
    'Backtest',
    {
      testid: 'user-backtest',
      subtitle: 'The score in Model quality’s test on the held-out month, whose outcome is known.',
    },
    el(
      'div',
      { class: 'user-headline' },
      el(
        'div',
        {},
        el('div', { class: 'kpi-label' }, `As of ${backtest.snapshot || '—'}`),
        el(
          'div',
          { class: 'probability secondary', testid: 'user-backtest-probability' },
          percent(backtest.probability),
        ),
      ),
      riskBadge(backtest.risk_band, 'user-backtest-band'),
    ),
    el(
      'p',
      { class: 'muted' },
      `${flagged ? 'Flagged' : 'Not flagged'} at the threshold ${decimal(backtest.threshold)}.`,
    ),
    reasons ? reasonList(backtest.reasons) : null,
  );
}

function explanationCards(explained, waterfall, when) {
  return [
    card(
      `Explanation, ${when}`,
      {
        subtitle:
          `SHAP waterfall: from the base value ${decimal(explained.base_value)} (the average user) through the largest contributions ` +
          `to this user's margin ${decimal(margin(explained))}, in log-odds before calibration.`,
      },
      waterfall,
    ),
    card(
      'Features',
      { subtitle: `Raw feature values ${when}, by size of their SHAP value.` },
      featureTable(explained),
    ),
  ];
}

async function renderUser(result, id) {
  let user;
  try {
    user = await getJson(`api/users/${encodeURIComponent(id)}?reasons=${REASONS}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      result.append(
        el('div', { class: 'notice', testid: 'user-error', role: 'status' }, error.message),
      );
      return;
    }
    throw error;
  }
  // In the current scoring: its score leads; otherwise the backtest's is all there is.
  const current = user.in_current_scoring !== false && Number.isFinite(user.probability);
  const asOf = user.as_of || user.snapshot;
  const scoringValue = current
    ? (await getJson(`api/scorings/${encodeURIComponent(user.as_of)}`)).value
    : null;
  const explained = current ? user : user.backtest;
  const history = user.history || [];
  const threshold = current ? user.threshold : user.backtest?.threshold;
  const historyChart = chartContainer('chart-history', { height: 200 });
  const waterfall = explained ? chartContainer('waterfall', { height: 360 }) : null;
  result.append(
    current
      ? el(
          'div',
          { class: 'grid two' },
          summary(user, asOf, scoringValue),
          card(
            'Why',
            { testid: 'user-why', subtitle: 'The strongest reasons behind this score.' },
            reasonList(user.reasons),
          ),
        )
      : el(
          'div',
          { class: 'notice', testid: 'user-not-current', role: 'status' },
          `User ${id} is not in the current scoring${asOf ? ` (as of ${asOf})` : ''}: `,
          'it holds the customers active in the days before that date.',
        ),
    el(
      'div',
      { class: 'grid two' },
      historyCard(history, historyChart, threshold),
      backtestCard(user.backtest, { reasons: !current }),
    ),
    ...(explained
      ? explanationCards(
          explained,
          waterfall,
          current ? `as of ${asOf}` : `in the backtest (${explained.snapshot})`,
        )
      : []),
  );
  await Promise.all([
    history.length ? drawChart(historyChart, historySpec(history, threshold)) : null,
    explained ? drawChart(waterfall, waterfallSpec(explained)) : null,
  ]);
}

export async function renderUsers(page, { param, navigate }) {
  const { form, input } = searchForm(param, navigate);
  const result = el('div', { class: 'user-result', testid: 'user-result' });
  page.append(
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'User lookup'),
      el(
        'p',
        { class: 'lede' },
        'Look up one user to see the churn probability now, why the model thinks so, how it moved over past scorings, and what the backtest said.',
      ),
    ),
    card(null, { className: 'search-card' }, form),
    result,
  );
  if (!param) {
    input.focus();
    return;
  }
  await renderUser(result, param);
}
