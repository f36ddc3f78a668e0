// Top-risk page: the users most likely to churn, filtered by a minimum risk,
// with a CSV download for the CRM; a row opens the user's explanation.

import { getBlob, getJson, getToken } from '../api.js';
import { badge, card, el, showError, table } from '../dom.js';
import { count, decimal, flagLabel, percent } from '../format.js';

const DEFAULT_TOP = 100;
const MAX_TOP = 100000;
const choice = { top: DEFAULT_TOP, minRisk: '0' };

function query({ top, minRisk }, format) {
  const params = new URLSearchParams({ top: String(top), min_risk: minRisk });
  if (format) params.set('format', format);
  return `api/users?${params}`;
}

const capitalized = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The choices of minimum risk: everyone, each band the server names above the
 * lowest (`risk_bands` of api/health, highest first, so the page never
 * recomputes the rule), and a plain probability.
 */
function minRiskOptions(riskBands, threshold) {
  const bands = riskBands
    .filter((band) => band.min_probability > 0)
    .reverse()
    .map((band) => {
      const floor = `≥ ${decimal(band.min_probability)}`;
      const flagged = band.min_probability === threshold;
      return {
        value: band.name,
        label: flagged
          ? `${capitalized(band.name)} band: flagged (${floor})`
          : `${capitalized(band.name)} band and above (${floor})`,
      };
    });
  return [
    { value: '0', label: 'Everyone' },
    ...bands,
    { value: '0.5', label: 'Probability ≥ 0.5' },
  ];
}

function controls(riskBands, threshold, onApply) {
  const topInput = el('input', {
    type: 'number',
    min: 1,
    max: MAX_TOP,
    step: 1,
    value: choice.top,
    testid: 'risk-top-input',
    id: 'risk-top',
  });
  const options = minRiskOptions(riskBands, threshold);
  if (!options.some((o) => o.value === choice.minRisk)) choice.minRisk = '0';
  const minSelect = el(
    'select',
    { testid: 'risk-min-select', id: 'risk-min' },
    options.map((o) =>
      el('option', { value: o.value, selected: o.value === choice.minRisk }, o.label),
    ),
  );
  const apply = el(
    'button',
    { type: 'submit', class: 'button primary', testid: 'risk-apply' },
    'Show',
  );
  const form = el(
    'form',
    { class: 'controls', testid: 'risk-controls' },
    el('label', { for: 'risk-top' }, 'Top', topInput),
    el('label', { for: 'risk-min' }, 'Minimum risk', minSelect),
    apply,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const top = Math.min(MAX_TOP, Math.max(1, Math.round(Number(topInput.value) || DEFAULT_TOP)));
    topInput.value = String(top);
    choice.top = top;
    choice.minRisk = minSelect.value;
    onApply();
  });
  return form;
}

function downloadLink() {
  const link = el(
    'a',
    { class: 'button', testid: 'csv-download', download: 'churn_risk_top.csv' },
    '⤓ Download CSV',
  );
  link.addEventListener('click', async (event) => {
    if (!getToken()) return; // a plain download; the server needs no token
    event.preventDefault();
    let blob;
    try {
      blob = await getBlob(link.getAttribute('href'));
    } catch (error) {
      showError(`The CSV could not be downloaded: ${error.message}`);
      return;
    }
    const url = URL.createObjectURL(blob);
    const temporary = el('a', { href: url, download: 'churn_risk_top.csv' });
    document.body.append(temporary);
    temporary.click();
    temporary.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return link;
}

function probabilityCell(p) {
  const bar = el('span', { class: 'prob-bar' }, el('span', { class: 'prob-fill' }));
  bar.firstChild.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
  return el('span', { class: 'prob' }, bar, el('span', { class: 'prob-text' }, percent(p)));
}

function riskTable(users, navigate) {
  const open = (id) => navigate(`#/users/${encodeURIComponent(id)}`);
  return table(
    [
      { label: '#', value: (r) => r.rank, numeric: true },
      {
        label: 'User',
        value: (r) =>
          el(
            'a',
            { href: `#/users/${encodeURIComponent(r.user_id)}`, class: 'user-link' },
            r.user_id,
          ),
      },
      { label: 'Snapshot', value: (r) => r.snapshot || '—' },
      { label: 'Probability', value: (r) => probabilityCell(r.probability), numeric: true },
      { label: 'Risk band', value: (r) => badge(r.risk_band, `risk-${r.risk_band}`) },
      { label: 'Campaign', value: (r) => flagLabel(r.label) },
    ],
    users.map((u, i) => ({ ...u, rank: i + 1 })),
    {
      testid: 'risk-table',
      scroll: true,
      rowAttributes: (r) => ({
        class: 'clickable',
        testid: 'risk-row',
        'data-user': r.user_id,
        onclick: (event) => {
          if (!event.target.closest('a')) open(r.user_id);
        },
      }),
    },
  );
}

export async function renderTopRisk(page, { navigate, reportError }) {
  const health = await getJson('api/health');
  const threshold = health.threshold;
  const summary = el('p', { class: 'table-summary', testid: 'risk-summary' });
  const holder = el('div', { testid: 'risk-table-holder' });
  const link = downloadLink();

  async function load() {
    link.setAttribute('href', query(choice, 'csv'));
    const answer = await getJson(query(choice));
    const users = answer.users || [];
    summary.textContent = `Showing ${count(users.length)} of ${count(answer.total)} users matching, highest probability first. Threshold in use: ${decimal(threshold)}.`;
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
      el('h2', {}, 'Top-risk users'),
      el(
        'p',
        { class: 'lede' },
        'The scored users most likely to churn: the list a retention campaign starts from. Click a user for the reasons.',
      ),
    ),
    card(
      null,
      { className: 'toolbar' },
      controls(health.risk_bands || [], threshold, () => load().catch(reportError)),
      link,
    ),
    card(null, {}, summary, holder),
  );
  await load();
}
