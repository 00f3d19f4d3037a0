// The Add Server dialog, as in the seed: Server Host/IP, Server Name, Server Type, Server Pool Name, Location,
// Description (plus the agent password the manager needs), and with Add Another Server more servers for the same pool
// (one batch job, one configuration generation). Test Connection tests every server and shows each agent's facts and
// every preflight finding with its fix; Add is enabled only after a successful test of the values still in the form;
// Add shows the review: the servers and the plan the manager would run now (POST /api/plan); OK runs it unless the
// plan is refused. Every error is shown next to the field (of the server) it concerns.

import * as api from './api.js';
import { PlanReview } from './change-dialog.js';
import { diffView } from './diff-view.js';
import { definitions, el, fill } from './dom.js';
import * as format from './format.js';
import { SERVER_FIELDS, ServerRow, TESTED } from './server-row.js';

export class AddServerDialog {
  /** `onAdded(job, servers)` runs after the manager accepted the servers (HTTP 202); `servers` are their values. */
  constructor(dialog, onAdded) {
    this.dialog = dialog;
    this.onAdded = onAdded;
    this.form = dialog.querySelector('#add-server-form');
    this.formStep = dialog.querySelector('#add-server-step-form');
    this.confirmStep = dialog.querySelector('#add-server-step-confirm');
    this.formError = dialog.querySelector('#add-server-error');
    this.pool = dialog.querySelector('#server-pool');
    this.more = dialog.querySelector('#more-servers');
    this.firstHeading = dialog.querySelector('#first-server-heading');
    this.testStatus = dialog.querySelector('#test-status');
    this.testDetails = dialog.querySelector('#test-details');
    this.testButton = dialog.querySelector('#test-connection-button');
    this.growSlots = dialog.querySelector('#grow-slots');
    this.addButton = dialog.querySelector('#add-button');
    this.okButton = dialog.querySelector('#confirm-ok-button');
    this.review = new PlanReview(dialog.querySelector('#add-server-plan'));
    this.rows = [new ServerRow(dialog, null, (row, field) => this.changed(row, field))];
    this.nextKey = 2;

    this.form.addEventListener('submit', (e) => e.preventDefault());
    this.testButton.addEventListener('click', () => this.testConnection());
    this.addButton.addEventListener('click', () => this.confirm());
    this.okButton.addEventListener('click', () => this.submit());
    dialog.querySelector('#add-row-button').addEventListener('click', () => this.addRow());
    dialog.querySelector('#confirm-back-button').addEventListener('click', () => this.showStep('form'));
    dialog.querySelector('#cancel-button').addEventListener('click', () => this.dialog.close());
    for (const event of ['input', 'change']) this.pool.addEventListener(event, () => this.poolChanged());
  }

  async open() {
    this.form.reset();
    this.rows.slice(1).forEach((row) => row.element().remove());
    this.rows = this.rows.slice(0, 1);
    this.rows[0].tested = null;
    this.renumber();
    this.showStep('form');
    this.clearErrors();
    fill(this.testDetails);
    this.setTestStatus('idle', 'Test the connection to the server\'s agent before adding it.');
    this.updateAdd();
    this.dialog.showModal();
    await this.loadPools();
    this.rows[0].input('host').focus();
  }

  async loadPools() {
    try {
      const pools = await api.get('/api/pools');
      fill(this.pool, el('option', { value: '' }, 'Choose a server pool'),
        pools.map((p) => el('option', { value: p.name }, p.name)));
      if (pools.length === 1) this.pool.value = pools[0].name;
      if (pools.length === 0) this.showPoolError('No server pool exists yet: create one first (Server Pools tab, Create Pool).');
    } catch (e) {
      this.showPoolError(`Cannot load the server pools: ${e.message}`);
    }
  }

  /** Add Another Server: a further row for the same pool, untested. */
  addRow() {
    const key = this.nextKey++;
    let row;
    this.more.append(ServerRow.build(key, () => this.removeRow(row)));
    row = new ServerRow(this.dialog, key, (r, field) => this.changed(r, field));
    this.rows.push(row);
    this.renumber();
    this.updateAdd();
    this.setTestStatus('idle', `Server ${row.position} added: test the connections before adding.`);
    row.input('host').focus();
  }

  removeRow(row) {
    row.element().remove();
    this.rows = this.rows.filter((r) => r !== row);
    this.renumber();
    this.updateAdd();
    if (this.rows.every((r) => r.stillTested(this.pool.value))) {
      this.setTestStatus('ok', this.rows.length === 1 ? 'Connection OK (tested before).'
        : `Connection OK for all ${this.rows.length} servers (tested before).`);
    }
  }

