// The Virtual Machines tab: every VM with its pool, server and state, kept live by the event stream (a VM that starts,
// moves, stops or is restarted after a fence shows it without a reload). Start, Stop, Migrate and Delete each show
// the plan the manager would run (POST /api/vms/{vm}/plan) before OK; Create VM defines one in a pool.

import * as api from './api.js';
import { el, fill } from './dom.js';
import { clearFieldErrors, showFieldErrors } from './field-errors.js';
import { debounce } from './live.js';

const STATE_TEXT = {
  RUNNING: 'Running', STOPPED: 'Stopped', STARTING: 'Starting', STOPPING: 'Stopping', MIGRATING: 'Migrating',
  PAUSED: 'Paused', CRASHED: 'Crashed', UNKNOWN: 'Unknown', DOWN: 'Down', RESTARTING: 'Restarting',
};

export class VmsTab {
  /** `changes` is the change dialog; `announce(text, job)` shows what was queued above the table. */
  constructor(root, live, { changes, announce }) {
    this.root = root;
    this.changes = changes;
    this.announce = announce;
    this.body = root.querySelector('#vms-table tbody');
    this.empty = root.querySelector('#vms-empty');
    this.error = root.querySelector('#vms-error');
    this.form = root.querySelector('#create-vm-form');
    this.servers = [];
    this.targets = new Map(); // the server chosen per VM, kept when live events re-render the rows
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.create();
    });
    root.querySelector('#refresh-vms-button').addEventListener('click', () => this.refresh());
    const soon = debounce(() => this.refresh(), 150);
    live.subscribe((event) => {
      if (!root.hidden && /^(vm|job|server)\./.test(event.kind)) soon();
    });
  }

  async refresh() {
    try {
      const [vms, servers, pools] = await Promise.all([api.get('/api/vms'), api.get('/api/servers'),
        api.get('/api/pools')]);
      this.servers = servers;
      fill(this.body, vms.map((v) => this.row(v)));
      this.empty.hidden = vms.length > 0;
      this.error.textContent = '';
      const pool = this.form.querySelector('#new-vm-pool');
      const chosen = pool.value;
      fill(pool, pools.map((p) => el('option', { value: p.name }, p.name)));
      if (chosen) pool.value = chosen;
    } catch (e) {
      this.error.textContent = `Cannot load VMs: ${e.message}`;
    }
  }

  row(v) {
    const others = this.servers.filter((s) => s.pool_id === v.pool_id && s.status === 'ACTIVE' && s.name !== v.server);
    const target = el('select', { class: 'vm-target', 'aria-label': `Server for ${v.name}`,
      onchange: (e) => this.targets.set(v.name, e.target.value) },
      v.state === 'RUNNING' ? null : el('option', { value: '' }, 'least loaded'),
      others.map((s) => el('option', { value: s.name }, s.name)));
    if (others.some((s) => s.name === this.targets.get(v.name))) target.value = this.targets.get(v.name);
    return el('tr', { dataset: { vm: v.name, state: v.state } },
      el('th', { scope: 'row' }, v.name),
      el('td', {}, v.pool),
      el('td', { class: 'vm-server' }, v.server ?? '—'),
      el('td', { class: 'status-cell' },
        el('span', { class: `status vm-state vm-state-${v.state.toLowerCase()}` }, STATE_TEXT[v.state] ?? v.state),
        v.state_reason ? el('div', { class: 'status-reason' }, v.state_reason) : null),
      el('td', {}, v.ha ? 'HA' : '—'),
      el('td', { class: 'number' }, `${v.vcpus} vCPU, ${v.memory_mib} MiB`),
      el('td', { class: 'actions' }, this.actions(v, target)));
  }

  actions(v, target) {
    const running = ['RUNNING', 'PAUSED'].includes(v.state);
    const buttons = [];
    if (running) {
      buttons.push(target, ' ');
      buttons.push(this.button(v, 'migrate', 'Migrate', () => ({ action: 'migrate', to: target.value }),
        () => api.post(`/api/vms/${encodeURIComponent(v.name)}/migrate`, { to: target.value }),
        () => `Live-migrate ${v.name} to ${target.value}`, 'It keeps running: its memory is copied to the other server,'
          + ' then it continues there after a pause of a fraction of a second.'));
      buttons.push(this.button(v, 'stop', 'Stop', () => ({ action: 'stop' }),
        () => api.post(`/api/vms/${encodeURIComponent(v.name)}/stop`, {}), () => `Stop ${v.name}`,
        'The guest is asked to shut down (ACPI) and forced off if it has not after the timeout.'));
    } else if (!['STARTING', 'STOPPING', 'MIGRATING', 'RESTARTING', 'UNKNOWN'].includes(v.state)) {
      buttons.push(target, ' ');
      buttons.push(this.button(v, 'start', 'Start', () => (target.value ? { action: 'start', server: target.value }
        : { action: 'start' }), () => api.post(`/api/vms/${encodeURIComponent(v.name)}/start`,
        target.value ? { server: target.value } : {}), () => `Start ${v.name}`
        + (target.value ? ` on ${target.value}` : ''), 'The server takes the VM\'s ownership lease on the shared'
          + ' repository, then starts it: a VM never runs on two servers.'));
      buttons.push(this.button(v, 'delete', 'Delete', () => ({ action: 'delete' }),
        () => api.call('DELETE', `/api/vms/${encodeURIComponent(v.name)}`), () => `Delete ${v.name}`,
        'Its definition is removed from the repository; its disk image stays.', 'danger'));
    }
    return buttons;
  }

  button(v, action, label, planBody, submit, title, intro, cls) {
    return el('button', { type: 'button', class: cls, dataset: { action },
      onclick: () => this.changes.open({
        title: title(), intro,
        planPath: `/api/vms/${encodeURIComponent(v.name)}/plan`,
        planBody,
        submit,
        done: (job) => this.announce(`${label} job ${job.id} queued for VM ${v.name}.`, job),
      }) }, label, ' ');
  }

  async create() {
    clearFieldErrors(this.form);
    const memory = this.form.querySelector('#new-vm-memory').value.trim();
    const body = {
      name: this.form.querySelector('#new-vm-name').value.trim(),
      pool: this.form.querySelector('#new-vm-pool').value,
      ha: this.form.querySelector('#new-vm-ha').checked,
    };
    if (memory) body.memory_mib = /^\d+$/.test(memory) ? Number(memory) : memory;
    try {
      const job = await api.post('/api/vms', body);
      this.form.reset();
      this.announce(`VM ${body.name} is being defined in pool ${body.pool} (job ${job.id}).`, job);
      await this.refresh();
    } catch (e) {
      if (!showFieldErrors(this.form, e)) this.error.textContent = e.message;
    }
  }
}
