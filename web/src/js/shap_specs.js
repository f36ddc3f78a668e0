// Vega-Lite specs of the SHAP values: the beeswarm of every explained user
// and one user's waterfall. Pure functions, like specs.js: data in, spec out.

import { decimal, featureValue, signed } from './format.js';
import { COLORS } from './palette.js';
import { rowsHeight } from './specs.js';

/** A repeatable pseudo-random number in [0, 1) for point i (jitter that does not move on redraw). */
function hashUnit(i) {
  let h = (i + 1) * 2654435761;
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/** Ranks of `values` scaled to [0, 1] (ties share a rank), so outliers do not wash out the colours. */
function rankLevels(values) {
  const order = values
    .map((v, i) => [v, i])
    .filter(([v]) => Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  const levels = new Array(values.length).fill(null);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1][0] === order[start][0]) end += 1;
    const level = order.length > 1 ? (start + end) / 2 / (order.length - 1) : 0.5;
    for (let k = start; k <= end; k += 1) levels[order[k][1]] = level;
    start = end + 1;
  }
  return levels;
}

/** Jitter that follows the local density of SHAP values, so each row looks like a swarm. */
function swarmOffsets(shap, bins = 60) {
  const finite = shap.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const width = hi > lo ? (hi - lo) / bins : 1;
  const binOf = (v) => Math.min(bins - 1, Math.floor((v - lo) / width));
  const counts = new Array(bins).fill(0);
  finite.forEach((v) => {
    counts[binOf(v)] += 1;
  });
  const peak = Math.max(...counts, 1);
  return shap.map((v, i) => {
    if (!Number.isFinite(v)) return 0;
    const spread = Math.sqrt(counts[binOf(v)] / peak);
    return (hashUnit(i) * 2 - 1) * 0.42 * spread;
  });
}

/** One dot per user and feature: x the SHAP value, row the feature, colour the feature's value rank. */
export function beeswarmSpec(beeswarm) {
  const names = beeswarm.features.map((f) => f.feature);
  const values = [];
  beeswarm.features.forEach((f, row) => {
    const levels = rankLevels(f.values);
    const offsets = swarmOffsets(f.shap);
    f.shap.forEach((s, i) => {
      if (!Number.isFinite(s)) return;
      values.push({ s, r: row + offsets[i], l: levels[i] });
    });
  });
  return {
    height: Math.max(240, names.length * 30),
    width: 'container',
    layer: [
      {
        data: { values: [{ x: 0 }] },
        mark: { type: 'rule', color: COLORS.baseline },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
      {
        name: 'dots',
        data: { values },
        // No ARIA description per dot: formatting 30,000 of them took a third of the time.
        mark: { type: 'circle', size: 10, opacity: 0.65, aria: false },
        encoding: {
          x: {
            field: 's',
            type: 'quantitative',
            title: 'SHAP value (impact on log-odds of churn)',
          },
          y: {
            field: 'r',
            type: 'quantitative',
            title: null,
            scale: { domain: [-0.5, names.length - 0.5], reverse: true, nice: false, zero: false },
            axis: {
              values: names.map((_, i) => i),
              labelExpr: `${JSON.stringify(names)}[datum.value]`,
              grid: false,
              ticks: false,
              domain: false,
              labelLimit: 220,
              labelPadding: 6,
            },
          },
          color: {
            field: 'l',
            type: 'quantitative',
            title: 'Feature value',
            scale: { domain: [0, 1], range: [COLORS.lower, COLORS.middle, COLORS.raise] },
            legend: {
              orient: 'right',
              values: [0, 1],
              labelExpr: "datum.value === 0 ? 'low' : 'high'",
              gradientLength: 120,
              direction: 'vertical',
            },
          },
        },
      },
    ],
  };
}

/**
 * Waterfall of one user's explanation: from the base value through the largest
 * contributions (the rest grouped) to the model's margin, in log-odds.
 */
export function waterfallSpec(user, shown = 10) {
  const contributions = Object.entries(user.shap || {})
    .map(([feature, shap]) => ({ feature, shap }))
    .filter((c) => Number.isFinite(c.shap))
    .sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
  const top = contributions.slice(0, shown);
  const rest = contributions.slice(shown);
  const steps = top.map((c) => ({
    label: `${c.feature} = ${featureValue(user.features?.[c.feature])}`,
    shap: c.shap,
  }));
  if (rest.length > 0) {
    steps.push({
      label: `other ${rest.length} features`,
      shap: rest.reduce((sum, c) => sum + c.shap, 0),
      grouped: true,
    });
  }

  const rows = [];
  let running = user.base_value;
  rows.push({
    label: 'Base value (average user)',
    start: running,
    end: running,
    kind: 'total',
    text: decimal(running),
  });
  for (const step of steps) {
    const start = running;
    running += step.shap;
    rows.push({
      label: step.label,
      start,
      end: running,
      kind: step.grouped ? 'grouped' : step.shap >= 0 ? 'raises risk' : 'lowers risk',
      text: signed(step.shap),
      shap: step.shap,
    });
  }
  rows.push({
    label: 'This user (model margin)',
    start: running,
    end: running,
    kind: 'total',
    text: decimal(running),
  });
  rows.forEach((r, i) => {
    r.order = i;
    r.lo = Math.min(r.start, r.end);
    r.hi = Math.max(r.start, r.end);
  });

  const order = rows.map((r) => r.label);
  const y = {
    field: 'label',
    type: 'nominal',
    title: null,
    sort: order,
    axis: { labelLimit: 260 },
  };
  // Padding leaves room for the value labels right of the bars.
  const x = {
    field: 'lo',
    type: 'quantitative',
    title: 'Contribution to log-odds of churn',
    scale: { zero: false, nice: true, padding: 36 },
  };
  return {
    height: rowsHeight(rows.length, 30),
    width: 'container',
    data: { values: rows },
    layer: [
      {
        name: 'contributions',
        transform: [{ filter: "datum.kind !== 'total'" }],
        mark: { type: 'bar', cornerRadius: 2, height: { band: 0.7 } },
        encoding: {
          y,
          x,
          x2: { field: 'hi' },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: {
              domain: ['raises risk', 'lowers risk', 'grouped'],
              range: [COLORS.raise, COLORS.lower, COLORS.baseline],
            },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
          tooltip: [
            { field: 'label', title: 'Feature' },
            { field: 'text', title: 'SHAP' },
            { field: 'end', type: 'quantitative', format: '.3f', title: 'Running total' },
          ],
        },
      },
      {
        transform: [{ filter: "datum.kind === 'total'" }],
        mark: { type: 'tick', thickness: 3, color: COLORS.ink, bandSize: 18 },
        encoding: { y, x: { field: 'end', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 11, color: COLORS.text },
        encoding: { y, x: { field: 'hi', type: 'quantitative' }, text: { field: 'text' } },
      },
      {
        data: { values: [{ x: user.base_value }] },
        mark: { type: 'rule', strokeDash: [3, 3], color: COLORS.baseline },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
    ],
  };
}