  renumber() {
    this.rows.forEach((row, i) => row.number(i + 1));
    this.firstHeading.hidden = this.rows.length === 1;
    this.dialog.querySelector('#add-server-title').textContent = this.rows.length === 1 ? 'Add Server'
      : `Add ${this.rows.length} Servers`;
    this.addButton.textContent = this.rows.length === 1 ? 'Add' : `Add ${this.rows.length} Servers`;
  }

  /** A field changed: its error goes; if Test Connection used it, that server's test no longer counts. */
  changed(row, field) {
    row.showFieldError(field.api, '');
    if (row.tested && TESTED.includes(field.api) && !row.stillTested(this.pool.value)) {
      row.tested = null;
      this.updateAdd();
      this.setTestStatus('idle', `${this.rows.length > 1 ? `${row.title()}: ` : ''}${field.label} changed: `
        + 'test the connection again.');
    }
  }

  poolChanged() {
    this.showPoolError('');
    if (this.rows.some((r) => r.tested)) {
      this.rows.forEach((r) => { r.tested = null; });
      this.updateAdd();
      this.setTestStatus('idle', 'Server Pool Name changed: test the connection again.');
    }
  }

  updateAdd() {
    this.addButton.disabled = !this.rows.every((r) => r.stillTested(this.pool.value));
  }

  /** Flags every empty required field among `names` (and the pool); returns whether all are filled. */
  checkRequired(names) {
    let ok = this.rows.map((r) => r.checkRequired(names)).every(Boolean);
    if (!this.pool.value) {
      this.showPoolError('Server Pool Name is required.');
      ok = false;
    }
    if (!ok) this.focusFirstError();
    return ok;
  }

  async testConnection() {
    this.clearErrors();
    if (!this.checkRequired(TESTED)) {
      this.setTestStatus('error', 'Fill in the fields marked below, then test again.');
      return;
    }
    const pool = this.pool.value;
    this.rows.forEach((r) => { r.tested = null; });
    this.updateAdd();
    this.testButton.disabled = true;
    fill(this.testDetails);
    const hosts = this.rows.map((r) => r.values().host).join(', ');
    this.setTestStatus('busy', `Testing the connection to ${hosts}…`);
    try {
      const outcomes = await Promise.all(this.rows.map((row) => this.testRow(row, pool)));
      this.showTestOutcomes(outcomes);
    } finally {
      this.testButton.disabled = false;
      this.updateAdd();
    }
  }

  /** Tests one server: {row, ok, text, views}; a successful test marks the row tested. */
  async testRow(row, pool) {
    const v = row.values();
    let result;
    try {
      result = await api.post('/api/servers/test-connection',
        { host: v.host, name: v.name, pool, agent_password: v.agent_password, grow_slots: this.growSlots.checked });
    } catch (e) {
      this.showApiError(e, row);
      return { row, ok: false, text: `Test Connection failed: ${e.message}`, views: [] };
    }
    if (!result.reachable) {
      return { row, ok: false, views: [], text: `Cannot connect to the agent on ${v.host}: ${result.error}. `
        + 'Check that the agent is running on that host and that the agent password is right.' };
    }
    const findings = result.findings || [];
    const blocking = findings.filter((f) => f.severity === 'ERROR');
    row.fingerprint = result.fingerprint;
    const fixHosts = (panel) => this.showHostsFix(panel, v, pool);
    const views = [factsView(result), findingsView(findings, fixHosts), matrixView(result.matrix || [])];
    if (blocking.length > 0) {
      return { row, ok: false, views, text: `Connected to ${result.facts.hostname}, but ${blocking.length} problem(s) `
        + 'must be fixed before this server can join the pool (see the findings below); then test again.' };
    }
    row.tested = { ...v, pool };
    return { row, ok: true, views, text: `Connection OK: agent on ${result.facts.hostname} answered`
      + (findings.length ? ` with ${findings.length} finding(s) that do not block adding.` : '; no preflight findings.') };
  }

  showTestOutcomes(outcomes) {
    if (outcomes.length === 1) {
      const [o] = outcomes;
      fill(this.testDetails, o.views);
      this.setTestStatus(o.ok ? 'ok' : 'error', o.text);
      return;
    }
    fill(this.testDetails, outcomes.map((o) => el('section', { class: `server-test ${o.ok ? 'ok' : 'error'}`,
      dataset: { row: o.row.position }, 'aria-label': o.row.title() },
    el('h3', {}, o.row.title()), el('p', { class: 'server-test-status' }, o.text), o.views)));
    const failed = outcomes.filter((o) => !o.ok);
    this.setTestStatus(failed.length ? 'error' : 'ok', failed.length
      ? `${failed.length} of ${outcomes.length} servers cannot be added yet (${failed.map((o) => o.row.title()).join('; ')}): `
        + 'see each server below, fix, then test again.'
      : `Connection OK for all ${outcomes.length} servers.`);
  }

