// The Servers tab: every server with its pool, node number and status (a FENCED one with its fence record, expandable).
// Refreshed by the Refresh button and, live, whenever a server, job or fence event arrives, so Adding turns Active
// (and a fenced node Fenced) without a reload.

import * as api from './api.js';
import { el, fill } from './dom.js';
import { fenceRecordView } from './fence-record.js';
import * as format from './format.js';
import { debounce } from './live.js';

export class ServersTab {
  constructor(root, live) {
    this.body = root.querySelector('#servers-table tbody');
    this.empty = root.querySelector('#servers-empty');
    this.error = root.querySelector('#servers-error');
    this.updated = root.querySelector('#servers-updated');
    this.openFences = new Set(); // server ids whose fence record is expanded, kept across re-renders
    root.querySelector('#refresh-servers-button').addEventListener('click', () => this.refresh());
    const soon = debounce(() => this.refresh(), 150);
    live.subscribe((event) => {
      if (/^(server|job|pool|fence)\./.test(event.kind)) soon();
    });
  }

  async refresh() {
    try {
      const [servers, pools] = await Promise.all([api.get('/api/servers'), api.get('/api/pools')]);
      const poolNames = new Map(pools.map((p) => [p.id, p.name]));
      fill(this.body, servers.map((s) => this.row(s, poolNames.get(s.pool_id))));
      this.empty.hidden = servers.length > 0;
      this.error.textContent = '';
      this.updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      this.error.textContent = `Cannot load servers: ${e.message}`;
    }
  }

  row(s, poolName) {
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
      el('td', {}, s.location ?? ''));
  }
}
