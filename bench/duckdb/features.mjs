#!/usr/bin/env node
// DuckDB's side of bench/feature_engine_vs_duckdb.sh: the per-user features
// and churn labels of `churn-radar features`, as one SQL job over the same
// REES46-layout CSV files, written in full to a CSV file so that no work can
// be skipped. Benchmark-only; never a dependency of the product.
//
//   node features.mjs --logs DIR --out FILE [--threads N] [--cutoff YYYY-MM-DD]
//                     [--qualifying any|purchase] [--cohort-days N]
//                     [--memory-limit 4GB] [--features all|seed]
//
// The defaults follow configs/config.yaml: one snapshot at the start of the
// last monthly file (the first with a whole label window after it), labels
// over that calendar month, any event counts as staying, rows for users
// active in the 30 days before the cutoff. The wall time of the whole job
// (reading the logs included) goes to stdout as `duckdb_seconds <s>`.

import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const kSecondsPerDay = 86400;
const kMonths = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

function Usage(message) {
  console.error(`features.mjs: ${message}`);
  console.error(
    'usage: node features.mjs --logs DIR --out FILE [--threads N] [--cutoff YYYY-MM-DD] ' +
      '[--qualifying any|purchase] [--cohort-days N] [--memory-limit SIZE] [--features all|seed]',
  );
  process.exit(2);
}

// Monthly files named like churn-radar reads them (2019-Oct.csv), in order.
function MonthlyFiles(folder) {
  const pattern = /^(\d{4})-([A-Z][a-z]{2})\.csv$/;
  const files = [];
  for (const name of readdirSync(folder)) {
    const match = pattern.exec(name);
    if (match && kMonths.includes(match[2])) {
      files.push({
        file: path.join(folder, name),
        month: Date.UTC(Number(match[1]), kMonths.indexOf(match[2]), 1) / 1000,
      });
    }
  }
  files.sort((left, right) => left.month - right.month);
  if (files.length < 2) {
    Usage(`${folder}: need at least two monthly files like 2019-Oct.csv (plain CSV)`);
  }
  return files;
}

function OneMonthLater(seconds) {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000;
}

function SqlString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

function ParseOptions() {
  const { values } = parseArgs({
    options: {
      logs: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string', default: '2' },
      cutoff: { type: 'string' },
      qualifying: { type: 'string', default: 'any' },
      'cohort-days': { type: 'string', default: '30' },
      'memory-limit': { type: 'string' },
      features: { type: 'string', default: 'all' },
    },
  });
  if (!values.logs || !values.out) Usage('--logs and --out are required');
  if (!['any', 'purchase'].includes(values.qualifying)) Usage('--qualifying: any or purchase');
  if (!['all', 'seed'].includes(values.features)) Usage('--features: all or seed');
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) Usage('--threads: a positive integer');
  const files = MonthlyFiles(values.logs);
  let cutoff = files[files.length - 1].month;
  if (values.cutoff) {
    cutoff = Date.parse(`${values.cutoff}T00:00:00Z`) / 1000;
    if (!Number.isFinite(cutoff)) Usage('--cutoff: YYYY-MM-DD');
  }
  // A monthly file holds that month's events only, so each part of the job
  // reads just the files that can hold its events (the filters on time stay).
  return {
    logsStart: files[0].month,
    observationFiles: files.filter((entry) => entry.month < cutoff).map((entry) => entry.file),
    labelFiles: files
      .filter((entry) => entry.month < OneMonthLater(cutoff) && OneMonthLater(entry.month) > cutoff)
      .map((entry) => entry.file),
    out: values.out,
    threads,
    cutoff,
    labelEnd: OneMonthLater(cutoff),
    cohortStart: cutoff - Number(values['cohort-days']) * kSecondsPerDay,
    purchaseOnly: values.qualifying === 'purchase',
    memoryLimit: values['memory-limit'],
    allFeatures: values.features === 'all',
  };
}