  /** Add: the review step with the servers and the plan; OK is enabled once the plan may run. */
  async confirm() {
    this.clearErrors();
    if (!this.rows.every((r) => r.stillTested(this.pool.value))
      || !this.checkRequired(SERVER_FIELDS.map((f) => f.api))) return;
    const pool = this.pool.value;
    const servers = this.rows.map((r) => r.values());
    this.dialog.querySelector('#confirm-intro').textContent = servers.length === 1
      ? 'Add this server to the pool? OK runs the plan below: the manager checks every node again, adds the server to '
        + 'the cluster on every existing node and then starts it; its status shows Adding until it is Active.'
      : `Add these ${servers.length} servers to the pool in one job? OK runs the plan below: the manager checks every `
        + 'node again, adds them all to the cluster on every existing node as one configuration generation and then '
        + 'starts them; their status shows Adding until they are Active.';
    fill(this.dialog.querySelector('#confirm-summary'), servers.length === 1 ? definitions([
      ['Server Host/IP', servers[0].host],
      ['Server Name', servers[0].name],
      ['Server Type', format.serverType(servers[0].type)],
      ['Server Pool Name', pool],
      ['Location', servers[0].location || '—'],
      ['Description', servers[0].description || '—'],
    ]) : serversTable(pool, servers));
    this.okButton.disabled = true;
    this.showStep('confirm');
    try {
      const runnable = await this.review.show({ action: 'add_server', pool, servers: this.rows.map((r) => r.body()),
        ...(this.growSlots.checked ? { grow_slots: true } : {}) });
      if (runnable === null) return;
      this.okButton.disabled = !runnable;
      if (runnable) this.okButton.focus();
    } catch (e) {
      this.showStep('form');
      this.showApiError(e);
    }
  }

  async submit() {
    const pool = this.pool.value;
    // each server pinned to the certificate its Test Connection showed; grow_slots as the box says
    const servers = this.rows.map((r) => (r.fingerprint ? { ...r.body(), fingerprint: r.fingerprint } : r.body()));
    const grow = this.growSlots.checked ? { grow_slots: true } : {};
    this.okButton.disabled = true;
    try {
      const job = servers.length === 1 ? await api.post('/api/servers', { pool, ...servers[0], ...grow })
        : await api.post('/api/servers/batch', { pool, servers, ...grow });
      this.dialog.close();
      this.onAdded(job, this.rows.map((r) => r.values()));
    } catch (e) {
      this.showStep('form');
      this.showApiError(e);
    } finally {
      this.okButton.disabled = false;
    }
  }

  /**
   * Puts each field error of an API reply next to its field: `servers[i].name` (a batch or a plan) on server i+1,
   * `pool` on the pool, a plain server field on `row` (a single server's request); anything else above the buttons.
   */
  showApiError(e, row = this.rows[0]) {
    let placed = 0;
    for (const fe of e.fields || []) {
      const m = /^servers\[(\d+)]\.(.+)$/.exec(fe.field);
      const target = m ? this.rows[Number(m[1])] : row;
      const name = m ? m[2] : fe.field;
      if (name === 'pool' && !m) {
        this.showPoolError(fe.message);
        this.rows.forEach((r) => { r.tested = null; });
      } else if (target && SERVER_FIELDS.some((f) => f.api === name)) {
        target.showFieldError(name, fe.message);
        if (TESTED.includes(name)) target.tested = null;
      } else {
        continue;
      }
      placed++;
    }
    if (placed > 0) this.focusFirstError();
    this.updateAdd();
    if (placed === 0 || placed < (e.fields || []).length) this.formError.textContent = e.message;
  }

  showPoolError(message) {
    this.dialog.querySelector('#server-pool-error').textContent = message;
    this.pool.classList.toggle('invalid', Boolean(message));
    if (message) this.pool.setAttribute('aria-invalid', 'true');
    else this.pool.removeAttribute('aria-invalid');
  }

  clearErrors() {
    this.rows.forEach((r) => r.clearErrors());
    this.showPoolError('');
    this.formError.textContent = '';
  }

