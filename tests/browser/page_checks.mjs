// What the browser tests check on every page (tests/browser/dashboard.test.mjs):
// problems the page causes (console errors and warnings, uncaught errors,
// failed same-origin responses, any request to another origin), a page's
// ready state, its charts drawn, screenshots, and reading the API directly.

import assert from 'node:assert/strict';
import path from 'node:path';

export const WAIT_MS = 20000;
export const ARTIFACTS = path.resolve(process.env.CHURN_ARTIFACTS_DIR || 'test-artifacts/browser');

export const allowedOrigins = new Set();
const problems = []; // { kind, text } — console errors and warnings, page errors, bad responses, foreign requests
const expectedProblems = []; // predicates for problems a step provokes on purpose (a 404, a 401)

function record(kind, text) {
  if (expectedProblems.some((expected) => expected(kind, text))) return;
  problems.push({ kind, text });
}

function isOwnUrl(url) {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  return [...allowedOrigins].some((origin) => url === origin || url.startsWith(`${origin}/`));
}

export function watch(context) {
  context.on('request', (request) => {
    if (!isOwnUrl(request.url())) record('foreign request', request.url());
  });
  context.on('requestfailed', (request) => {
    // A download handed to the browser's download manager is "aborted" in the page.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && /format=csv/.test(request.url()))
      return;
    record('failed request', `${request.url()}: ${request.failure()?.errorText}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) record('bad response', `${response.status()} ${response.url()}`);
  });
}

export function watchPage(p) {
  p.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      record(`console ${message.type()}`, message.text());
  });
  p.on('pageerror', (error) => record('page error', error.stack || error.message));
  return p;
}

export function assertNoProblems(where) {
  const found = problems.splice(0);
  assert.deepEqual(found, [], `${where}: ${found.map((p) => `${p.kind}: ${p.text}`).join('\n')}`);
}

export async function expecting(predicate, step) {
  expectedProblems.push(predicate);
  try {
    return await step();
  } finally {
    expectedProblems.splice(expectedProblems.indexOf(predicate), 1);
  }
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/** Waits until the page's container says ready (or fails with the error banner's text). */
export async function waitForPage(p, name) {
  const container = p.locator(
    `${byTestId(`page-${name}`)}:is([data-state="ready"], [data-state="error"])`,
  );
  await container.waitFor({ timeout: WAIT_MS });
  const state = await container.getAttribute('data-state');
  if (state !== 'ready') {
    const banner = await p.locator(byTestId('error-text')).textContent();
    assert.fail(`page ${name} failed to load: ${banner}`);
  }
}

/**
 * Every chart container on the page holds a drawn chart with data marks: an
 * SVG, or a canvas (big charts) with ink on it and its mark counts in data-marks.
 */
export async function assertChartsDrawn(p, expectedIds) {
  const ids = await p.locator('.chart').evaluateAll((nodes) => nodes.map((n) => n.dataset.testid));
  assert.deepEqual([...ids].sort(), [...expectedIds].sort(), 'chart containers on the page');
  for (const id of expectedIds) {
    const chart = p.locator(`${byTestId(id)}[data-rendered="true"]`);
    await chart.waitFor({ timeout: WAIT_MS });
    const drawn = await chart.evaluate((node) => {
      const svg = node.querySelector('svg');
      const canvas = node.querySelector('canvas');
      const surface = svg || canvas;
      if (!surface) return { surface: 'none', marks: 0, width: 0, height: 0 };
      const box = surface.getBoundingClientRect();
      const counts = Object.values(JSON.parse(node.dataset.marks || '{}'));
      let inked = 0;
      if (!svg) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 3; i < pixels.data.length; i += 4) if (pixels.data[i] > 0) inked += 1;
      }
      return {
        surface: svg ? 'svg' : 'canvas',
        marks: svg
          ? svg.querySelectorAll('g.role-mark > *').length
          : counts.reduce((a, b) => a + b, 0),
        inked,
        width: box.width,
        height: box.height,
      };
    });
    assert.notEqual(drawn.surface, 'none', `chart ${id} has no <svg> and no <canvas>`);
    assert.ok(drawn.marks > 0, `chart ${id} has no marks`);
    if (drawn.surface === 'canvas') assert.ok(drawn.inked > 1000, `chart ${id}: a blank canvas`);
    assert.ok(
      drawn.width > 100 && drawn.height > 100,
      `chart ${id} is ${drawn.width}×${drawn.height} px`,
    );
  }
}

/** A full-page screenshot NAME.png in the artifacts folder. */
export async function screenshot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function apiJson(origin, apiPath) {
  const response = await fetch(`${origin}/${apiPath}`);
  return { status: response.status, body: await response.json() };
}

export const numberIn = (text) =>
  Number(
    String(text)
      .replace(/[^0-9.\-−]/g, '')
      .replace('−', '-'),
  );

/** "12.3%", as the pages write a probability. */
export const percentText = (p) => `${(p * 100).toFixed(1)}%`;

/** "12,345", as the pages write a count. */
export const countText = (n) => new Intl.NumberFormat('en-US').format(n);
