// Backtest list (Model quality): the users of the held-out test month most
// likely to churn, as the backtest scored them, filtered by a minimum risk,
// with a CSV download; a row opens the user. Today's list is At risk now.

import { getJson } from '../api.js';
import { badge, card, el, table } from '../dom.js';
import { count, decimal, flagLabel } from '../format.js';
import {
  DEFAULT_TOP,
  csvDownloadLink,
  listControls,
  listQuery,
  probabilityCell,
  userLink,
  userRowAttributes,
} from '../risk_list.js';

const LIST = 'api/backtest/users';
const choice = { top: DEFAULT_TOP, minRisk: '0' };

function riskTable(users, navigate) {
  return table(
    [
      { label: '#', value: (r) => r.rank, numeric: true },
      { label: 'User', value: (r) => userLink(r.user_id) },
      { label: 'Snapshot', value: (r) => r.snapshot || '—' },
      { label: 'Probability', value: (r) => probabilityCell(r.probability), numeric: true },
      { label: 'Risk band', value: (r) => badge(r.risk_band, `risk-${r.risk_band}`) },
      { label: 'Campaign', value: (r) => flagLabel(r.label) },
    ],
    users.map((u, i) => ({ ...u, rank: i + 1 })),
    {
      testid: 'risk-table',
      scroll: true,
      rowAttributes: userRowAttributes('risk-row', navigate),
    },
  );
}

export async function renderBacktestUsers(page, { navigate, reportError }) {
  const health = await getJson('api/health');
  const threshold = health.threshold;
  const summary = el('p', { class: 'table-summary', testid: 'risk-summary' });
  const holder = el('div', { testid: 'risk-table-holder' });
  const link = csvDownloadLink('churn_risk_top.csv');
  const bands = (health.risk_bands || []).map((b) => ({
    name: b.name,
    min_probability: b.min_probability,
  }));

  async function load() {
    link.setAttribute('href', listQuery(LIST, choice, 'csv'));
    const answer = await getJson(listQuery(LIST, choice));
    const users = answer.users || [];
    summary.textContent = `Showing ${count(users.length)} of ${count(answer.total)} test users matching, highest probability first. Threshold in use: ${decimal(threshold)}.`;
    holder.replaceChildren(
      users.length
        ? riskTable(users, navigate)
        : el('p', { class: 'muted', testid: 'risk-empty' }, 'No user matches this minimum risk.'),
    );
  }

  page.append(
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'Backtest list'),
      el(
        'p',
        { class: 'lede' },
        'The users of the held-out test month, riskiest first, as the backtest scored them: ',
        'their outcome is already in the logs, so this list judges the model. ',
        'Today’s customers are on ',
        el('a', { href: '#/at-risk' }, 'At risk now'),
        '.',
      ),
    ),
    card(
      null,
      { className: 'toolbar' },
      listControls({ choice, bands, threshold, onApply: () => load().catch(reportError) }),
      link,
    ),
    card(null, {}, summary, holder),
  );
  await load();
}
