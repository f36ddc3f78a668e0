// Customer value on the pages of today's customers (summary.json's `value`,
// and each user's values from the API): the value at risk in total and by
// band, the value model's warnings, the order of the at-risk list, its value
// columns, and one user's P(alive), expected purchases and value. Without a
// value model each says so in one sentence, with the scoring's why_not.

import { el } from './dom.js';
import { count, decimal, money, percent } from './format.js';

export const ORDERS = [
  { value: 'probability', label: 'Churn risk' },
  { value: 'value_at_risk', label: 'Value at risk' },
];

/** Whether the scoring has customer values (summary.json's value.available). */
export function hasValues(value) {
  return Boolean(value?.available);
}

/** "(next 90 days)": the horizon of a summary's value block. */
function horizonText(value) {
  return `(next ${count(value?.horizon_days)} days)`;
}

/** One sentence: why the scoring has no customer values. */
export function noValuesNotice(value, testid = 'value-unavailable') {
  const why = value?.why_not || 'this scoring was made before customer values';
  return el(
    'p',
    { class: 'value-unavailable muted', testid },
    `No customer value for this scoring: ${why}.`,
  );
}

function figure(label, value, detail, testid) {
  return el(
    'div',
    { class: 'kpi', testid },
    el('div', { class: 'kpi-label' }, label),
    el('div', { class: 'kpi-value' }, value),
    el('div', { class: 'kpi-detail' }, detail),
  );
}

/**
 * The value at risk (churn probability × expected value) in total and by
 * band, beside the counts by band; or why there is none.
 */
export function valueFigures(value) {
  if (!hasValues(value)) return noValuesNotice(value);
  return el(
    'div',
    { class: 'kpi-grid four', testid: 'value-figures' },
    figure(
      'Value at risk',
      money(value.value_at_risk),
      `of ${money(value.expected_value)} expected from ${count(value.customers)} customers ${horizonText(value)}`,
      'value-at-risk-total',
    ),
    (value.by_band || []).map((band) =>
      figure(
        `${band.band} risk: value at risk`,
        money(band.value_at_risk),
        `of ${money(band.expected_value)} expected from ${count(band.users)} users`,
        `value-at-risk-${band.band}`,
      ),
    ),
  );
}

/** The value model's warnings, shown as the drift warning is; null without any. */
export function valueWarnings(value) {
  const warnings = hasValues(value) ? value.warnings || [] : [];
  if (!warnings.length && (!hasValues(value) || value.converged !== false)) return null;
  const what = warnings.length ? warnings : ['the fit did not converge'];
  return el(
    'div',
    { class: 'drift-warning', role: 'status', testid: 'value-warning' },
    el('strong', {}, 'Customer values are uncertain. '),
    `The value model says: ${what.join('; ')}.`,
  );
}

/** The select of the list's order; `choice.order` holds what was chosen. */
export function orderControl(choice, onChange) {
  const select = el(
    'select',
    { testid: 'risk-order-select', id: 'risk-order' },
    ORDERS.map((o) =>
      el('option', { value: o.value, selected: o.value === choice.order }, o.label),
    ),
  );
  select.addEventListener('change', () => {
    choice.order = select.value;
    onChange();
  });
  return el('div', { class: 'controls' }, el('label', { for: 'risk-order' }, 'Order by', select));
}

/** The at-risk table's value columns. */
export const VALUE_COLUMNS = [
  { label: 'Expected value', value: (r) => money(r.expected_value), numeric: true },
  { label: 'Value at risk', value: (r) => money(r.value_at_risk), numeric: true },
];

/** One user's facts: P(alive), expected purchases and value over the horizon. */
export function userValueFacts(value, summaryValue, fact) {
  if (!value) return [];
  const horizon = summaryValue ? ` ${horizonText(summaryValue)}` : '';
  return [
    fact(
      'P(alive)',
      value.p_alive === null ? 'never bought' : percent(value.p_alive),
      'user-p-alive',
    ),
    fact(`Expected purchases${horizon}`, decimal(value.expected_purchases, 2), 'user-purchases'),
    fact(`Expected value${horizon}`, money(value.expected_value), 'user-expected-value'),
    fact('Value at risk', money(value.value_at_risk), 'user-value-at-risk'),
  ];
}