function ReadCsvSql(files) {
  return `read_csv([${files.map(SqlString).join(', ')}], header = true, delim = ',', quote = '"',
              auto_detect = false,
              columns = {'event_time': 'TIMESTAMP', 'event_type': 'VARCHAR',
                         'product_id': 'BIGINT', 'category_id': 'BIGINT',
                         'category_code': 'VARCHAR', 'brand': 'VARCHAR', 'price': 'DOUBLE',
                         'user_id': 'BIGINT', 'user_session': 'VARCHAR'})`;
}

// The observation window's events (everything before the cutoff), compact:
// seconds, a kind code, and the session id hashed (a missing one is a visit
// per day, as in churn-radar). Read once into a table: scanning the CSV files
// again for the sessions cost more than materialising the rows.
function EventsSql(options) {
  return `
CREATE TEMP TABLE ev AS
SELECT user_id,
       epoch(event_time)::BIGINT AS t,
       CASE event_type WHEN 'view' THEN 0 WHEN 'cart' THEN 1
                       WHEN 'remove_from_cart' THEN 2 WHEN 'purchase' THEN 3 END::UTINYINT AS kind,
       product_id, category_id, brand, price,
       coalesce(hash(user_session), (epoch(event_time)::BIGINT // ${kSecondsPerDay})::UBIGINT) AS session
FROM ${ReadCsvSql(options.observationFiles)}
WHERE epoch(event_time) < ${options.cutoff}`;
}

// Per-user sums over the observation window (everything before the cutoff),
// for users whose last visit is inside the cohort window.
function UserStatsSql(options) {
  const c = options.cutoff;
  const d = kSecondsPerDay;
  const within = (from, to) => `t >= ${c - to * d} AND t < ${c - from * d}`;
  // The seed's 21 features need only these; the other 26 the rest.
  const seed = `
    count(*) AS events,
    count(*) FILTER (kind = 3) AS purchases,
    coalesce(sum(price) FILTER (kind = 3), 0) AS spend,
    count(DISTINCT t // ${d}) AS active_days,
    min(t) AS first_t,
    max(t) AS last_t,
    count(DISTINCT nullif(category_id, 0)) AS unique_categories,
    count(DISTINCT nullif(brand, '')) AS unique_brands`;
  const more = `,
    count(*) FILTER (kind = 0) AS views,
    count(*) FILTER (kind = 1) AS carts,
    count(*) FILTER (kind = 2) AS removes,
    coalesce(sum(price) FILTER (kind = 0), 0) AS viewed_price_sum,
    max(t) FILTER (kind = 3) AS last_purchase_t,
    max(t) FILTER (kind = 1) AS last_cart_t,
    count(*) FILTER (${within(0, 7)}) AS events_7d,
    count(*) FILTER (${within(7, 35)}) AS events_8_35d,
    count(*) FILTER (${within(0, 14)}) AS events_14d,
    count(*) FILTER (${within(14, 42)}) AS events_15_42d,
    coalesce(sum(price) FILTER (kind = 3 AND ${within(0, 30)}), 0) AS spend_30d,
    coalesce(sum(price) FILTER (kind = 3 AND ${within(30, 60)}), 0) AS spend_31_60d,
    count(*) FILTER (t % ${d} < 6 * 3600) AS night_events,
    count(*) FILTER ((t // ${d} + 3) % 7 >= 5) AS weekend_events,
    count(DISTINCT product_id) AS unique_products`;
  return `
CREATE TEMP TABLE usr AS
SELECT user_id,${seed}${options.allFeatures ? more : ''}
FROM ev
WHERE t < ${c}
GROUP BY user_id
HAVING max(t) >= ${options.cohortStart}`;
}

