// The Server Pools tab: per pool its o2cb cluster settings, its repository (UUID, mount mode), its members, the
// membership matrix — which node sees which node live and connected, at which configuration generation — and the
// members whose configuration drifted, with their diffs. Create Pool, and per pool Edit, Change Timeouts, Re-sync and
// Delete; the cluster changes (timeouts, re-sync) show their plan before OK.
//
// The matrix comes from GET /api/pools/{id}/membership when the manager has it (agents polled now). Until then the
// tab derives it from the server statuses the manager keeps, and says so.

import * as api from './api.js';
import { diffView } from './diff-view.js';
import { definitions, el, fill } from './dom.js';
import * as format from './format.js';
import { debounce } from './live.js';

export class PoolsTab {
  /**
   * `changes` is the change dialog, `poolDialog` the Create/Edit Server Pool dialog, `announce(text, job)` shows what
   * was queued above the pools.
   */
  constructor(root, live, { changes, poolDialog, announce }) {
    this.changes = changes;
    this.poolDialog = poolDialog;
    this.announce = announce;
    this.list = root.querySelector('#pools-list');
    this.error = root.querySelector('#pools-error');
    this.visible = false;
    root.querySelector('#refresh-pools-button').addEventListener('click', () => this.refresh());
    root.querySelector('#create-pool-button').addEventListener('click', () => this.poolDialog.openCreate());
    const soon = debounce(() => this.visible && this.refresh(), 300);
    live.subscribe((event) => {
      if (/^(server|pool|membership|fence|node|config)\./.test(event.kind) || event.kind === 'job.succeeded') soon();
    });
  }

  show() {
    this.visible = true;
    return this.refresh();
  }

  hide() {
    this.visible = false;
  }

  async refresh() {
    try {
      const pools = await api.get('/api/pools');
      const details = await Promise.all(pools.map((p) => this.load(p.id)));
      fill(this.list, details.length === 0
        ? el('p', { id: 'pools-empty' }, 'No server pool yet: use Create Pool to make the first one.')
        : details.map(({ pool, membership, drifts }) => this.poolCard(pool, membership, drifts)));
      this.error.textContent = '';
    } catch (e) {
      this.error.textContent = `Cannot load server pools: ${e.message}`;
    }
  }

  async load(id) {
    const [pool, drifts] = await Promise.all([api.get(`/api/pools/${id}`), api.get(`/api/pools/${id}/drift`)]);
    let membership;
    try {
      const polled = await api.get(`/api/pools/${id}/membership`);
      membership = { live: true, source: `Polled from every member's agent at ${format.time(polled.polled_at)}.`, ...polled };
    } catch (e) {
      if (e.status !== 404) throw e;
      membership = recordedMembership(pool);
    }
    return { pool, membership, drifts };
  }

