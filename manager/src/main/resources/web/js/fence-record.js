// A fence record (why a node fenced itself, as its stack wrote it to the shared repository, or as a survivor's agent
// assembled it from kernel lines on the kernel stack) as an expandable block:
// the rule and reason in the summary, every field in the body. Used by the Events and Servers tabs.

import { definitions, el } from './dom.js';
import * as format from './format.js';

const RULES = {
  WRITE_TIMEOUT: 'Heartbeat write timeout',
  QUORUM_MINORITY: 'Lost quorum (connected to a minority)',
  QUORUM_HALF_WITHOUT_LOWEST: 'Lost quorum (half the nodes, without the lowest)',
  UNKNOWN: 'Rule not received from the node',
};

/** The rule as a person reads it, with its name. */
export function ruleText(rule) {
  return RULES[rule] ? `${RULES[rule]} (${rule})` : rule;
}

const list = (names) => (names && names.length > 0 ? names.join(', ') : 'none');
const count = (n) => (n === -1 ? 'not printed by the kernel' : n);

const ORIGINS = {
  NETCONSOLE: (l) => `${l.node}, received by ${l.via} over netconsole`,
  RAMOOPS: (l) => `${l.node}, from ramoops after its reboot`,
  SURVIVOR: (l) => `${l.node} (survivor)`,
};

/** The kernel stack's lines, each saying where it came from. */
function kernelLines(kernel) {
  return el('ol', { class: 'fence-kernel-lines' }, ...kernel.lines.map((l) => el('li', { dataset: { origin: l.origin } },
    el('span', { class: 'fence-kernel-origin' }, `${(ORIGINS[l.origin] || ((x) => x.node))(l)}`
      + `${l.uptime_us == null ? '' : ` at ${(l.uptime_us / 1e6).toFixed(6)} s`}: `),
    el('code', {}, l.text))));
}

/**
 * <details class="fence-record"> for `record` ({time, rule, message, heartbeating, connected, lowest_node, peers_seen,
 * peers_connected, last_write_latencies_ms, method, node, node_number, cluster}); `open` expands it at once and
 * `onToggle(open)` is told when the user expands or collapses it.
 */
export function fenceRecordView(record, { open = false, onToggle } = {}) {
  const latencies = record.last_write_latencies_ms || [];
  const details = el('details', { class: 'fence-record', open, dataset: { rule: record.rule } },
    el('summary', {}, `Fence record: ${ruleText(record.rule)}`),
    definitions([
      ['Rule', ruleText(record.rule)],
      ['Reason', record.message],
      ['When', format.time(record.time)],
      ['Node', `${record.node} (node ${record.node_number}) in cluster ${record.cluster}`],
      ['Heartbeating nodes', count(record.heartbeating)],
      ['Connected nodes', count(record.connected)],
      ['Lowest heartbeating node', record.lowest_node === 255 ? 'none' : count(record.lowest_node)],
      ['Peers seen heartbeating', list(record.peers_seen)],
      ['Peers connected', list(record.peers_connected)],
      ['Heartbeat write latencies (ms, oldest first)', latencies.length > 0 ? latencies.join(', ') : 'none recorded'],
      ['Fence method', record.method],
      ...(record.kernel ? [
        ["The node's own lines", record.kernel.fenced_node_source],
        ['Write timeout (ms)', record.kernel.write_timeout_ms ?? 'not received'],
        ['Warning before the fence (ms)', record.kernel.warning_before_fence_ms ?? 'not received'],
        ['Eviction to recovery done (ms, per survivor)', list(record.kernel.eviction_ms)],
      ] : []),
    ], { class: 'fence-fields' }),
    ...(record.kernel ? [kernelLines(record.kernel)] : []));
  if (onToggle) details.addEventListener('toggle', () => onToggle(details.open));
  return details;
}
