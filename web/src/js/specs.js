// Vega-Lite specs for every chart of the dashboard, built from the API's
// JSON. Pure functions: data in, spec out (the data is always inline).

import { decimal, percent } from './format.js';
import { COLORS } from './palette.js';

const HEIGHT = 300;
const indexed = (rows) => rows.map((row, i) => ({ ...row, i }));
const diagonal = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];
// A fixed height for one band per row: width "container" with a step height makes Vega-Lite warn.
export const rowsHeight = (rows, step) => Math.max(80, rows * step);

function diagonalLayer(title) {
  return {
    data: { values: diagonal.map((d) => ({ ...d, series: title })) },
    mark: { type: 'line', strokeDash: [4, 4], color: COLORS.reference, strokeWidth: 1.5 },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  };
}

function seriesColor(domain, range) {
  return {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain, range },
    legend: { orient: 'bottom', direction: 'horizontal' },
  };
}

function operatingPointLayer(point, x, y, title) {
  return {
    data: { values: [{ ...point, label: `threshold ${decimal(point.threshold)}` }] },
    layer: [
      {
        mark: {
          type: 'point',
          filled: true,
          size: 110,
          color: COLORS.accent,
          stroke: COLORS.halo,
          strokeWidth: 1.5,
        },
        encoding: {
          x: { field: x, type: 'quantitative' },
          y: { field: y, type: 'quantitative' },
          tooltip: [
            { field: 'threshold', type: 'quantitative', format: '.3f', title: 'Threshold' },
            { field: x, type: 'quantitative', format: '.3f' },
            { field: y, type: 'quantitative', format: '.3f' },
          ],
        },
      },
      {
        mark: {
          type: 'text',
          align: 'left',
          dx: 8,
          dy: -8,
          fontSize: 11,
          color: COLORS.accentText,
        },
        encoding: {
          x: { field: x, type: 'quantitative' },
          y: { field: y, type: 'quantitative' },
          text: { value: title },
        },
      },
    ],
  };
}

const unitAxis = (title, format = '.1f') => ({
  title,
  scale: { domain: [0, 1] },
  axis: { format },
});

/** ROC curve of the model and the recency baseline, with the operating point. */
export function rocSpec(curves, modelName) {
  const rows = [
    ...indexed(curves.roc).map((p) => ({ ...p, series: modelName })),
    ...indexed(curves.baseline?.roc || []).map((p) => ({ ...p, series: 'Recency baseline' })),
  ];
  return {
    height: HEIGHT,
    width: 'container',
    layer: [
      diagonalLayer('Random'),
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', ...unitAxis('False positive rate') },
          y: { field: 'tpr', type: 'quantitative', ...unitAxis('True positive rate (recall)') },
          order: { field: 'i' },
          color: seriesColor([modelName, 'Recency baseline'], [COLORS.model, COLORS.baseline]),
        },
      },
      operatingPointLayer(curves.operating_point, 'fpr', 'tpr', 'chosen threshold'),
    ],
  };
}

/** Precision–recall curve of the model and the baseline, the churn rate as the no-skill line. */
export function prSpec(curves, modelName, prevalence) {
  const rows = [
    ...indexed(curves.pr).map((p) => ({ ...p, series: modelName })),
    ...indexed(curves.baseline?.pr || []).map((p) => ({ ...p, series: 'Recency baseline' })),
  ];
  const layers = [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 'recall', type: 'quantitative', ...unitAxis('Recall') },
        y: { field: 'precision', type: 'quantitative', ...unitAxis('Precision') },
        order: { field: 'i' },
        color: seriesColor([modelName, 'Recency baseline'], [COLORS.model, COLORS.baseline]),
      },
    },
    operatingPointLayer(curves.operating_point, 'recall', 'precision', 'chosen threshold'),
  ];
  if (Number.isFinite(prevalence)) {
    layers.unshift({
      data: { values: [{ y: prevalence, label: `churn rate ${percent(prevalence)}` }] },
      layer: [
        {
          mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.reference, strokeWidth: 1.5 },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
        {
          mark: { type: 'text', align: 'right', dy: -6, fontSize: 11, color: COLORS.neutral },
          encoding: {
            y: { field: 'y', type: 'quantitative' },
            x: { datum: 1 },
            text: { field: 'label' },
          },
        },
      ],
    });
  }
  return { height: HEIGHT, width: 'container', layer: layers };
}