// Sessions before the cutoff, then per user: lengths, depths and the gaps
// from one session's end to the next one's start (ordered by start).
function SessionStatsSql(options) {
  const c = options.cutoff;
  const d = kSecondsPerDay;
  if (!options.allFeatures) {
    return `
CREATE TEMP TABLE ses AS
SELECT user_id, avg((last_t - first_t) / 60.0) AS session_minutes_mean
FROM (SELECT user_id, min(t) AS first_t, max(t) AS last_t
      FROM ev
      WHERE t < ${c} AND user_id IN (SELECT user_id FROM usr)
      GROUP BY user_id, session)
GROUP BY user_id`;
  }
  return `
CREATE TEMP TABLE ses AS
WITH visits AS (
  SELECT user_id, min(t) AS first_t, max(t) AS last_t, count(*) AS n
  FROM ev
  WHERE t < ${c} AND user_id IN (SELECT user_id FROM usr)
  GROUP BY user_id, session
), gaps AS (
  -- greatest() skips NULL, so the first session's missing gap stays NULL apart
  SELECT *, CASE WHEN raw_gap IS NOT NULL THEN greatest(0, raw_gap) / ${d} END AS gap
  FROM (SELECT *, first_t - lag(last_t) OVER (PARTITION BY user_id ORDER BY first_t) AS raw_gap
        FROM visits)
)
SELECT user_id,
       count(*) AS sessions,
       avg((last_t - first_t) / 60.0) AS session_minutes_mean,
       max((last_t - first_t) / 60.0) AS session_minutes_max,
       avg(n) AS session_depth_mean,
       max(n) AS session_depth_max,
       count(*) FILTER (${c} - first_t <= 14 * ${d}) AS sessions_14d,
       coalesce(avg(gap), 0) AS gap_days_mean,
       coalesce(max(gap), 0) AS gap_days_max,
       coalesce(arg_max(gap, first_t) FILTER (gap IS NOT NULL), 0) AS gap_days_last
FROM gaps
GROUP BY user_id`;
}