  focusFirstError() {
    const first = this.dialog.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  /**
   * The fix of a hosts.* finding: shows the agent's diff of its hosts file, then writes exactly that file (the manager
   * refuses if it changed since) and tests the connection again.
   */
  async showHostsFix(panel, v, pool) {
    const access = { host: v.host, name: v.name, agent_password: v.agent_password };
    fill(panel, el('p', {}, 'Asking the agent for the fix…'));
    try {
      const shown = await api.post('/api/servers/fix-hosts', { ...access, apply: false });
      if (!shown.changes.length) {
        fill(panel, el('p', {}, `${shown.path} already maps ${shown.node_name} to ${shown.address}.`));
        return;
      }
      const write = el('button', { type: 'button', class: 'primary', id: 'fix-hosts-apply',
        onclick: async () => {
          write.disabled = true;
          try {
            const done = await api.post('/api/servers/fix-hosts',
              { ...access, apply: true, expected_sha256: shown.sha256 });
            fill(panel, el('p', { class: 'fix-hosts-done' }, `${done.path} on ${done.server} now maps `
              + `${done.node_name} to ${done.address}; the previous file is ${done.backup}. Testing again…`));
            await this.testConnection();
          } catch (e) {
            fill(panel, el('p', { class: 'field-error' }, e.message));
          }
        } }, `Write this fix to ${shown.path}`);
      fill(panel, el('p', {}, `The fix of ${shown.path} on ${shown.server} (${shown.node_name} → ${shown.address}):`),
        diffView(shown.diff), write);
    } catch (e) {
      fill(panel, el('p', { class: 'field-error' }, e.message));
    }
  }

  setTestStatus(state, text) {
    this.testStatus.dataset.state = state;
    this.testStatus.textContent = text;
  }

  showStep(step) {
    this.formStep.hidden = step !== 'form';
    this.confirmStep.hidden = step !== 'confirm';
    if (step === 'form') this.review.clear();
  }
}

function factsView(result) {
  const f = result.facts;
  return el('section', { class: 'agent-facts', 'aria-label': 'Agent facts' },
    el('h3', {}, 'Agent facts'),
    definitions([
      ['Host name', f.hostname],
      ['Addresses', (f.addresses || []).join(', ')],
      ['Certificate fingerprint', el('code', {}, result.fingerprint || f.fingerprint)],
      ['Cluster configuration', f.live_generation ? `generation ${f.live_generation}` : 'none yet'],
      ['Cluster stack', f.stack_running ? 'running' : 'stopped'],
      ['Repository UUID', f.repository_uuid ? el('code', {}, f.repository_uuid) : 'not visible'],
      ['Repository mount', f.repository_mount_mode || 'not mounted'],
      ['Running VMs', (f.running_vms || []).length ? f.running_vms.join(', ') : 'none'],
    ]));
}

function findingsView(findings, fixHosts) {
  return el('section', { class: 'findings', 'aria-label': 'Preflight findings' },
    el('h3', {}, `Preflight findings (${findings.length})`),
    findings.length === 0
      ? el('p', {}, 'No findings: the server is ready to join the pool.')
      : el('ul', {}, findings.map((f) => {
        const panel = el('div', { class: 'fix-hosts' });
        const offer = fixHosts && f.code.startsWith('hosts.') && f.severity === 'ERROR'
          ? el('button', { type: 'button', class: 'fix-hosts-show', onclick: () => fixHosts(panel) },
            'Show the fix o2pool can make') : null;
        return el('li', { class: `finding finding-${f.severity.toLowerCase()}`, dataset: { code: f.code } },
          el('span', { class: 'severity' }, f.severity), ' ',
          el('code', {}, f.code), ' ',
          el('span', { class: 'message' }, f.message),
          f.fix ? el('div', { class: 'fix' }, el('strong', {}, 'Fix: '), f.fix) : null, offer, panel);
      })));
}

/** The two-way o2net connectivity matrix Test Connection probed: one row per direction. */
function matrixView(links) {
  if (!links.length) return null;
  return el('section', { class: 'matrix', 'aria-label': 'Connectivity matrix' },
    el('h3', {}, `o2net connectivity (${links.filter((l) => l.ok).length} of ${links.length} directions open)`),
    el('table', { class: 'grid', id: 'connectivity-matrix' },
      el('thead', {}, el('tr', {}, ['From', 'To', 'Address:port', 'Result'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, links.map((l) => el('tr', { class: l.ok ? 'ok' : 'blocked', dataset: { from: l.from, to: l.to } },
        el('td', {}, l.from), el('td', {}, l.to), el('td', {}, el('code', {}, l.target)),
        el('td', {}, l.ok ? 'open' : `blocked: ${l.error}`))))));
}

function serversTable(pool, servers) {
  return el('table', { class: 'grid', id: 'confirm-servers' },
    el('caption', {}, `${servers.length} servers for server pool ${pool}`),
    el('thead', {}, el('tr', {}, ['Server Host/IP', 'Server Name', 'Server Type', 'Location', 'Description']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, servers.map((s) => el('tr', {}, el('td', {}, s.host), el('th', { scope: 'row' }, s.name),
      el('td', {}, format.serverType(s.type)), el('td', {}, s.location || '—'), el('td', {}, s.description || '—')))));
}
