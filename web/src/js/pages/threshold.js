// Threshold explorer: a slider over the 101 thresholds of the test-set sweep
// (0.00 … 1.00) and, exactly, the threshold chosen on validation data,
// showing precision, recall, F1, contacted users and expected campaign profit
// live.

import { getArtifact } from '../api.js';
import { chartContainer, drawChart } from '../charts.js';
import { card, el } from '../dom.js';
import { count, decimal, money, percent } from '../format.js';
import { thresholdSpec } from '../specs.js';

function nearestIndex(sweep, threshold) {
  let best = 0;
  sweep.forEach((point, i) => {
    if (Math.abs(point.threshold - threshold) < Math.abs(sweep[best].threshold - threshold))
      best = i;
  });
  return best;
}

/**
 * The slider's stops: the sweep's steps with the threshold in use among them,
 * at its exact figures (curves.operating_point), so that the start agrees with
 * the overview. Older curves without those figures start at the nearest step.
 */
function sliderStops(sweep, operating) {
  if (!operating || operating.flagged === undefined)
    return { stops: sweep, start: nearestIndex(sweep, operating?.threshold ?? 0.5) };
  const chosen = { ...operating, chosen: true };
  const stops = sweep.filter((p) => p.threshold !== chosen.threshold).concat([chosen]);
  stops.sort((a, b) => a.threshold - b.threshold);
  return { stops, start: stops.indexOf(chosen) };
}

function figure(label, testid, hint) {
  const value = el('div', { class: 'kpi-value', testid }, '—');
  const detail = el('div', { class: 'kpi-detail', testid: `${testid}-detail` }, hint || '\u00a0');
  return {
    node: el('div', { class: 'kpi' }, el('div', { class: 'kpi-label' }, label), value, detail),
    value,
    detail,
  };
}

function campaignText(campaign) {
  if (!campaign) return '';
  if (campaign.customer_value) {
    return `Expected profit = each flagged churner's own value if kept (BG/NBD and Gamma-Gamma) × ${decimal(campaign.offer_success_rate, 2)} offer success − flagged users × ${decimal(campaign.contact_cost, 2)} contact cost.`;
  }
  return `Expected profit = flagged churners × ${decimal(campaign.offer_success_rate, 2)} offer success × ${money(campaign.retained_value)} retained value − flagged users × ${decimal(campaign.contact_cost, 2)} contact cost.`;
}

function missingSweep(page) {
  page.append(
    el('div', { class: 'page-head' }, el('h2', {}, 'Threshold explorer')),
    card(
      'No threshold sweep',
      { testid: 'threshold-missing' },
      el(
        'p',
        {},
        'This model’s curves have no threshold sweep. Train the model again with this version of churn-radar to explore thresholds.',
      ),
    ),
  );
}

export async function renderThreshold(page) {
  const [curves, metrics] = await Promise.all([
    getArtifact('api/curves'),
    getArtifact('api/metrics'),
  ]);
  const sweep = [...(curves.threshold_sweep || [])].sort((a, b) => a.threshold - b.threshold);
  if (sweep.length === 0) {
    missingSweep(page);
    return;
  }
  const rows = curves.rows ?? metrics.test?.rows;
  const churners = curves.churners ?? metrics.test?.churners;
  const chosen = metrics.test?.threshold ?? curves.operating_point?.threshold ?? 0.5;
  const { stops, start } = sliderStops(sweep, curves.operating_point);

  const slider = el('input', {
    type: 'range',
    id: 'threshold-slider',
    min: 0,
    max: stops.length - 1,
    step: 1,
    value: start,
    class: 'slider',
    testid: 'threshold-slider',
    'aria-label': 'Threshold',
  });
  const thresholdValue = el('output', { class: 'threshold-value', testid: 'threshold-value' });
  const chosenMarker = el(
    'div',
    { class: 'slider-marker', testid: 'threshold-chosen', title: 'Chosen on validation data' },
    `▲ chosen ${decimal(chosen)}`,
  );
  const span = sweep[sweep.length - 1].threshold - sweep[0].threshold || 1;
  chosenMarker.style.left = `${((chosen - sweep[0].threshold) / span) * 100}%`;
  const reset = el(
    'button',
    { type: 'button', class: 'button', testid: 'threshold-reset' },
    'Back to the chosen threshold',
  );

  const precision = figure(
    'Precision',
    'threshold-precision',
    'share of contacted users who churn',
  );
  const recall = figure('Recall', 'threshold-recall');
  const f1 = figure('F1', 'threshold-f1');
  const flagged = figure('Contacted users', 'threshold-flagged');
  const profit = figure('Expected profit', 'threshold-profit', 'of a retention campaign on them');
  const chart = chartContainer('chart-threshold', { height: 260 });

  page.append(
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'Threshold explorer'),
      el(
        'p',
        { class: 'lede', testid: 'threshold-note' },
        `The threshold in use, ${decimal(chosen)}, was chosen on validation data. The figures below are what each threshold gives on the test snapshot `,
        `(${count(rows)} users, ${count(churners)} churners), so they show what the choice costs or gains out of sample.`,
      ),
    ),
    card(
      null,
      { testid: 'threshold-controls', className: 'slider-card' },
      el(
        'div',
        { class: 'slider-head' },
        el('label', { for: 'threshold-slider' }, 'Threshold'),
        thresholdValue,
        reset,
      ),
      el('div', { class: 'slider-track' }, slider, chosenMarker),
      el(
        'div',
        { class: 'slider-scale' },
        el('span', {}, '0.00 · contact everyone'),
        el('span', {}, 'contact no one · 1.00'),
      ),
    ),
    el(
      'div',
      { class: 'kpi-grid five', testid: 'threshold-figures' },
      precision.node,
      recall.node,
      f1.node,
      flagged.node,
      profit.node,
    ),
    card('Profit and F1 by threshold', { subtitle: campaignText(curves.campaign) }, chart),
  );

  const view = await drawChart(chart, thresholdSpec(sweep, chosen, stops[start].threshold));

  function show(index) {
    const p = stops[index];
    thresholdValue.textContent = decimal(p.threshold, p.chosen ? 3 : 2);
    precision.value.textContent = p.flagged > 0 ? percent(p.precision) : '—';
    recall.value.textContent = percent(p.recall);
    recall.detail.textContent = `${count(p.true_positives)} of ${count(churners)} churners reached`;
    f1.value.textContent = decimal(p.f1);
    f1.detail.textContent =
      index === start
        ? 'at the chosen threshold'
        : `${decimal(stops[start].f1)} at the chosen threshold`;
    flagged.value.textContent = count(p.flagged);
    flagged.detail.textContent = `${percent(rows ? p.flagged / rows : NaN)} of ${count(rows)} users`;
    profit.value.textContent = money(p.expected_profit);
    view.signal('current', p.threshold).runAsync();
  }

  slider.addEventListener('input', () => show(Number(slider.value)));
  reset.addEventListener('click', () => {
    slider.value = String(start);
    show(start);
  });
  show(start);
}