  poolCard(pool, membership, drifts) {
    const members = (pool.servers || []).filter((s) => s.node_number !== null && s.node_number !== undefined)
      .sort((a, b) => a.node_number - b.node_number);
    return el('article', { class: 'card pool', dataset: { poolName: pool.name, poolId: pool.id }, 'aria-labelledby': `pool-${pool.id}-title` },
      el('div', { class: 'card-header' },
        el('h2', { id: `pool-${pool.id}-title` }, `Server pool ${pool.name}`),
        el('div', { class: 'pool-actions' },
          el('button', { type: 'button', class: 'edit-pool-button', onclick: () => this.poolDialog.openEdit(pool) }, 'Edit'),
          el('button', { type: 'button', class: 'timeouts-button', onclick: () => this.changeTimeouts(pool, members) },
            'Change Timeouts'),
          el('button', { type: 'button', class: 'delete-pool-button', onclick: () => this.deletePool(pool) }, 'Delete'))),
      el('div', { class: 'columns' },
        el('section', { 'aria-label': 'Cluster settings' }, el('h3', {}, 'Cluster settings'), definitions([
          ['Cluster name', pool.cluster_name],
          ['Cluster port (ip_port)', pool.ip_port],
          ['Heartbeat dead threshold', `${pool.heartbeat_dead_threshold} (dead after ${(pool.heartbeat_dead_threshold - 1) * 2} s)`],
          ['Network idle timeout', `${pool.idle_timeout_ms} ms`],
          ['Network keepalive delay', `${pool.keepalive_delay_ms} ms`],
          ['Network reconnect delay', `${pool.reconnect_delay_ms} ms`],
          ['Heartbeat mode', pool.heartbeat_mode.toLowerCase()],
          ['Maximum nodes', pool.max_nodes],
          ['Configuration generation', pool.generation],
        ], { class: 'settings' })),
        el('section', { 'aria-label': 'Repository' }, el('h3', {}, 'Repository'), definitions([
          ['Type', pool.repository_type],
          ['Device or path', el('code', {}, pool.repository_path)],
          ['Filesystem UUID', pool.repository_uuid ? el('code', { class: 'uuid' }, pool.repository_uuid) : 'not known yet (reported by the first server)'],
          ['Mount mode', mountMode(pool, membership)],
        ], { class: 'repository' }))),
      el('section', { 'aria-label': 'Members' }, el('h3', {}, `Members (${members.length})`), this.membersTable(members)),
      el('section', { 'aria-label': 'Membership' }, el('h3', {}, 'Membership'), this.matrix(pool, members, membership)),
      this.driftView(pool, members, drifts));
  }

  /** The members whose live files differ from the pool's generation, each with its diff; Re-sync puts them back. */
  driftView(pool, members, drifts) {
    let body;
    if (members.length === 0) body = el('p', {}, 'No member yet.');
    else if (drifts.length === 0) {
      body = el('p', { class: 'in-step' }, `Every member runs the pool's configuration (generation ${pool.generation}) `
        + 'as the manager last read it.');
    } else {
      body = [el('p', { class: 'drift-note' }, `${drifts.length} member(s) run other files than the pool's generation `
        + `${pool.generation}. Re-sync puts the pool's files on every member as a new generation (plan shown first).`),
      drifts.map((d) => el('article', { class: 'drift-member', dataset: { server: d.server_name } },
        el('h4', {}, `${d.server_name}: ${driftWhat(d)}`),
        definitions([
          ['Its generation', d.live_generation ?? 'none committed'],
          ['The pool\'s generation', d.expected_generation],
          ['Edited by hand', d.hand_edited ? 'yes' : 'no'],
          ['Seen', format.time(d.detected_at)],
          ['Its stack cannot use them because', (d.problems || []).length ? d.problems.join('; ') : null],
        ].filter(([, value]) => value !== null)),
        d.diff ? diffView(d.diff) : el('p', { class: 'muted' }, 'The files are the pool\'s; only the generation differs.')))];
    }
    return el('section', { class: 'drift', id: `pool-${pool.id}-drift`, 'aria-label': 'Configuration drift',
      dataset: { drifted: drifts.length } },
    el('h3', {}, drifts.length ? `Configuration drift (${drifts.length})` : 'Configuration drift'), body,
    members.length ? el('div', { class: 'buttons' }, el('button', { type: 'button', class: 'resync-button',
      onclick: () => this.resync(pool) }, 'Re-sync')) : null);
  }

  changeTimeouts(pool, members) {
    this.changes.open({
      title: `Change Timeouts: ${pool.name}`,
      intro: members.length ? 'Every node stops heartbeating and unmounts the repository, takes the new values and '
        + 'starts again, all at once (refused while any VM runs, unless the VMs are stopped first and started again '
        + 'after). Change the values, then review the plan.'
        : 'The pool has no member yet: only its record changes. Change the values, then review the plan.',
      fields: [
        { name: 'heartbeat_dead_threshold', label: 'Heartbeat Dead Threshold', value: pool.heartbeat_dead_threshold,
          min: 7, hint: 'Iterations of 2 s: a silent node is dead after (threshold − 1) × 2 s.' },
        { name: 'idle_timeout_ms', label: 'Network Idle Timeout (ms)', value: pool.idle_timeout_ms, min: 5000 },
        { name: 'keepalive_delay_ms', label: 'Network Keepalive Delay (ms)', value: pool.keepalive_delay_ms, min: 1000,
          hint: 'Less than the idle timeout.' },
        { name: 'reconnect_delay_ms', label: 'Network Reconnect Delay (ms)', value: pool.reconnect_delay_ms, min: 2000 },
      ],
      forceOffered: members.length > 0,
      forceText: 'Stop the VMs first and start them again on the same servers after',
      planBody: (values, stopVms) => ({ action: 'change_timeouts', pool: pool.name, ...values, stop_vms: stopVms }),
      submit: (values, stopVms) => api.call('PUT', `/api/pools/${pool.id}/timeouts`, { ...values, stop_vms: stopVms }),
      done: (job) => this.announce(`Change Timeouts job ${job.id} queued for pool ${pool.name}.`, job),
    });
  }

