// Vega-Lite specs of the Rolling backtest page (backtest.json): a metric by
// test cutoff, the model with its 95% intervals beside the baselines, and
// the decay of each fold's model over the later cutoffs. Pure functions,
// data inline, as in specs.js.

import { COLORS } from './palette.js';

const HEIGHT = 260;
export const METRICS = {
  roc_auc: { label: 'ROC-AUC', interval: 'roc_auc_95' },
  pr_auc: { label: 'PR-AUC', interval: 'pr_auc_95' },
};
const SERIES = [
  { name: 'Model', color: COLORS.model },
  { name: 'Recency baseline', key: 'recency', color: COLORS.baseline },
  { name: 'BG/NBD baseline', key: 'bgnbd', color: COLORS.middle },
];

const isNumber = (x) => typeof x === 'number' && Number.isFinite(x);

/** One row per fold and series: the model's figure (with its interval) and each baseline's. */
function foldRows(cutoffs, metric) {
  const { interval } = METRICS[metric];
  const rows = [];
  for (const fold of cutoffs) {
    const range = fold[interval] || {};
    rows.push({
      cutoff: fold.test_cutoff,
      series: 'Model',
      chosen: fold.model,
      value: fold[metric],
      low: isNumber(range.low) ? range.low : null,
      high: isNumber(range.high) ? range.high : null,
    });
    for (const { name, key } of SERIES.slice(1)) {
      const baseline = fold.baselines?.[key];
      if (baseline && isNumber(baseline[metric]))
        rows.push({ cutoff: fold.test_cutoff, series: name, value: baseline[metric] });
    }
  }
  return rows.filter((r) => isNumber(r.value));
}

/** `metric` (roc_auc or pr_auc) by test cutoff: model points with error bars, baselines as dashed lines. */
export function foldsSpec(cutoffs, metric) {
  const rows = foldRows(cutoffs, metric);
  const shown = SERIES.filter((s) => rows.some((r) => r.series === s.name));
  const x = {
    field: 'cutoff',
    type: 'ordinal',
    title: 'Test cutoff',
    sort: cutoffs.map((f) => f.test_cutoff),
    scale: { type: 'point', padding: 0.5 },
    axis: { labelAngle: 0 },
  };
  const y = {
    field: 'value',
    type: 'quantitative',
    title: METRICS[metric].label,
    scale: { zero: false, nice: true },
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: shown.map((s) => s.name), range: shown.map((s) => s.color) },
    legend: { orient: 'bottom', direction: 'horizontal' },
  };
  const tooltip = [
    { field: 'cutoff', title: 'Test cutoff' },
    { field: 'series', title: 'Series' },
    { field: 'value', type: 'quantitative', format: '.3f', title: METRICS[metric].label },
  ];
  return {
    height: HEIGHT,
    width: 'container',
    data: { values: rows },
    layer: [
      {
        name: 'baselines',
        transform: [{ filter: "datum.series !== 'Model'" }],
        mark: { type: 'line', point: true, strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { x, y, color, tooltip },
      },
      {
        name: 'intervals',
        transform: [{ filter: "datum.series === 'Model' && datum.low !== null" }],
        mark: { type: 'errorbar', ticks: true, color: COLORS.model },
        encoding: {
          x,
          y: { field: 'low', type: 'quantitative', title: METRICS[metric].label },
          y2: { field: 'high' },
        },
      },
      {
        name: 'model',
        transform: [{ filter: "datum.series === 'Model'" }],
        mark: { type: 'point', filled: true, size: 90, stroke: COLORS.halo, strokeWidth: 1 },
        encoding: {
          x,
          y,
          color,
          tooltip: [
            ...tooltip,
            { field: 'chosen', title: 'Model chosen' },
            { field: 'low', type: 'quantitative', format: '.3f', title: '95% low' },
            { field: 'high', type: 'quantitative', format: '.3f', title: '95% high' },
          ],
        },
      },
    ],
  };
}

/** Each fold's model over days after its own test cutoff: `metric` on its cutoff and every later one. */
export function decaySpec(decay, metric) {
  const rows = decay.flatMap((entry) =>
    (entry.scored || [])
      .filter((point) => isNumber(point[metric]))
      .map((point) => ({
        trained_for: entry.trained_for,
        cutoff: point.cutoff,
        days_after: point.days_after,
        value: point[metric],
      })),
  );
  return {
    height: HEIGHT,
    width: 'container',
    data: { values: rows },
    mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
    name: 'decay',
    encoding: {
      x: { field: 'days_after', type: 'quantitative', title: 'Days after the test cutoff' },
      y: {
        field: 'value',
        type: 'quantitative',
        title: METRICS[metric].label,
        scale: { zero: false, nice: true },
      },
      color: {
        field: 'trained_for',
        type: 'nominal',
        title: 'Trained for',
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
      tooltip: [
        { field: 'trained_for', title: 'Trained for' },
        { field: 'cutoff', title: 'Scored at' },
        { field: 'days_after', type: 'quantitative', title: 'Days after' },
        { field: 'value', type: 'quantitative', format: '.3f', title: METRICS[metric].label },
      ],
    },
  };
}
