// The Events tab: the manager's audit log as it happens (newest first) — membership changes, fence records, server
// and job changes — filtered by kind.

import { el } from './dom.js';
import { fenceRecordView } from './fence-record.js';
import * as format from './format.js';

const MAX_ROWS = 500;

/** Filter name → which event kinds it shows. */
const FILTERS = {
  all: () => true,
  membership: (kind) => /^(membership|node|fence|quorum)\./.test(kind),
  servers: (kind) => kind.startsWith('server.'),
  jobs: (kind) => kind.startsWith('job.'),
  pools: (kind) => kind.startsWith('pool.'),
  users: (kind) => kind.startsWith('user.'),
};

export class EventsTab {
  constructor(root, live) {
    this.body = root.querySelector('#events-table tbody');
    this.filter = root.querySelector('#events-filter');
    this.count = root.querySelector('#events-count');
    this.filter.addEventListener('change', () => this.applyFilter());
    live.subscribe((event) => this.add(event));
  }

  add(event) {
    const row = el('tr', { class: `event event-${event.kind.split('.')[0]}`, dataset: { kind: event.kind, eventId: event.id } },
      el('td', { class: 'number' }, event.id),
      el('td', {}, format.time(event.at)),
      el('td', {}, el('code', {}, event.kind)),
      el('td', { class: 'event-user' }, event.user ?? '—'),
      el('td', {}, event.message, event.kind === 'fence.node-fenced' && event.details
        ? fenceRecordView(event.details) : null));
    row.hidden = !FILTERS[this.filter.value](event.kind);
    this.body.prepend(row);
    while (this.body.rows.length > MAX_ROWS) this.body.lastElementChild.remove();
    this.updateCount();
  }

  applyFilter() {
    const accept = FILTERS[this.filter.value];
    for (const row of this.body.rows) row.hidden = !accept(row.dataset.kind);
    this.updateCount();
  }

  updateCount() {
    const shown = [...this.body.rows].filter((r) => !r.hidden).length;
    this.count.textContent = shown === 0 && this.filter.value === 'membership'
      ? 'No membership or fence events recorded.'
      : `${shown} event(s) shown`;
  }

  clear() {
    this.body.replaceChildren();
  }
}