  resync(pool) {
    this.changes.open({
      title: `Re-sync: ${pool.name}`,
      intro: 'The pool\'s files go to every member as a new configuration generation, above any member\'s own; the '
        + 'members that drifted take the pool\'s files back.',
      planBody: () => ({ action: 'resync', pool: pool.name }),
      submit: () => api.post(`/api/pools/${pool.id}/resync`),
      done: (job) => this.announce(`Re-sync job ${job.id} queued for pool ${pool.name}.`, job),
    });
  }

  deletePool(pool) {
    const servers = pool.servers || [];
    this.changes.open({
      title: `Delete Server Pool: ${pool.name}`,
      intro: 'The pool\'s record and its finished jobs are deleted; the events keep its history. No server changes.',
      refusal: servers.length ? `Pool ${pool.name} has ${servers.length} server(s): `
        + `${servers.map((s) => s.name).join(', ')}. Remove them first (Servers tab), then delete the pool.` : null,
      submit: () => api.call('DELETE', `/api/pools/${pool.id}`),
      done: () => {
        this.announce(`Server pool ${pool.name} deleted.`);
        this.refresh();
      },
    });
  }

  membersTable(members) {
    if (members.length === 0) return el('p', {}, 'No member yet: add a server in the Servers tab.');
    return el('table', { class: 'members' },
      el('thead', {}, el('tr', {}, ['Node number', 'Node name', 'Server Name', 'Cluster address', 'Status', 'Config generation']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, members.map((s) => el('tr', {},
        el('td', { class: 'number' }, s.node_number), el('td', {}, s.node_name ?? '—'), el('th', { scope: 'row' }, s.name),
        el('td', {}, s.ip_address ?? '—'),
        el('td', {}, el('span', { class: `status status-${s.status.toLowerCase()}` }, format.status(s.status))),
        el('td', { class: 'number' }, s.config_generation)))));
  }

  /** Rows: the observing node; columns: the node observed; a cell says live / connected as that observer sees it. */
  matrix(pool, members, membership) {
    if (members.length === 0) return el('p', {}, 'No nodes yet.');
    const views = new Map(membership.views.map((v) => [v.server_id, v]));
    // a node is fenced when its server is FENCED or its own stack says so
    const fenced = new Set(members.filter((s) => s.status === 'FENCED' || (views.get(s.id) || {}).stack === 'FENCED')
      .map((s) => s.node_number));
    const allLive = members.every((observer) => {
      const v = views.get(observer.id);
      return v && members.every((n) => (v.live_nodes || []).includes(n.node_number));
    });
    return el('div', {},
      el('p', { class: membership.live ? 'source' : 'source recorded', id: `pool-${pool.id}-membership-source` }, membership.source),
      el('table', { class: 'matrix', id: `pool-${pool.id}-matrix`, dataset: { allLive: String(allLive) } },
        el('caption', {}, allLive ? `Every node sees all ${members.length} node(s) live.` : 'Some nodes do not see every node live.'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Node ↓ sees →'),
          members.map((n) => el('th', { scope: 'col', class: fenced.has(n.node_number) ? 'fenced' : null,
            dataset: { node: n.node_number, fenced: String(fenced.has(n.node_number)) } },
          `${n.node_number}: ${n.node_name ?? n.name}`, fenced.has(n.node_number) ? el('span', { class: 'fenced-mark' }, ' ⚡ fenced') : null)),
          el('th', { scope: 'col' }, 'Generation (stack)'))),
        el('tbody', {}, members.map((observer) => this.matrixRow(observer, members, views.get(observer.id), fenced)))),
      fenced.size > 0 ? el('p', { class: 'fenced-note' }, `Fenced: node(s) ${[...fenced].join(', ')} fenced themselves `
        + '(their stack stopped heartbeating and wrote a fence record; see the Servers and Events tabs). Restart the '
        + 'stack on the server to rejoin.') : null);
  }

