// User lookup page (#/users and #/users/ID): one user's churn probability,
// risk band, the reasons in words, the SHAP waterfall from the base value to
// the model's margin, and the user's raw features.

import { ApiError, getJson } from '../api.js';
import { chartContainer, drawChart } from '../charts.js';
import { badge, card, el, table } from '../dom.js';
import { decimal, featureValue, percent, signed } from '../format.js';
import { waterfallSpec } from '../shap_specs.js';

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

function riskBadge(band) {
  const kind = ['high', 'medium', 'low'].includes(band) ? band : 'muted';
  return badge(`${band || 'unknown'} risk`, `risk-${kind}`, 'user-risk-band');
}

function summary(user) {
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
        el('div', { class: 'kpi-label' }, 'Churn probability'),
        el('div', { class: 'probability', testid: 'user-probability' }, percent(user.probability)),
      ),
      riskBadge(user.risk_band),
    ),
    el(
      'div',
      { class: 'facts-row' },
      fact('User', user.user_id, 'user-id'),
      fact('Snapshot', user.snapshot || '—'),
      fact(
        'Threshold',
        `${decimal(user.threshold)} · ${flagged ? 'flagged for the campaign' : 'not flagged'}`,
        'user-flagged',
      ),
    ),
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
  const waterfall = chartContainer('waterfall', { height: 360 });
  result.append(
    el(
      'div',
      { class: 'grid two' },
      summary(user),
      card(
        'Why',
        { testid: 'user-why', subtitle: 'The strongest reasons behind this prediction.' },
        reasonList(user.reasons),
      ),
    ),
    card(
      'Explanation',
      {
        subtitle:
          `SHAP waterfall: from the base value ${decimal(user.base_value)} (the average user) through the largest contributions ` +
          `to this user's margin ${decimal(margin(user))}, in log-odds before calibration.`,
      },
      waterfall,
    ),
    card(
      'Features',
      { subtitle: 'Raw feature values at the snapshot, by size of their SHAP value.' },
      featureTable(user),
    ),
  );
  await drawChart(waterfall, waterfallSpec(user));
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
        'Look up one user to see the churn probability, the risk band and why the model thinks so.',
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
