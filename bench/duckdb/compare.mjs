#!/usr/bin/env node
// Checks that DuckDB's rows (features.mjs --out FILE) and churn-radar's
// (DATA/processed_train.csv and processed_test.csv) say the same: the same
// users, and per column how many values differ by more than a tolerance.
// A sanity check of the benchmark's SQL, not a test of the product.
//
//   node compare.mjs DUCKDB_CSV CHURN_RADAR_DATA_DIR [--tolerance 1e-6]

import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { parseArgs } from 'node:util';

function SqlString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

async function Main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { tolerance: { type: 'string', default: '1e-6' } },
  });
  if (positionals.length !== 2) {
    console.error('usage: node compare.mjs DUCKDB_CSV CHURN_RADAR_DATA_DIR [--tolerance 1e-6]');
    process.exit(2);
  }
  const [duckCsv, dataDir] = positionals;
  const tolerance = Number(values.tolerance);
  const ours = ['processed_train.csv', 'processed_test.csv'].map((name) =>
    SqlString(path.join(dataDir, name)),
  );
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE duck AS FROM read_csv(${SqlString(duckCsv)})`);
  await connection.run(`CREATE TABLE ours AS FROM read_csv([${ours.join(', ')}])`);
  const columns = (await connection.runAndReadAll('DESCRIBE duck'))
    .getRows()
    .map((row) => row[0])
    .filter((name) => name !== 'user_id' && name !== 'snapshot');
  const users = (
    await connection.runAndReadAll(`
      SELECT (SELECT count(*) FROM duck), (SELECT count(*) FROM ours),
             (SELECT count(*) FROM duck JOIN ours USING (user_id))`)
  ).getRows()[0];
  console.log(`rows: duckdb ${users[0]}, churn-radar ${users[1]}, both ${users[2]}`);
  let differing = 0;
  for (const column of columns) {
    const [count, largest] = (
      await connection.runAndReadAll(`
        SELECT count(*) FILTER (abs(d."${column}" - o."${column}") > ${tolerance}
                                  * greatest(1, abs(o."${column}"))),
               max(abs(d."${column}" - o."${column}"))
        FROM duck d JOIN ours o USING (user_id)`)
    ).getRows()[0];
    if (Number(count) > 0) differing += 1;
    const mark = Number(count) > 0 ? 'DIFFERS' : 'same';
    console.log(
      `${mark.padEnd(8)}${column.padEnd(26)}${String(count).padStart(9)} rows, max |d| ${largest}`,
    );
  }
  console.log(`${columns.length - differing} of ${columns.length} columns agree`);
  connection.closeSync();
  instance.closeSync();
}

Main().catch((error) => {
  console.error(`compare.mjs: ${error.message}`);
  process.exit(1);
});
