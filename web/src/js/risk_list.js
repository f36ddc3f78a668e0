// What the two lists of users by risk share (At risk now, and the backtest's
// list under Model quality): the filter form (top N, minimum risk by band or
// probability), the CSV download that sends the access token when there is
// one, and the probability bar of a row.

import { getBlob, getToken } from './api.js';
import { el, showError } from './dom.js';
import { decimal, percent } from './format.js';

export const DEFAULT_TOP = 100;
export const MAX_TOP = 100000;

const capitalized = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The choices of minimum risk: everyone, each band above the lowest (as the
 * server names them, highest first, so the page never recomputes the rule:
 * `[{ name, min_probability }]`), and a plain probability.
 */
export function minRiskOptions(bands, threshold) {
  const above = bands
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
    ...above,
    { value: '0.5', label: 'Probability ≥ 0.5' },
  ];
}

/**
 * The form of top N and minimum risk; `choice` ({ top, minRisk }) holds what
 * was applied and survives a visit to another page. Calls onApply on submit.
 */
export function listControls({ choice, bands, threshold, onApply }) {
  const topInput = el('input', {
    type: 'number',
    min: 1,
    max: MAX_TOP,
    step: 1,
    value: choice.top,
    testid: 'risk-top-input',
    id: 'risk-top',
  });
  const options = minRiskOptions(bands, threshold);
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

/** `path?top=…&min_risk=…[&order=…][&format=…]` for the choice. */
export function listQuery(path, { top, minRisk, order }, format) {
  const params = new URLSearchParams({ top: String(top), min_risk: minRisk });
  if (order) params.set('order', order);
  if (format) params.set('format', format);
  return `${path}?${params}`;
}

/**
 * A link that downloads its href as a CSV. Without a token it is a plain
 * download; with one, a link cannot send the Authorization header, so the
 * file is fetched with it and saved from a blob under `filename`.
 */
export function csvDownloadLink(filename, testid = 'csv-download') {
  const link = el('a', { class: 'button', testid, download: filename }, '⤓ Download CSV');
  link.addEventListener('click', async (event) => {
    if (!getToken()) return;
    event.preventDefault();
    let blob;
    try {
      blob = await getBlob(link.getAttribute('href'));
    } catch (error) {
      showError(`The CSV could not be downloaded: ${error.message}`);
      return;
    }
    const url = URL.createObjectURL(blob);
    const temporary = el('a', { href: url, download: link.getAttribute('download') });
    document.body.append(temporary);
    temporary.click();
    temporary.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return link;
}

/** A probability as a small bar and a percentage. */
export function probabilityCell(p) {
  const bar = el('span', { class: 'prob-bar' }, el('span', { class: 'prob-fill' }));
  bar.firstChild.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
  return el('span', { class: 'prob' }, bar, el('span', { class: 'prob-text' }, percent(p)));
}

/** The user id as a link to the user's page. */
export function userLink(id) {
  return el('a', { href: `#/users/${encodeURIComponent(id)}`, class: 'user-link' }, id);
}

/** A list's rows: each opens its user's page when clicked outside a link. */
export function userRowAttributes(testid, navigate) {
  return (r) => ({
    class: 'clickable',
    testid,
    'data-user': r.user_id,
    onclick: (event) => {
      if (!event.target.closest('a')) navigate(`#/users/${encodeURIComponent(r.user_id)}`);
    },
  });
}
