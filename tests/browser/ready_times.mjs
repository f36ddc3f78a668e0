// How long each dashboard page takes to be ready in headless Chromium: a
// fresh load of the page (from about:blank) until its container says
// data-state="ready" and every chart on it is drawn. Not a test: a
// measurement to run against a big demo (the budget is 2 s a page
// on the 200,000-user demo), e.g.
//   CHURN_RADAR_BIN=build/dev/bin/churn-radar CHURN_RADAR_CONFIG=/tmp/big/config.yaml \
//     node tests/browser/ready_times.mjs [--runs 3] [--pages at-risk,importances] [--budget-ms 2000]
// It prints one line per page (the median and every run, in ms) and exits 1
// when a median is over --budget-ms. --no-brotli asks the server for gzip
// only (Chromium offers br, which the server compresses per request at
// brotli's default quality: about 0.75 s for vega.min.js on this machine).

import { parseArgs } from 'node:util';
import { openBrowser, startServer } from './serve.mjs';

const ROUTES = {
  'at-risk': 'at-risk',
  users: 'users',
  overview: 'overview',
  curves: 'curves',
  threshold: 'threshold',
  importances: 'importances',
  'backtest-users': 'backtest-users',
  'rolling-backtest': 'rolling-backtest',
};

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    pages: { type: 'string', default: Object.keys(ROUTES).join(',') },
    user: { type: 'string', default: '' },
    'budget-ms': { type: 'string', default: '' },
    'no-brotli': { type: 'boolean', default: false },
  },
});

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function firstUser(origin) {
  for (const path of ['api/at-risk?top=1', 'api/backtest/users?top=1', 'api/users?top=1']) {
    const response = await fetch(`${origin}/${path}`);
    if (response.ok) return (await response.json()).users[0].user_id;
  }
  throw new Error('no list of users to take one from');
}

async function timeOnce(page, origin, route, name) {
  await page.goto('about:blank');
  const start = performance.now();
  await page.goto(`${origin}/#/${route}`, { waitUntil: 'commit' });
  await page
    .locator(`[data-testid="page-${name}"]:is([data-state="ready"], [data-state="error"])`)
    .waitFor({ timeout: 60000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('.chart')].every((c) => c.dataset.rendered === 'true'),
    null,
    { timeout: 60000 },
  );
  const elapsed = performance.now() - start;
  const state = await page.locator(`[data-testid="page-${name}"]`).getAttribute('data-state');
  if (state !== 'ready') throw new Error(`page ${name} ended in state ${state}`);
  return elapsed;
}

async function main() {
  const server = await startServer({
    bin: process.env.CHURN_RADAR_BIN,
    config: process.env.CHURN_RADAR_CONFIG,
    env: { CHURN_RADAR_TOKEN: undefined },
    timeoutMs: 120000,
  });
  const browser = await openBrowser({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  });
  let over = false;
  try {
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    if (values['no-brotli']) await page.setExtraHTTPHeaders({ 'accept-encoding': 'gzip, deflate' });
    const user = values.user || (await firstUser(server.origin));
    for (const name of values.pages.split(',')) {
      const route = name === 'users' ? `users/${encodeURIComponent(user)}` : ROUTES[name] || name;
      const times = [];
      for (let i = 0; i < Number(values.runs); i += 1)
        times.push(await timeOnce(page, server.origin, route, name));
      const middle = median(times);
      if (values['budget-ms'] && middle > Number(values['budget-ms'])) over = true;
      console.log(
        `${name.padEnd(16)} median ${middle.toFixed(0).padStart(6)} ms   runs ${times.map((t) => t.toFixed(0)).join(', ')}`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  process.exitCode = over ? 1 : 0;
}

await main();
