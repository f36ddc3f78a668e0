// The dashboard's entry point: the hash router (#/at-risk, #/users/ID …),
// the header's model summary, the error banner and the access-token form.
// Each page marks its container data-state="loading" | "ready" | "error".
// The pages of Model quality (the backtest on the held-out month) carry a
// note naming that month's cutoff; the Rolling backtest, over every cutoff,
// its own.

import { ApiError, adoptTokenFromUrl, getArtifact, getJson, setToken } from './js/api.js';
import { loadChartLibrary } from './js/charts.js';
import { clearError, el, showError } from './js/dom.js';
import { count, decimal, timestamp } from './js/format.js';
import { renderAtRisk } from './js/pages/at_risk.js';
import { renderBacktestUsers } from './js/pages/backtest_users.js';
import { renderCurves } from './js/pages/curves.js';
import { renderImportances } from './js/pages/importances.js';
import { renderOverview } from './js/pages/overview.js';
import { renderRollingBacktest } from './js/pages/rolling_backtest.js';
import { renderThreshold } from './js/pages/threshold.js';
import { renderUsers } from './js/pages/users.js';

// charts: the page draws charts, so the chart library starts loading at once.
// note: a Model quality page's own line atop it, instead of the held-out month's.
const PAGES = {
  'at-risk': { title: 'At risk now', render: renderAtRisk },
  users: { title: 'User lookup', render: renderUsers, charts: true },
  overview: { title: 'Overview', render: renderOverview, charts: true, quality: true },
  curves: { title: 'Curves', render: renderCurves, charts: true, quality: true },
  threshold: { title: 'Threshold explorer', render: renderThreshold, charts: true, quality: true },
  importances: { title: 'Importances', render: renderImportances, charts: true, quality: true },
  'backtest-users': { title: 'Backtest list', render: renderBacktestUsers, quality: true },
  'rolling-backtest': {
    title: 'Rolling backtest',
    render: renderRollingBacktest,
    charts: true,
    quality: true,
    note: 'every cutoff in turn as the test, each model fitted and chosen only on the cutoffs before it.',
  },
};
// Old addresses keep working.
const ALIASES = { 'top-risk': 'backtest-users' };
const DEFAULT_PAGE = 'at-risk';

let renderCount = 0;

/** A malformed escape (#/users/%E0) is kept as typed rather than thrown. */
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** "#/users/500000003?x=1" → { name: 'users', param: '500000003' }. */
function parseRoute(hash) {
  const path = hash.replace(/^#\/?/, '').split('?')[0];
  const [typed, ...rest] = path.split('/');
  const name = ALIASES[typed] || typed;
  const param = rest.length ? safeDecode(rest.join('/')) : '';
  return PAGES[name] ? { name, param } : { name: DEFAULT_PAGE, param: '' };
}

function navigate(hash) {
  if (window.location.hash === hash) renderRoute();
  else window.location.hash = hash;
}

function markActiveTab(name) {
  for (const tab of document.querySelectorAll('.tab')) {
    const active = tab.dataset.route === name;
    tab.classList.toggle('active', active);
    if (active) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}

function showTokenForm() {
  const form = document.querySelector('[data-testid="token-form"]');
  form.hidden = false;
  form.querySelector('input').focus();
}

function reportError(error) {
  if (error instanceof ApiError && error.status === 401) {
    showError('This server needs an access token: enter it below.');
    showTokenForm();
    return;
  }
  showError(error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`);
}

/** The test snapshot's cutoff (the held-out month) from metrics.json. */
function testCutoff(metrics) {
  const entries = metrics?.snapshots?.test || [];
  const last = entries[entries.length - 1];
  if (!last) return null;
  return typeof last === 'string' ? last : last.cutoff || last.date || null;
}

/** The line atop every Model quality page: what the backtest is. */
async function qualityNote(page) {
  const note = el(
    'p',
    { class: 'section-note', testid: 'quality-note' },
    el('strong', {}, 'Model quality'),
    page.note ? ` · ${page.note}` : ' · the test on the held-out month',
  );
  if (page.note) return note;
  const cutoff = testCutoff(await getArtifact('api/metrics'));
  if (cutoff)
    note.append(
      `: the users as of `,
      el('strong', { testid: 'quality-note-cutoff' }, cutoff),
      ', scored by a model that never saw them, against whether they churned. ',
      'Today’s customers are on ',
      el('a', { href: '#/at-risk' }, 'At risk now'),
      '.',
    );
  return note;
}

async function renderRoute() {
  const { name, param } = parseRoute(window.location.hash);
  const page = PAGES[name];
  const ticket = ++renderCount;
  const main = document.getElementById('page');
  const container = el('div', {
    class: 'page-body',
    testid: `page-${name}`,
    'data-state': 'loading',
  });
  main.replaceChildren(container);
  markActiveTab(name);
  clearError();
  document.title = `${page.title}${page.quality ? ' · Model quality' : ''} · E-Comm Churn Radar`;
  if (page.charts) loadChartLibrary().catch(() => {}); // drawChart reports a failure
  try {
    if (page.quality) {
      const [note] = await Promise.all([
        qualityNote(page),
        page.render(container, { param, navigate, reportError }),
      ]);
      container.prepend(note);
    } else await page.render(container, { param, navigate, reportError });
    if (ticket === renderCount) container.dataset.state = 'ready';
  } catch (error) {
    if (ticket !== renderCount) return;
    container.dataset.state = 'error';
    reportError(error);
  }
}

function describeModel(health) {
  const parts = [
    `Model ${health.model}`,
    health.calibration && health.calibration !== 'none'
      ? `${health.calibration} calibration`
      : 'uncalibrated',
    `threshold ${decimal(health.threshold)}`,
    `${count(health.users)} test users`,
    `${count(health.features)} features`,
    `trained ${timestamp(health.model_created_at)}`,
  ];
  return parts.join(' · ');
}

/** The navigation's Model quality label names the held-out month. */
async function labelModelQuality() {
  const label = document.querySelector('[data-testid="quality-cutoff"]');
  try {
    const cutoff = testCutoff(await getArtifact('api/metrics'));
    label.textContent = cutoff ? `test on the held-out month, ${cutoff}` : 'the backtest';
  } catch {
    label.textContent = 'the backtest';
  }
}

async function loadModelSummary() {
  const summary = document.querySelector('[data-testid="model-summary"]');
  labelModelQuality();
  try {
    const health = await getJson('api/health');
    summary.textContent = describeModel(health);
    if (health.version)
      document.querySelector('[data-testid="footer-version"]').textContent =
        `churn-radar ${health.version}`;
  } catch (error) {
    summary.textContent = 'Model summary unavailable';
    if (error instanceof ApiError && error.status === 401) showTokenForm();
  }
}

function wireTokenForm() {
  const form = document.querySelector('[data-testid="token-form"]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.querySelector('input');
    setToken(input.value.trim());
    input.value = '';
    form.hidden = true;
    loadModelSummary();
    renderRoute();
  });
}

function wireBanner() {
  document.querySelector('.banner-close').addEventListener('click', clearError);
}

function start() {
  adoptTokenFromUrl();
  wireTokenForm();
  wireBanner();
  window.addEventListener('hashchange', () => {
    adoptTokenFromUrl();
    renderRoute();
  });
  loadModelSummary();
  renderRoute();
}

start();
