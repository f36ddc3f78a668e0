// Draws Vega-Lite specs with vega-embed (the UMD build in vendor/), in the
// dashboard's theme: SVG, no action menu, data always inline so nothing is
// fetched. A drawn chart's container gets data-rendered="true".

import { COLORS } from './palette.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const THEME = {
  font: FONT,
  background: null,
  padding: 4,
  view: { stroke: null },
  axis: {
    labelColor: COLORS.mutedText,
    titleColor: COLORS.text,
    titleFontWeight: 600,
    titleFontSize: 12,
    labelFontSize: 11,
    gridColor: COLORS.grid,
    domainColor: COLORS.reference,
    tickColor: COLORS.reference,
  },
  legend: {
    labelColor: COLORS.mutedText,
    titleColor: COLORS.text,
    labelFontSize: 11,
    titleFontSize: 11,
    symbolSize: 80,
  },
  title: { color: COLORS.ink, fontSize: 13, fontWeight: 600, anchor: 'start' },
  range: { category: [COLORS.model, COLORS.accent, COLORS.f1, COLORS.profit, COLORS.baseline] },
};

const EMBED_OPTIONS = {
  actions: false,
  renderer: 'svg',
  tooltip: true,
  config: THEME,
};

/** An empty chart container, to be filled by drawChart once it is in the document. */
export function chartContainer(testid, { height = 300 } = {}) {
  const node = document.createElement('div');
  node.className = 'chart';
  node.dataset.testid = testid;
  node.style.minHeight = `${height}px`;
  return node;
}

/** Renders `spec` into `container`; resolves to the Vega view. */
export async function drawChart(container, spec) {
  if (typeof window.vegaEmbed !== 'function') {
    throw new Error('The chart library (vendor/vega-embed.min.js) did not load.');
  }
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    autosize: { type: 'fit', contains: 'padding' },
    ...spec,
  };
  const result = await window.vegaEmbed(container, full, EMBED_OPTIONS);
  container.style.minHeight = '';
  container.dataset.rendered = 'true';
  return result.view;
}