  matrixRow(observer, members, view, fenced) {
    const cells = members.map((n) => {
      const cell = (cls, text) => el('td', { class: `cell ${cls}${fenced.has(n.node_number) ? ' fenced' : ''}`,
        dataset: { observer: observer.name, node: n.node_number, fenced: String(fenced.has(n.node_number)) } }, text);
      if (fenced.has(observer.node_number) && view && !view.error && view.stack === 'FENCED') {
        return cell('unknown', 'fenced (its stack left the cluster)');
      }
      if (!view || view.error) return cell('unknown', '?');
      const live = (view.live_nodes || []).includes(n.node_number);
      if (!live && view.stack === 'ONLINE' && (view.configured_nodes || []).includes(n.node_number)) {
        return cell('unknown', 'configured (stack online without heartbeat: liveness not observable)');
      }
      const connected = view.connected_nodes ? view.connected_nodes.includes(n.node_number) : null;
      const self = n.node_number === observer.node_number;
      const words = [live ? 'live' : 'not live'];
      if (!self && connected !== null) words.push(connected ? 'connected' : 'not connected');
      if (!live && fenced.has(n.node_number)) words.push('fenced');
      return cell(live ? 'live' : 'dead', words.join(', '));
    });
    return el('tr', {}, el('th', { scope: 'row', class: fenced.has(observer.node_number) ? 'fenced' : null },
      `${observer.node_number}: ${observer.node_name ?? observer.name}`,
      fenced.has(observer.node_number) ? el('span', { class: 'fenced-mark' }, ' ⚡ fenced') : null), cells,
      el('td', { class: 'number' }, view && !view.error
        ? `${view.generation}${view.stack ? ` (${view.stack.toLowerCase()})` : ''}` : (view && view.error) || '?'));
  }
}

/**
 * The matrix the manager's records imply, until it can poll the agents for us: a member is ACTIVE only while every
 * member saw it live (at the end of its Add Server job, and at the manager's last status check since).
 */
function recordedMembership(pool) {
  const members = (pool.servers || []).filter((s) => s.node_number !== null && s.node_number !== undefined);
  const active = members.filter((s) => s.status === 'ACTIVE').map((s) => s.node_number);
  return {
    live: false,
    source: 'Derived from the server statuses the manager keeps (ACTIVE = seen live by every member when last '
      + 'checked), because the manager has no live membership endpoint (GET /api/pools/{id}/membership) yet; '
      + 'TCP connections between nodes are not reported.',
    views: members.map((s) => ({
      server_id: s.id,
      generation: s.config_generation,
      live_nodes: s.status === 'ACTIVE' ? active : [],
      connected_nodes: null,
    })),
  };
}

function mountMode(pool, membership) {
  const modes = new Set((membership.views || []).map((v) => v.repository_mount_mode).filter(Boolean));
  if (modes.size > 0) return [...modes].join(', ');
  if (pool.generation > 0) return `cluster (rw,_netdev,heartbeat=${pool.heartbeat_mode.toLowerCase()})`;
  return 'local (heartbeat=none) until the first server joins';
}

function driftWhat(d) {
  if (d.hand_edited) return 'its files were edited by hand';
  if (d.live_generation === null || d.live_generation === undefined) return 'it has no committed configuration';
  if (d.live_generation < d.expected_generation) return `it is behind (generation ${d.live_generation})`;
  if (d.live_generation > d.expected_generation) return `it is ahead (generation ${d.live_generation})`;
  return 'its files differ';
}
