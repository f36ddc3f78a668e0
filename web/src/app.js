// The dashboard's entry point: the hash router (#/overview, #/users/ID …),
// the header's model summary, the error banner and the access-token form.
// Each page marks its container data-state="loading" | "ready" | "error".

import { ApiError, adoptTokenFromUrl, getJson, setToken } from './js/api.js';
import { clearError, el, showError } from './js/dom.js';
import { count, decimal, timestamp } from './js/format.js';
import { renderCurves } from './js/pages/curves.js';
import { renderImportances } from './js/pages/importances.js';
import { renderOverview } from './js/pages/overview.js';
import { renderThreshold } from './js/pages/threshold.js';
import { renderTopRisk } from './js/pages/top_risk.js';
import { renderUsers } from './js/pages/users.js';

const PAGES = {
  overview: { title: 'Overview', render: renderOverview },
  curves: { title: 'Curves', render: renderCurves },
  threshold: { title: 'Threshold explorer', render: renderThreshold },
  importances: { title: 'Importances', render: renderImportances },
  users: { title: 'User lookup', render: renderUsers },
  'top-risk': { title: 'Top risk', render: renderTopRisk },
};
const DEFAULT_PAGE = 'overview';

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
  const [name, ...rest] = path.split('/');
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
  document.title = `${page.title} · E-Comm Churn Radar`;
  try {
    await page.render(container, { param, navigate, reportError });
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
    `${count(health.users)} users scored`,
    `${count(health.features)} features`,
    `trained ${timestamp(health.model_created_at)}`,
  ];
  return parts.join(' · ');
}

async function loadModelSummary() {
  const summary = document.querySelector('[data-testid="model-summary"]');
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
