// The dashboard's colours, one name each, for the charts' theme (charts.js) and
// every spec (specs.js). The page's own colours live in style.css.

export const COLORS = {
  model: '#2563eb',
  baseline: '#94a3b8',
  reference: '#cbd5e1',
  accent: '#f97316',
  accentText: '#9a3412',
  raise: '#dc2626',
  lower: '#2563eb',
  middle: '#a855f7',
  neutral: '#64748b',
  profit: '#059669',
  f1: '#7c3aed',
  ink: '#0f172a',
  text: '#334155',
  mutedText: '#475569',
  grid: '#eef2f6',
  halo: '#fff',
};
