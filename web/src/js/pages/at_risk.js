// At risk now (the home page): the latest scoring of today's customers. Its
// as-of date, the users by band and their value at risk, a drift warning
// when retraining is due (and the value model's warnings), the list riskiest
// first, or by value at risk, with each user's value and reasons (filters and
// a CSV for the campaign), and who moved since the previous scoring. Without
// a scoring, a page that says how to make one.

import { getJson } from '../api.js';
import { badge, card, el, table } from '../dom.js';
import { count, decimal, percent, timestamp } from '../format.js';
import {
  DEFAULT_TOP,
  csvDownloadLink,
  listControls,
  listQuery,
  probabilityCell,
  userLink,
  userRowAttributes,
} from '../risk_list.js';
import { moversSection } from '../movers.js';
import {
  VALUE_COLUMNS,
  hasValues,
  orderControl,
  valueFigures,
  valueWarnings,
} from '../customer_value.js';

const LIST = 'api/at-risk';
const choice = { top: DEFAULT_TOP, minRisk: '0', order: undefined };
const DRIFT_NAMED = 6; // drifted features named in the warning, largest PSI first

function emptyState() {
  return card(
    'No scoring yet',
    { testid: 'at-risk-empty', className: 'empty-state' },
    el(
      'p',
      {},
      'Nobody has been scored as of today. Score the customers in the latest logs with ',
      el('code', {}, 'churn-radar score'),
      ' (it uses the model already trained; ',
      el('code', {}, 'churn-radar run'),
      ' trains and then scores), then reload this page.',
    ),
    el(
      'p',
      { class: 'muted' },
      'Meanwhile, Model quality shows how the model did on the held-out month: ',
      el('a', { href: '#/overview' }, 'the backtest'),
      '.',
    ),
  );
}

function driftNotice(drift, asOf) {
  if (!drift) return null;
  const psi = (x) => decimal(x, 2);
  if (!drift.retrain_due)
    return el(
      'p',
      { class: 'drift-ok muted', testid: 'drift-ok' },
      `No drift against the training rows: largest feature PSI ${psi(drift.max_psi)}, `,
      `score PSI ${psi(drift.score_psi)} (warning above ${psi(drift.threshold)}).`,
    );
  const drifted = drift.drifted || [];
  const what = drifted.slice(0, DRIFT_NAMED).map((d) => `${d.feature} (PSI ${psi(d.psi)})`);
  if (drifted.length > DRIFT_NAMED)
    what.push(`${drifted.length - DRIFT_NAMED} more features (drift.json has them all)`);
  if (drift.score_psi > drift.threshold)
    what.unshift(`the score itself (PSI ${psi(drift.score_psi)})`);
  return el(
    'div',
    { class: 'drift-warning', role: 'status', testid: 'drift-warning' },
    el('strong', {}, 'Retraining is due. '),
    `The customers scored as of ${asOf} no longer look like the rows the model was trained on `,
    `(population stability index above ${psi(drift.threshold)}): `,
    el('span', { testid: 'drift-what' }, what.length ? what.join(', ') : 'see drift.json'),
    '. Train again on the latest logs (',
    el('code', {}, 'churn-radar run'),
    ') before trusting these scores.',
  );
}

/** "probability ≥ 0.315", "0.157 to 0.315", "below 0.157" (bands highest first). */
function bandRange(band, higher) {
  if (!higher) return `probability ≥ ${decimal(band.min_probability)}`;
  if (band.min_probability <= 0) return `probability below ${decimal(higher.min_probability)}`;
  return `probability ${decimal(band.min_probability)} to ${decimal(higher.min_probability)}`;
}

function bandFigures(summary) {
  const figure = (label, value, detail, testid) =>
    el(
      'div',
      { class: 'kpi', testid },
      el('div', { class: 'kpi-label' }, label),
      el('div', { class: 'kpi-value' }, value),
      el('div', { class: 'kpi-detail' }, detail),
    );
  const share = (n) => (summary.users ? percent(n / summary.users) : '—');
  return el(
    'div',
    { class: 'kpi-grid four', testid: 'at-risk-bands' },
    figure(
      'Customers scored',
      count(summary.users),
      summary.cohort?.rule || `as of ${summary.as_of}`,
      'kpi-scored',
    ),
    (summary.bands || []).map((band, i, bands) =>
      figure(
        `${band.band} risk`,
        count(band.users),
        `${share(band.users)} · ${bandRange(band, bands[i - 1])}${
          band.min_probability === summary.model?.threshold ? ' (flagged)' : ''
        }`,
        `band-count-${band.band}`,
      ),
    ),
  );
}

