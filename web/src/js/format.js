// Number and text formatting shared by the pages: percentages, ratios,
// counts with thousands separators, signed SHAP values, dates.

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const EMPTY = '—';

function isNumber(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

export function percent(x, digits = 1) {
  return isNumber(x) ? `${(x * 100).toFixed(digits)}%` : EMPTY;
}

export function decimal(x, digits = 3) {
  return isNumber(x) ? x.toFixed(digits) : EMPTY;
}

export function count(x) {
  return isNumber(x) ? integerFormat.format(x) : EMPTY;
}

/** Campaign value (contact cost and retained value are in the config's own units). */
export function money(x) {
  if (!isNumber(x)) return EMPTY;
  const sign = x < 0 ? '−' : '';
  return `${sign}${integerFormat.format(Math.abs(Math.round(x)))}`;
}

export function signed(x, digits = 3) {
  if (!isNumber(x)) return EMPTY;
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}

/** A feature value: integers as they are, others with up to 3 decimals. */
export function featureValue(x) {
  if (x === null || x === undefined) return EMPTY;
  if (!isNumber(x)) return String(x);
  if (Number.isInteger(x)) return count(x);
  return Number(x.toFixed(3)).toString();
}

export function seconds(x) {
  if (!isNumber(x)) return EMPTY;
  return x < 1 ? `${(x * 1000).toFixed(0)} ms` : `${x.toFixed(2)} s`;
}

export function interval(range, digits = 3) {
  if (!range || !isNumber(range.low) || !isNumber(range.high)) return '';
  return `95% CI ${range.low.toFixed(digits)}–${range.high.toFixed(digits)}`;
}

/** "2026-05-01T10:20:30Z" → "2026-05-01 10:20 UTC". */
export function timestamp(iso) {
  if (typeof iso !== 'string' || iso.length < 16) return iso || EMPTY;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The API's label: flagged for the campaign at the threshold (a prediction, not an outcome). */
export function flagLabel(label) {
  if (label === 1 || label === true) return 'Flagged';
  if (label === 0 || label === false) return 'Not flagged';
  return EMPTY;
}

/** A bootstrap interval in brackets, "[0.790, 0.830]"; '' without one. */
export function bracketInterval(range, digits = 3) {
  if (!range || !isNumber(range.low) || !isNumber(range.high)) return '';
  return `[${range.low.toFixed(digits)}, ${range.high.toFixed(digits)}]`;
}

/** A difference with its interval, "+0.048 [+0.045, +0.051]" (just "+0.048" without one). */
export function signedInterval(d, digits = 3) {
  if (!d || !isNumber(d.difference)) return EMPTY;
  const range =
    isNumber(d.low) && isNumber(d.high)
      ? ` [${signed(d.low, digits)}, ${signed(d.high, digits)}]`
      : '';
  return `${signed(d.difference, digits)}${range}`;
}

/** A figure over folds, "0.810 ± 0.007" (the mean alone when sd is null: one fold). */
export function meanSd(stats, digits = 3) {
  if (!stats || !isNumber(stats.mean)) return EMPTY;
  return isNumber(stats.sd)
    ? `${stats.mean.toFixed(digits)} ± ${stats.sd.toFixed(digits)}`
    : stats.mean.toFixed(digits);
}
