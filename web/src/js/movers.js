// Who moved since the previous scoring (the `changes` of a scoring's
// summary): users newly in the high band, users whose probability rose
// most, users who left the list. Each list holds the first 50; `count` is
// all of them.

import { badge, card, el, table } from './dom.js';
import { count, percent } from './format.js';
import { userLink } from './risk_list.js';

const EMPTY = '—';

/** "+12.3 pts" for a change of probability. */
function points(change) {
  if (!Number.isFinite(change)) return EMPTY;
  return `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(1)} pts`;
}

function before(user) {
  if (!Number.isFinite(user.previous_probability)) return 'not scored';
  const band = user.previous_band ? ` (${user.previous_band})` : '';
  return `${percent(user.previous_probability)}${band}`;
}

function moverBlock(title, group, testid, columns, explain) {
  const users = group?.users || [];
  const shown =
    group && group.count > users.length
      ? `the first ${count(users.length)} of ${count(group.count)}`
      : null;
  return el(
    'div',
    { class: 'movers-block', testid },
    el(
      'h3',
      { class: 'movers-title' },
      title,
      ' ',
      el('span', { class: 'movers-count', testid: `${testid}-count` }, count(group?.count ?? 0)),
    ),
    el('p', { class: 'card-subtitle' }, explain, shown ? ` Showing ${shown}.` : ''),
    users.length
      ? table(columns, users, {
          testid: `${testid}-table`,
          scroll: true,
          rowAttributes: (u) => ({ 'data-user': u.user_id }),
        })
      : el('p', { class: 'muted' }, 'Nobody.'),
  );
}

export function moversSection(changes) {
  if (!changes)
    return card(
      'Movers since the last scoring',
      { testid: 'movers' },
      el(
        'p',
        { class: 'muted', testid: 'movers-none' },
        'This is the first scoring, so there is nothing to compare with yet. Score again when the next month’s logs are in to see who is newly at high risk, who rose most and who left the list.',
      ),
    );
  const user = { label: 'User', value: (u) => userLink(u.user_id) };
  const now = { label: 'Now', value: (u) => percent(u.probability), numeric: true };
  return card(
    `Movers since ${changes.previous_as_of}`,
    {
      testid: 'movers',
      subtitle: `Compared with the scoring as of ${changes.previous_as_of}.`,
    },
    el(
      'div',
      { class: 'grid three' },
      moverBlock(
        'Newly high risk',
        changes.newly_high,
        'movers-newly-high',
        [user, now, { label: 'Before', value: before, numeric: true }],
        'High risk now, not before (or not scored before), riskiest first.',
      ),
      moverBlock(
        'Risen most',
        changes.risen,
        'movers-risen',
        [
          user,
          now,
          { label: 'Before', value: (u) => percent(u.previous_probability), numeric: true },
          { label: 'Change', value: (u) => points(u.change), numeric: true },
        ],
        'Scored both times, by how much their probability rose.',
      ),
      moverBlock(
        'Left the list',
        changes.left,
        'movers-left',
        [
          user,
          { label: 'Before', value: (u) => percent(u.previous_probability), numeric: true },
          { label: 'Now', value: (u) => percent(u.probability), numeric: true },
          {
            label: 'Why',
            value: (u) => badge(u.why || EMPTY, u.why === 'risk fell' ? 'risk-low' : 'muted'),
          },
        ],
        'Flagged last time, not now.',
      ),
    ),
  );
}