function reasonsCell(reasons) {
  if (!reasons?.length) return el('span', { class: 'muted' }, '—');
  return el(
    'ul',
    { class: 'row-reasons' },
    reasons.map((r) => el('li', {}, r)),
  );
}

function riskTable(users, navigate, withValues) {
  return table(
    [
      { label: '#', value: (r) => r.rank, numeric: true },
      { label: 'User', value: (r) => userLink(r.user_id) },
      { label: 'Probability', value: (r) => probabilityCell(r.probability), numeric: true },
      { label: 'Band', value: (r) => badge(r.band, `risk-${r.band}`) },
      ...(withValues ? VALUE_COLUMNS : []),
      { label: 'Campaign', value: (r) => (r.flagged ? 'Flagged' : '—') },
      { label: 'Why', value: (r) => reasonsCell(r.reasons) },
    ],
    users.map((u, i) => ({ ...u, rank: i + 1 })),
    {
      testid: 'at-risk-table',
      scroll: true,
      rowAttributes: userRowAttributes('at-risk-row', navigate),
    },
  );
}

function userSearch(navigate) {
  const input = el('input', {
    type: 'search',
    id: 'at-risk-user',
    placeholder: 'User id',
    testid: 'at-risk-user-input',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = el(
    'form',
    { class: 'controls', testid: 'at-risk-user-form' },
    el('label', { for: 'at-risk-user' }, 'Find a user', input),
    el('button', { type: 'submit', class: 'button', testid: 'at-risk-user-button' }, 'Look up'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (id) navigate(`#/users/${encodeURIComponent(id)}`);
  });
  return form;
}

function pageHead(summary) {
  const facts = [`scored ${timestamp(summary.scored_at)}`];
  if (summary.logs?.last_event) facts.push(`logs up to ${summary.logs.last_event}`);
  facts.push(
    summary.previous_as_of ? `previous scoring ${summary.previous_as_of}` : 'the first scoring',
  );
  return el(
    'div',
    { class: 'page-head' },
    el('h2', {}, 'At risk now'),
    el(
      'p',
      { class: 'as-of-line' },
      'As of ',
      el('strong', { testid: 'as-of' }, summary.as_of),
      el('span', { class: 'muted' }, ` · ${facts.join(' · ')}`),
    ),
    el(
      'p',
      { class: 'lede' },
      `Today’s customers, scored by ${summary.model?.type || 'the model'} with their reasons: `,
      'the list a retention campaign starts from. Click a user for the history and the explanation.',
    ),
  );
}

export async function renderAtRisk(page, { navigate, reportError }) {
  const scorings = await getJson('api/scorings');
  if (!scorings.current) {
    page.append(el('div', { class: 'page-head' }, el('h2', {}, 'At risk now')), emptyState());
    return;
  }
  const listPath = () => listQuery(LIST, choice);
  // Without a chosen order the list comes in the scoring's own (value.rank_by).
  const [summary, firstList] = await Promise.all([
    getJson('api/scorings/latest'),
    getJson(listPath()),
  ]);
  const withValues = hasValues(summary.value);
  choice.order = withValues ? firstList.order : undefined;
  const threshold = summary.model?.threshold;
  const bands = (summary.bands || []).map((b) => ({
    name: b.band,
    min_probability: b.min_probability,
  }));
  const listSummary = el('p', { class: 'table-summary', testid: 'at-risk-summary' });
  const holder = el('div', { testid: 'at-risk-table-holder' });
  const link = csvDownloadLink(`churn_at_risk_${summary.as_of}.csv`);

  function show(answer) {
    link.setAttribute('href', listQuery(LIST, choice, 'csv'));
    const users = answer.users || [];
    const order =
      answer.order === 'value_at_risk' ? 'highest value at risk first' : 'riskiest first';
    listSummary.textContent = `Showing ${count(users.length)} of ${count(answer.total)} customers with probability ≥ ${decimal(answer.min_probability)}, ${order}. Flagged for the campaign at ≥ ${decimal(threshold)}.`;
    holder.replaceChildren(
      users.length
        ? riskTable(users, navigate, withValues)
        : el('p', { class: 'muted', testid: 'at-risk-none' }, 'No customer reaches this risk.'),
    );
  }
  const reload = () => getJson(listPath()).then(show).catch(reportError);

  page.append(
    pageHead(summary),
    driftNotice(summary.drift, summary.as_of),
    valueWarnings(summary.value),
    bandFigures(summary),
    valueFigures(summary.value),
    card(
      null,
      { className: 'toolbar' },
      listControls({ choice, bands, threshold, onApply: reload }),
      withValues ? orderControl(choice, reload) : null,
      userSearch(navigate),
      link,
    ),
    card(null, { testid: 'at-risk-list' }, listSummary, holder),
    moversSection(summary.changes),
  );
  show(firstList);
}
