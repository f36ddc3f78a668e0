// Copies of the `served` demo for the browser tests, in a temporary folder:
// its config and models, its logs linked. `scoredTwice` scores it two weeks
// before the served scoring's as-of date and then as of that date, so At
// risk now has movers and each user a history of two points; `unscored` has
// no scoring at all (the empty state). Each resolves to { config, remove }.

import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function copyDemo(config) {
  const source = path.dirname(config);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'churn-radar-browser-demo-'));
  await cp(config, path.join(folder, 'config.yaml'));
  await cp(path.join(source, 'models'), path.join(folder, 'models'), { recursive: true });
  await symlink(path.join(source, 'raw'), path.join(folder, 'raw'));
  return {
    config: path.join(folder, 'config.yaml'),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

async function score(bin, config, asOf) {
  const args = ['--quiet', '--config', config, 'score'];
  if (asOf) args.push('--as-of', asOf);
  try {
    await run(bin, args);
  } catch (error) {
    throw new Error(`churn-radar ${args.join(' ')} failed:\n${error.stderr || error.message}`);
  }
}

/** "2020-01-01" minus `days`, as YYYY-MM-DD. */
function daysBefore(date, days) {
  const time = Date.parse(`${date}T00:00:00Z`) - days * 24 * 60 * 60 * 1000;
  return new Date(time).toISOString().slice(0, 10);
}

export async function scoredTwice({ bin, config, asOf }) {
  const copy = await copyDemo(config);
  try {
    await score(bin, copy.config, daysBefore(asOf, 14));
    await score(bin, copy.config, asOf);
  } catch (error) {
    await copy.remove();
    throw error;
  }
  return copy;
}

export function unscored({ config }) {
  return copyDemo(config);
}