/** Reliability diagram: mean predicted probability against the observed churn rate per bin. */
export function calibrationSpec(bins) {
  const rows = bins.filter((b) => b.count > 0);
  const x = {
    field: 'mean_predicted',
    type: 'quantitative',
    ...unitAxis('Mean predicted probability'),
  };
  const y = { field: 'observed_rate', type: 'quantitative', ...unitAxis('Observed churn rate') };
  const tooltip = [
    { field: 'lower', type: 'quantitative', format: '.2f', title: 'Bin from' },
    { field: 'upper', type: 'quantitative', format: '.2f', title: 'Bin to' },
    { field: 'mean_predicted', type: 'quantitative', format: '.3f', title: 'Mean predicted' },
    { field: 'observed_rate', type: 'quantitative', format: '.3f', title: 'Observed rate' },
    { field: 'count', type: 'quantitative', title: 'Users' },
  ];
  return {
    height: HEIGHT,
    width: 'container',
    layer: [
      diagonalLayer('Perfect calibration'),
      {
        data: { values: rows },
        mark: { type: 'line', color: COLORS.model, strokeWidth: 2 },
        encoding: { x, y },
      },
      {
        data: { values: rows },
        mark: {
          type: 'circle',
          color: COLORS.model,
          opacity: 0.85,
          stroke: COLORS.halo,
          strokeWidth: 1,
        },
        encoding: {
          x,
          y,
          size: {
            field: 'count',
            type: 'quantitative',
            title: 'Users in bin',
            scale: { range: [30, 500] },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
          tooltip,
        },
      },
    ],
  };
}

/** Cumulative gains: share of churners found against share of users contacted, by descending risk. */
export function gainsSpec(gains) {
  const rows = [{ contacted_share: 0, churners_found: 0 }, ...gains];
  return {
    height: HEIGHT,
    width: 'container',
    layer: [
      diagonalLayer('Random order'),
      {
        data: { values: rows },
        mark: {
          type: 'line',
          color: COLORS.model,
          strokeWidth: 2,
          point: { filled: true, size: 30 },
        },
        encoding: {
          x: {
            field: 'contacted_share',
            type: 'quantitative',
            ...unitAxis('Share of users contacted (highest risk first)', '.0%'),
          },
          y: {
            field: 'churners_found',
            type: 'quantitative',
            ...unitAxis('Share of churners found', '.0%'),
          },
          tooltip: [
            { field: 'contacted_share', type: 'quantitative', format: '.1%', title: 'Contacted' },
            {
              field: 'churners_found',
              type: 'quantitative',
              format: '.1%',
              title: 'Churners found',
            },
          ],
        },
      },
    ],
  };
}

/** Lift: how many times the churn rate of the top share is above the overall churn rate. */
export function liftSpec(gains) {
  return {
    height: HEIGHT,
    width: 'container',
    layer: [
      {
        data: { values: gains },
        mark: { type: 'bar', color: COLORS.model, opacity: 0.85, cornerRadiusEnd: 2 },
        encoding: {
          x: {
            field: 'contacted_share',
            type: 'ordinal',
            title: 'Share of users contacted (highest risk first)',
            axis: { format: '.0%', labelAngle: 0, labelOverlap: 'parity' },
          },
          y: { field: 'lift', type: 'quantitative', title: 'Lift over random' },
          tooltip: [
            { field: 'contacted_share', type: 'quantitative', format: '.1%', title: 'Contacted' },
            { field: 'lift', type: 'quantitative', format: '.2f', title: 'Lift' },
          ],
        },
      },
      {
        data: { values: [{ y: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.neutral },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
    ],
  };
}

/** Test PR-AUC and ROC-AUC of every candidate and the baseline, side by side. */
export function candidateComparisonSpec(rows, chosen) {
  const values = rows
    .flatMap((r) => [
      { model: r.name, metric: 'PR-AUC', value: r.prAuc, chosen: r.name === chosen },
      { model: r.name, metric: 'ROC-AUC', value: r.rocAuc, chosen: r.name === chosen },
    ])
    .filter((v) => Number.isFinite(v.value));
  return {
    height: rowsHeight(rows.length, 56),
    width: 'container',
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'model', type: 'nominal', title: null, sort: rows.map((r) => r.name) },
      yOffset: { field: 'metric', type: 'nominal', sort: ['PR-AUC', 'ROC-AUC'] },
      x: {
        field: 'value',
        type: 'quantitative',
        title: 'Test set',
        scale: { domain: [0, 1] },
        axis: { tickCount: 10 },
      },
      color: {
        field: 'metric',
        type: 'nominal',
        title: null,
        scale: { range: [COLORS.model, COLORS.f1] },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
      opacity: { condition: { test: 'datum.chosen', value: 1 }, value: 0.55 },
      tooltip: [
        { field: 'model', title: 'Model' },
        { field: 'metric', title: 'Metric' },
        { field: 'value', type: 'quantitative', format: '.3f', title: 'Value' },
      ],
    },
  };
}

/** Expected profit and F1 against the threshold, with the chosen threshold and a movable `current` rule. */
export function thresholdSpec(sweep, chosenThreshold, currentThreshold) {
  const x = {
    field: 'threshold',
    type: 'quantitative',
    title: 'Threshold (calibrated probability)',
    scale: { domain: [0, 1] },
  };
  return {
    height: 260,
    width: 'container',
    params: [{ name: 'current', value: currentThreshold }],
    layer: [
      {
        data: { values: sweep },
        mark: { type: 'line', strokeWidth: 2, color: COLORS.profit },
        encoding: {
          x,
          y: {
            field: 'expected_profit',
            type: 'quantitative',
            title: 'Expected profit',
            axis: { titleColor: COLORS.profit },
          },
          tooltip: [
            { field: 'threshold', type: 'quantitative', format: '.2f', title: 'Threshold' },
            {
              field: 'expected_profit',
              type: 'quantitative',
              format: ',.0f',
              title: 'Expected profit',
            },
          ],
        },
      },
      {
        data: { values: sweep },
        mark: { type: 'line', strokeWidth: 2, color: COLORS.f1, strokeDash: [6, 3] },
        encoding: {
          x,
          y: {
            field: 'f1',
            type: 'quantitative',
            title: 'F1',
            scale: { domain: [0, 1] },
            axis: { orient: 'right', titleColor: COLORS.f1, grid: false },
          },
          tooltip: [
            { field: 'threshold', type: 'quantitative', format: '.2f', title: 'Threshold' },
            { field: 'f1', type: 'quantitative', format: '.3f', title: 'F1' },
          ],
        },
      },
      {
        data: { values: [{ t: chosenThreshold, label: `chosen ${decimal(chosenThreshold)}` }] },
        layer: [
          {
            mark: { type: 'rule', color: COLORS.accent, strokeDash: [3, 3], strokeWidth: 1.5 },
            encoding: { x: { field: 't', type: 'quantitative' } },
          },
          {
            mark: {
              type: 'text',
              align: 'left',
              baseline: 'top',
              dx: 4,
              y: 2,
              fontSize: 11,
              color: COLORS.accentText,
            },
            encoding: { x: { field: 't', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
      {
        name: 'current_threshold',
        data: { values: [{}] },
        transform: [{ calculate: 'current', as: 't' }],
        mark: { type: 'rule', color: COLORS.ink, strokeWidth: 2 },
        encoding: { x: { field: 't', type: 'quantitative' } },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

/** Mean |SHAP| of the top features, largest first. */
export function importanceSpec(features, top = 20) {
  const rows = features.slice(0, top);
  return {
    height: rowsHeight(rows.length, 22),
    width: 'container',
    data: { values: rows },
    mark: { type: 'bar', color: COLORS.model, cornerRadiusEnd: 2 },
    encoding: {
      y: {
        field: 'feature',
        type: 'nominal',
        title: null,
        sort: rows.map((r) => r.feature),
        axis: { labelLimit: 220 },
      },
      x: { field: 'mean_abs_shap', type: 'quantitative', title: 'Mean |SHAP| (log-odds)' },
      tooltip: [
        { field: 'feature', title: 'Feature' },
        { field: 'mean_abs_shap', type: 'quantitative', format: '.4f', title: 'Mean |SHAP|' },
      ],
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One user's churn probability at each scoring that held them (as_of
 * ascending), dots coloured by band, the threshold dashed. Dates are UTC days.
 */
export function historySpec(history, threshold) {
  const rows = history.map((h) => ({ ...h, t: Date.parse(`${h.as_of}T00:00:00Z`) }));
  const times = rows.map((r) => r.t);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const pad = Math.max(15 * DAY_MS, (last - first) * 0.06);
  const x = {
    field: 't',
    type: 'temporal',
    title: 'Scoring (as of)',
    scale: { type: 'utc', domain: [first - pad, last + pad] },
    axis: {
      values: times.length <= 8 ? times : undefined,
      tickCount: 6,
      labelExpr: "utcFormat(datum.value, '%Y-%m-%d')",
      grid: false,
    },
  };
  const y = {
    field: 'probability',
    type: 'quantitative',
    title: 'Probability',
    scale: { domain: [0, 1] },
    axis: { format: '.0%', tickCount: 5 },
  };
  return {
    height: 200,
    width: 'container',
    layer: [
      {
        data: { values: [{ threshold }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.accent },
        encoding: { y: { field: 'threshold', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'line', color: COLORS.model, strokeWidth: 2 }, encoding: { x, y } },
          {
            name: 'history_points',
            mark: { type: 'point', filled: true, size: 70, opacity: 1 },
            encoding: {
              x,
              y,
              color: {
                field: 'band',
                type: 'nominal',
                title: 'Band',
                scale: {
                  domain: ['high', 'medium', 'low'],
                  range: [COLORS.raise, COLORS.accent, COLORS.profit],
                },
                legend: { orient: 'right' },
              },
              tooltip: [
                { field: 'as_of', title: 'As of' },
                { field: 'probability', type: 'quantitative', format: '.1%', title: 'Probability' },
                { field: 'band', title: 'Band' },
              ],
            },
          },
        ],
      },
    ],
  };
}
