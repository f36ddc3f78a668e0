// Tiny DOM helpers: build elements declaratively, with test ids, and show
// or clear the page's error banner.

/**
 * el('div', { class: 'card', testid: 'kpi', onclick: fn }, 'text', childNode)
 * Attributes: class, testid (data-testid), on<event> handlers, the rest as attributes (no innerHTML).
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'testid') node.dataset.testid = value;
    else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function card(title, { testid, subtitle, className } = {}, ...children) {
  return el(
    'section',
    { class: `card ${className || ''}`.trim(), testid },
    title ? el('h2', { class: 'card-title' }, title) : null,
    subtitle ? el('p', { class: 'card-subtitle' }, subtitle) : null,
    ...children,
  );
}

/** A table from column definitions { label, value(row), numeric }; `scroll` caps its height. */
export function table(columns, rows, { testid, rowAttributes, scroll } = {}) {
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      columns.map((c) => el('th', { class: c.numeric ? 'num' : null }, c.label)),
    ),
  );
  const body = el(
    'tbody',
    {},
    rows.map((row) =>
      el(
        'tr',
        rowAttributes ? rowAttributes(row) : {},
        columns.map((c) => el('td', { class: c.numeric ? 'num' : null }, c.value(row))),
      ),
    ),
  );
  return el(
    'div',
    { class: scroll ? 'table-wrap scroll' : 'table-wrap' },
    el('table', { class: 'data-table', testid }, head, body),
  );
}

export function badge(text, kind, testid) {
  return el('span', { class: `badge badge-${kind}`, testid }, text);
}

export function showError(message) {
  const banner = document.querySelector('[data-testid="error-banner"]');
  banner.querySelector('.banner-text').textContent = message;
  banner.hidden = false;
}

export function clearError() {
  document.querySelector('[data-testid="error-banner"]').hidden = true;
}
