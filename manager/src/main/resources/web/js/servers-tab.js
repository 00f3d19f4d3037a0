// The Servers tab: every server with its pool, node number and status (a FENCED one with its fence record, expandable).
// Refreshed by the Refresh button and, live, whenever a server, job or fence event arrives, so Adding turns Active
// (and a fenced node Fenced) without a reload. Maintenance and Remove show the plan the manager would run before OK.

import * as api from './api.js';
import { el, fill } from './dom.js';
import { fenceRecordView } from './fence-record.js';
import { heartbeatCell } from './heartbeat-health.js';
import * as format from './format.js';
import { debounce } from './live.js';

export class ServersTab {
  /** `changes` is the change dialog; `announce(text, job)` shows what was queued above the table. */
  constructor(root, live, { changes, announce }) {
    this.changes = changes;
    this.announce = announce;
    this.body = root.querySelector('#servers-table tbody');
    this.empty = root.querySelector('#servers-empty');
    this.error = root.querySelector('#servers-error');
    this.updated = root.querySelector('#servers-updated');
    this.openFences = new Set(); // server ids whose fence record is expanded, kept across re-renders
    this.openHealth = new Set(); // server ids whose heartbeat details are expanded
    root.querySelector('#refresh-servers-button').addEventListener('click', () => this.refresh());
    const soon = debounce(() => this.refresh(), 150);
    live.subscribe((event) => {
      if (/^(server|job|pool|fence|heartbeat|vm)\./.test(event.kind)) soon();
    });
  }

  async refresh() {
    try {
      const [servers, pools, vms] = await Promise.all([api.get('/api/servers'), api.get('/api/pools'),
        api.get('/api/vms')]);
      const poolNames = new Map(pools.map((p) => [p.id, p.name]));
      const vmsOn = new Map();
      for (const v of vms) {
        if (v.server_id !== null && v.server_id !== undefined) vmsOn.set(v.server_id, [...(vmsOn.get(v.server_id) || []), v]);
      }
      fill(this.body, servers.map((s) => this.row(s, poolNames.get(s.pool_id), vmsOn.get(s.id) || [])));
      this.empty.hidden = servers.length > 0;
      this.error.textContent = '';
      this.updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      this.error.textContent = `Cannot load servers: ${e.message}`;
    }
  }

  row(s, poolName, vms = []) {
    return el('tr', { dataset: { serverName: s.name, serverId: s.id } },
      el('th', { scope: 'row' }, s.name),
      el('td', {}, s.host),
      el('td', {}, format.serverType(s.type)),
      el('td', {}, poolName ?? `pool ${s.pool_id}`),
      el('td', { class: 'number' }, s.node_number ?? '—'),
      el('td', { class: 'status-cell' },
        el('span', { class: `status status-${s.status.toLowerCase()}` }, format.status(s.status)),
        s.status_reason ? el('div', { class: 'status-reason' },
          `${s.status_step ? `at step ${s.status_step}: ` : ''}${s.status_reason}`) : null,
        s.status === 'FENCED' && s.fence ? fenceRecordView(s.fence, {
          open: this.openFences.has(s.id),
          onToggle: (open) => (open ? this.openFences.add(s.id) : this.openFences.delete(s.id)),
        }) : null),
      el('td', { class: 'heartbeat-cell' }, heartbeatCell(s.heartbeat, {
        open: this.openHealth.has(s.id),
        onToggle: (open) => (open ? this.openHealth.add(s.id) : this.openHealth.delete(s.id)),
      })),
      el('td', { class: 'server-vms' }, vms.length === 0 ? '—' : vms.map((v, i) => [i ? ', ' : '',
        el('span', { dataset: { vm: v.name }, title: v.state }, `${v.name} (${v.state.toLowerCase()})`)])),
      el('td', {}, s.location ?? ''),
      el('td', { class: 'actions' }, this.actions(s)));
  }

  /** Maintenance toggle and Remove, each confirmed with the plan the manager would run. */
  actions(s) {
    const busy = s.status === 'ADDING' || s.status === 'REMOVING';
    const dead = s.status === 'DEAD' || s.status === 'FENCED';
    const buttons = [];
    if (s.status === 'ACTIVE' || s.status === 'MAINTENANCE' || s.status === 'DEAD') {
      const enter = s.status === 'ACTIVE';
      buttons.push(el('button', { type: 'button', class: 'maintenance-button', dataset: { action: enter ? 'enter' : 'exit' },
        onclick: () => this.changes.open({
          title: enter ? `Enter maintenance: ${s.name}` : `Back from ${s.status === 'DEAD' ? 'the dead' : 'maintenance'}: ${s.name}`,
          intro: enter ? 'Its repository is unmounted and its stack stopped; the other members keep its node and expect it dead.'
            : 'Its files are brought to the pool\'s generation before its stack starts; then it must be live on every node.',
          planBody: () => ({ action: enter ? 'maintenance_enter' : 'maintenance_exit', server_id: s.id }),
          submit: () => api.post(`/api/servers/${s.id}/maintenance`, { action: enter ? 'enter' : 'exit' }),
          done: (job) => this.announce(`${enter ? 'Enter' : 'Exit'} maintenance job ${job.id} queued for ${s.name}.`, job),
        }) }, enter ? 'Maintenance' : 'End maintenance'));
    }
    if (!busy) {
      buttons.push(el('button', { type: 'button', class: 'remove-button',
        onclick: () => this.changes.open({
          title: `Remove Server: ${s.name}`,
          intro: dead ? `${s.name} is ${s.status}: tick Force to drop it from every member without contacting it.`
            : 'It leaves the cluster (repository unmounted, stack stopped), then every remaining member drops its node.',
          forceOffered: dead,
          planBody: (values, force) => ({ action: 'remove_server', server_id: s.id, force }),
          submit: (values, force) => api.call('DELETE', `/api/servers/${s.id}${force ? '?force=true' : ''}`),
          done: (job) => (job ? this.announce(`Remove Server job ${job.id} queued for ${s.name}.`, job)
            : this.announce(`${s.name} removed (it held no node number).`)),
        }) }, 'Remove'));
    }
    return buttons;
  }
}
