// Helpers for the browser tests: start `churn-radar serve --port 0` and wait
// for its "listening on" line, and open headless Chromium (playwright-core)
// with a fresh profile. Both are torn down by the returned close/stop.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const LISTENING = /^churn-radar serve: listening on (http:\/\/[^\s]+?)\/?$/m;
const running = new Set();

// A server must not outlive the test process, whatever way it ends.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the server; resolves to { origin, stop, output }.
 * Rejects with the server's output when it exits or stays silent for `timeoutMs`.
 */
export function startServer({ bin, config, env = {}, timeoutMs = 30000 }) {
  const childEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(childEnv))
    if (value === undefined) delete childEnv[name];
  const child = spawn(bin, ['--config', config, 'serve', '--port', '0'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `churn-radar serve printed no "listening on" line within ${timeoutMs} ms. Output:\n${output}`,
        ),
      );
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(LISTENING);
      if (match) {
        clearTimeout(timer);
        resolve({ origin: new URL(match[1]).origin, stop, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${bin}: ${error.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `churn-radar serve exited (code ${code}, signal ${signal}) before listening. Output:\n${output}`,
        ),
      );
    });
  });
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a new, empty profile; resolves to { context, close }. */
export async function openBrowser({ executablePath, viewport = { width: 1360, height: 900 } }) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'churn-radar-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      acceptDownloads: true,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  async function close() {
    try {
      await context.close();
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  }
  return { context, close };
}