// The 47 columns of processed_train.csv (the seed's 21 first), the label,
// and the high-value threshold: the 75th percentile of buyers' spend.
function RowsSql(options) {
  const c = options.cutoff;
  const d = kSecondsPerDay;
  const observationDays = `(${(c - options.logsStart) / d})`;
  const cutoffDate = new Date(c * 1000).toISOString().slice(0, 10);
  const qualifying = options.purchaseOnly ? "AND event_type = 'purchase'" : '';
  const seed = `
       u.events - u.purchases AS clicks,
       u.purchases,
       coalesce(s.session_minutes_mean, 0) AS avg_session_time,
       u.active_days,
       (${c} - u.last_t) / ${d} AS days_since_last_visit,
       (${c} - u.first_t) / ${d} AS account_age_days,
       CASE WHEN u.purchases > 0 THEN u.spend / u.purchases ELSE 0 END AS avg_order_value,
       u.spend AS total_spend,
       u.unique_categories AS n_unique_categories,
       u.unique_brands AS n_unique_brands,
       (u.purchases > 0)::INT AS is_buyer,
       (u.spend > 0 AND u.spend >= hv.spend)::INT AS high_value_user,
       CASE WHEN u.events > u.purchases THEN u.purchases / (u.events - u.purchases) ELSE 0 END
         AS conversion_rate,
       u.events / u.active_days AS engagement,
       (u.events - u.purchases) / greatest(1, (${c} - u.first_t) / ${d}) AS clicks_per_time,
       CASE WHEN u.purchases > 0 THEN u.spend / u.purchases ELSE 0 END
         / greatest(1, (${c} - u.first_t) / ${d}) AS order_value_per_time,
       u.spend / greatest(1, (${c} - u.first_t) / ${d}) AS spend_per_day,
       u.purchases / greatest(1, (${c} - u.first_t) / ${d}) AS purchases_per_day,
       ((${c} - u.last_t) / ${d} <= 7)::INT AS days_bin_recent,
       ((${c} - u.last_t) / ${d} > 7 AND (${c} - u.last_t) / ${d} <= 30)::INT AS days_bin_medium,
       ((${c} - u.last_t) / ${d} > 30)::INT AS days_bin_long`;
  const more = `,
       u.views AS n_views,
       u.carts AS n_carts,
       u.removes AS n_removes,
       s.sessions AS n_sessions,
       u.unique_products AS n_unique_products,
       CASE WHEN u.views > 0 THEN u.carts / u.views ELSE 0 END AS cart_rate,
       CASE WHEN u.carts > 0 THEN u.purchases / u.carts ELSE 0 END AS cart_to_purchase_rate,
       CASE WHEN u.carts > 0 THEN u.removes / u.carts ELSE 0 END AS remove_rate,
       coalesce((${c} - u.last_purchase_t) / ${d}, ${observationDays}) AS days_since_last_purchase,
       coalesce((${c} - u.last_cart_t) / ${d}, ${observationDays}) AS days_since_last_cart,
       u.events_7d AS events_last_7d,
       u.events_14d AS events_last_14d,
       s.sessions_14d AS sessions_last_14d,
       (u.events_7d + 1) / (u.events_8_35d / 4 + 1) AS activity_trend_7d,
       (u.events_14d + 1) / (u.events_15_42d / 2 + 1) AS activity_trend_14d,
       s.gap_days_mean,
       s.gap_days_max,
       s.gap_days_last,
       s.session_minutes_max,
       s.session_depth_mean,
       s.session_depth_max,
       u.weekend_events / u.events AS weekend_share,
       u.night_events / u.events AS night_share,
       u.spend_30d AS spend_last_30d,
       u.spend_30d - u.spend_31_60d AS spend_trend,
       CASE WHEN u.views > 0 THEN u.viewed_price_sum / u.views ELSE 0 END AS avg_viewed_price`;
  return `
COPY (
  WITH hv AS (
    SELECT coalesce(quantile_disc(spend, 0.75), 0) AS spend FROM usr WHERE spend > 0
  ), stay AS (
    SELECT DISTINCT user_id FROM ${ReadCsvSql(options.labelFiles)}
    WHERE epoch(event_time) >= ${c} AND epoch(event_time) < ${options.labelEnd} ${qualifying}
  )
  SELECT u.user_id, DATE '${cutoffDate}' AS snapshot,${seed}${options.allFeatures ? more : ''},
         (stay.user_id IS NULL)::INT AS churn
  FROM usr u
  LEFT JOIN ses s USING (user_id)
  LEFT JOIN stay USING (user_id)
  CROSS JOIN hv
  ORDER BY u.user_id
) TO ${SqlString(options.out)} (HEADER, DELIMITER ',')`;
}

async function Main() {
  const options = ParseOptions();
  const started = process.hrtime.bigint();
  const settings = { threads: String(options.threads), preserve_insertion_order: 'false' };
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  settings.temp_directory = `${options.out}.duckdb.tmp`;
  const instance = await DuckDBInstance.create(':memory:', settings);
  const connection = await instance.connect();
  const steps = [
    ['read the logs', EventsSql(options)],
    ['user stats', UserStatsSql(options)],
    ['session stats', SessionStatsSql(options)],
    ['rows', RowsSql(options)],
  ];
  for (const [name, sql] of steps) {
    const stepStarted = process.hrtime.bigint();
    await connection.run(sql);
    const seconds = Number(process.hrtime.bigint() - stepStarted) / 1e9;
    console.error(`duckdb: ${name}: ${seconds.toFixed(2)} s`);
  }
  const counts = await connection.runAndReadAll(
    'SELECT (SELECT sum(events) FROM usr), (SELECT count(*) FROM usr)',
  );
  const [events, rows] = counts.getRows()[0];
  connection.closeSync();
  instance.closeSync();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.error(`duckdb: ${rows} rows (cohort users, ${events} events) written to ${options.out}`);
  console.log(`duckdb_seconds ${seconds.toFixed(3)}`);
}

Main().catch((error) => {
  console.error(`features.mjs: ${error.message}`);
  process.exit(1);
});
