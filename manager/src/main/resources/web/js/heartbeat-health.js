// A server's heartbeat health (its node's writes and peers, as its agent last reported them to the manager) in the
// Servers tab: a badge with the write latency figures in the row, and an expandable detail view with every figure
// and one row per peer. A WARNING means a fence may be coming: writes slower than half the write timeout, or a peer
// whose heartbeat has not changed for half its dead bound.

import { definitions, el } from './dom.js';
import * as format from './format.js';

const ms = (v) => (v === null || v === undefined ? '—' : `${v} ms`);

/** "p50 3 / p99 7020 / max 7020 ms", or what the stack cannot tell. */
export function latencyText(own) {
  if (!own) return 'no figures';
  if (own.max_ms === null || own.max_ms === undefined) return 'no per-write latency';
  if (own.p50_ms === null || own.p50_ms === undefined) return `longest cycle ${own.max_ms} ms`;
  return `p50 ${own.p50_ms} / p99 ${own.p99_ms} / max ${own.max_ms} ms`;
}

function peerTable(peers) {
  if (!peers || peers.length === 0) return el('p', { class: 'muted' }, 'No peers.');
  return el('table', { class: 'grid heartbeat-peers' },
    el('thead', {}, el('tr', {},
      ['Peer', 'Heartbeat', 'Last change', 'Dead after', 'o2net', 'Last message'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, peers.map((p) => {
      const stale = p.live && p.last_change_age_ms !== null && p.last_change_age_ms > p.dead_bound_ms / 2;
      return el('tr', { dataset: { peer: p.name, stale: String(stale) } },
        el('th', { scope: 'row' }, `${p.name} (node ${p.number})`),
        el('td', {}, p.live ? 'live' : 'dead'),
        el('td', { class: stale ? 'health-warning' : null }, p.last_change_age_ms === null ? 'never' : `${ms(p.last_change_age_ms)} ago`),
        el('td', {}, ms(p.dead_bound_ms)),
        el('td', {}, format.status(p.connection)),
        el('td', {}, p.last_message_age_ms === null ? '—' : `${ms(p.last_message_age_ms)} ago`));
    })));
}

/**
 * The cell's content for `health` (the server's `heartbeat` field, or null): the badge (OK / Warning / Unknown), the
 * latency figures, and <details class="heartbeat-health"> with the rest; `open` expands it at once and
 * `onToggle(open)` is told when the user expands or collapses it.
 */
export function heartbeatCell(health, { open = false, onToggle } = {}) {
  if (!health) return el('span', { class: 'health health-none' }, '—');
  const level = health.level || 'UNKNOWN';
  const own = health.own;
  const badge = el('span', { class: `health health-${level.toLowerCase()}`, dataset: { level } },
    level === 'OK' ? 'OK' : level === 'WARNING' ? 'Warning' : 'Unknown');
  const hung = own && own.ms_since_last_good_write !== null && own.ms_since_last_good_write > own.write_timeout_ms / 2;
  const figures = el('div', { class: hung ? 'health-figures health-hung' : 'health-figures' },
    `write ${latencyText(own)}${hung ? ` · last good write ${own.ms_since_last_good_write} ms ago` : ''}`);
  const rows = [
    ['Level', level],
    ['When', format.time(health.at)],
    ['Warnings', health.warnings.length === 0 ? 'none'
      : el('ul', { class: 'health-warnings' }, health.warnings.map((w) => el('li', { dataset: { kind: w.kind } }, `${w.kind}: ${w.message}`)))],
  ];
  if (own) {
    rows.push(
      ['Write timeout', `${own.write_timeout_ms} ms${own.write_timeout_armed === false ? ' (not armed yet)' : ''}`],
      ['Since last good write', ms(own.ms_since_last_good_write)],
      ['Write in flight for', ms(own.write_pending_ms)],
      [`Write latency (last ${own.window_ms / 1000} s)`, latencyText(own)],
      ['Writes in the window', own.writes],
      ['Near misses (> ½, > ¾ timeout)', `${own.near_misses_half} / ${own.near_misses_three_quarters} in the window, `
        + `${own.total_near_misses_half} / ${own.total_near_misses_three_quarters} of ${own.total_writes} since start`],
    );
  }
  if (health.note) rows.push(['Note', health.note]);
  const details = el('details', { class: 'heartbeat-health', open, dataset: { level } },
    el('summary', {}, 'Heartbeat details'),
    definitions(rows, { class: 'health-fields' }),
    peerTable(health.peers));
  if (onToggle) details.addEventListener('toggle', () => onToggle(details.open));
  return [badge, figures, details];
}
