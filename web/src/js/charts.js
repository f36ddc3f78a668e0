// Draws Vega-Lite specs with vega-embed (the UMD builds in vendor/, loaded
// on the first chart, so pages without charts never wait for them), in the
// dashboard's theme: SVG unless a chart asks for canvas, no action menu, data
// always inline so nothing is fetched. A drawn chart's container gets
// data-rendered="true" and data-marks, the count of drawn items per named
// mark (as JSON), which a canvas does not show in the DOM.

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

// In this order: vega-lite needs vega, vega-embed needs both.
const LIBRARY = ['vendor/vega.min.js', 'vendor/vega-lite.min.js', 'vendor/vega-embed.min.js'];
let library = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = false; // fetched together, run in the order added
    script.addEventListener('load', resolve);
    script.addEventListener('error', () => reject(new Error(`${src} did not load`)));
    document.head.append(script);
  });
}

/** Starts loading the chart library (once); resolves when vegaEmbed is there. */
export function loadChartLibrary() {
  if (!library) {
    library = Promise.all(LIBRARY.map(loadScript)).then(() => {
      if (typeof window.vegaEmbed !== 'function')
        throw new Error('The chart library (vendor/vega-embed.min.js) did not load.');
    });
    library.catch(() => {
      library = null;
    });
  }
  return library;
}

/** Items drawn per named mark of a Vega scenegraph, e.g. { dots_marks: 30000 }. */
function markCounts(root) {
  const counts = {};
  const visit = (mark) => {
    if (mark.name && mark.marktype !== 'group')
      counts[mark.name] = (counts[mark.name] || 0) + mark.items.length;
    if (mark.marktype === 'group')
      for (const item of mark.items) for (const child of item.items || []) visit(child);
  };
  visit(root);
  return counts;
}

/** An empty chart container, to be filled by drawChart once it is in the document. */
export function chartContainer(testid, { height = 300 } = {}) {
  const node = document.createElement('div');
  node.className = 'chart';
  node.dataset.testid = testid;
  node.style.minHeight = `${height}px`;
  return node;
}

/**
 * Renders `spec` into `container`; resolves to the Vega view. `renderer:
 * 'canvas'` for charts of many marks (thousands of SVG nodes are slow to lay out).
 */
export async function drawChart(container, spec, { renderer = 'svg' } = {}) {
  await loadChartLibrary();
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    autosize: { type: 'fit', contains: 'padding' },
    ...spec,
  };
  const result = await window.vegaEmbed(container, full, { ...EMBED_OPTIONS, renderer });
  container.style.minHeight = '';
  container.dataset.marks = JSON.stringify(markCounts(result.view.scenegraph().root));
  container.dataset.rendered = 'true';
  return result.view;
}
