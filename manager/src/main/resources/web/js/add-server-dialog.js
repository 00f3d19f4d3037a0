// The Add Server dialog, as in the seed: Server Host/IP, Server Name, Server Type, Server Pool Name, Location,
// Description (plus the agent password the manager needs). Test Connection shows the agent's facts and every
// preflight finding with its fix; Add is enabled only after a successful test of the values still in the form;
// Add shows a confirmation and OK submits. Every error is shown next to the field it concerns.

import * as api from './api.js';
import { definitions, el, fill } from './dom.js';
import * as format from './format.js';

/** The form's fields: API name → element id, label, required. */
const FIELDS = [
  { api: 'host', id: 'server-host', label: 'Server Host/IP', required: true },
  { api: 'name', id: 'server-name', label: 'Server Name', required: true },
  { api: 'type', id: 'server-type', label: 'Server Type', required: true },
  { api: 'pool', id: 'server-pool', label: 'Server Pool Name', required: true },
  { api: 'location', id: 'server-location', label: 'Location', required: false },
  { api: 'description', id: 'server-description', label: 'Description', required: false },
  { api: 'agent_password', id: 'agent-password', label: 'Agent Password', required: true },
];

/** What Test Connection sends; changing any of these after a test requires a new test. */
const TESTED = ['host', 'name', 'pool', 'agent_password'];

export class AddServerDialog {
  /** `onAdded(job, server)` runs after the manager accepted the server (HTTP 202). */
  constructor(dialog, onAdded) {
    this.dialog = dialog;
    this.onAdded = onAdded;
    this.form = dialog.querySelector('#add-server-form');
    this.formStep = dialog.querySelector('#add-server-step-form');
    this.confirmStep = dialog.querySelector('#add-server-step-confirm');
    this.formError = dialog.querySelector('#add-server-error');
    this.testStatus = dialog.querySelector('#test-status');
    this.testDetails = dialog.querySelector('#test-details');
    this.testButton = dialog.querySelector('#test-connection-button');
    this.addButton = dialog.querySelector('#add-button');
    this.okButton = dialog.querySelector('#confirm-ok-button');
    this.tested = null;

    this.form.addEventListener('submit', (e) => e.preventDefault());
    this.testButton.addEventListener('click', () => this.testConnection());
    this.addButton.addEventListener('click', () => this.confirm());
    this.okButton.addEventListener('click', () => this.submit());
    dialog.querySelector('#confirm-back-button').addEventListener('click', () => this.showStep('form'));
    dialog.querySelector('#cancel-button').addEventListener('click', () => this.dialog.close());
    for (const f of FIELDS) {
      this.input(f).addEventListener('input', () => this.changed(f));
      this.input(f).addEventListener('change', () => this.changed(f));
    }
  }

  async open() {
    this.form.reset();
    this.tested = null;
    this.showStep('form');
    this.clearErrors();
    fill(this.testDetails);
    this.setTestStatus('idle', 'Test the connection to the server\'s agent before adding it.');
    this.addButton.disabled = true;
    this.dialog.showModal();
    await this.loadPools();
    this.input(FIELDS[0]).focus();
  }

  async loadPools() {
    const select = this.dialog.querySelector('#server-pool');
    try {
      const pools = await api.get('/api/pools');
      fill(select, el('option', { value: '' }, 'Choose a server pool'),
        pools.map((p) => el('option', { value: p.name }, p.name)));
      if (pools.length === 1) select.value = pools[0].name;
      if (pools.length === 0) this.showFieldError('pool', 'No server pool exists yet: create one first (o2pool pool create).');
    } catch (e) {
      this.showFieldError('pool', `Cannot load the server pools: ${e.message}`);
    }
  }

  input(field) {
    return this.dialog.querySelector(`#${field.id}`);
  }

  values() {
    const v = {};
    for (const f of FIELDS) v[f.api] = this.input(f).value.trim();
    v.agent_password = this.input(FIELDS.find((f) => f.api === 'agent_password')).value;
    return v;
  }

  /** A field changed: its error goes; if Test Connection used it, the test no longer counts. */
  changed(field) {
    this.showFieldError(field.api, '');
    if (this.tested && TESTED.includes(field.api) && this.tested[field.api] !== this.values()[field.api]) {
      this.tested = null;
      this.addButton.disabled = true;
      this.setTestStatus('idle', `${field.label} changed: test the connection again.`);
    }
  }

  /** Flags every empty required field among `names`; returns whether all are filled. */
  checkRequired(names) {
    const v = this.values();
    let ok = true;
    for (const f of FIELDS.filter((x) => x.required && names.includes(x.api))) {
      if (!v[f.api]) {
        this.showFieldError(f.api, `${f.label} is required.`);
        ok = false;
      }
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
    const v = this.values();
    this.tested = null;
    this.addButton.disabled = true;
    this.testButton.disabled = true;
    fill(this.testDetails);
    this.setTestStatus('busy', `Testing the connection to ${v.host}…`);
    try {
      const result = await api.post('/api/servers/test-connection',
        { host: v.host, name: v.name, pool: v.pool, agent_password: v.agent_password });
      this.showTestResult(v, result);
    } catch (e) {
      this.showApiError(e);
      this.setTestStatus('error', `Test Connection failed: ${e.message}`);
    } finally {
      this.testButton.disabled = false;
    }
  }

  showTestResult(v, result) {
    if (!result.reachable) {
      this.setTestStatus('error', `Cannot connect to the agent on ${v.host}: ${result.error}. `
        + 'Check that the agent is running on that host and that the agent password is right.');
      return;
    }
    const findings = result.findings || [];
    const blocking = findings.filter((f) => f.severity === 'ERROR');
    fill(this.testDetails, this.factsView(result), this.findingsView(findings));
    if (blocking.length > 0) {
      this.setTestStatus('error', `Connected to ${result.facts.hostname}, but ${blocking.length} problem(s) must be `
        + 'fixed before this server can join the pool (see the findings below); then test again.');
      return;
    }
    this.tested = v;
    this.addButton.disabled = false;
    this.setTestStatus('ok', `Connection OK: agent on ${result.facts.hostname} answered`
      + (findings.length ? ` with ${findings.length} finding(s) that do not block adding.` : '; no preflight findings.'));
  }

  factsView(result) {
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
      ], { id: 'agent-facts' }));
  }

  findingsView(findings) {
    return el('section', { class: 'findings', 'aria-label': 'Preflight findings' },
      el('h3', {}, `Preflight findings (${findings.length})`),
      findings.length === 0
        ? el('p', { id: 'preflight-findings-none' }, 'No findings: the server is ready to join the pool.')
        : el('ul', { id: 'preflight-findings' }, findings.map((f) =>
          el('li', { class: `finding finding-${f.severity.toLowerCase()}`, dataset: { code: f.code } },
            el('span', { class: 'severity' }, f.severity), ' ',
            el('code', {}, f.code), ' ',
            el('span', { class: 'message' }, f.message),
            f.fix ? el('div', { class: 'fix' }, el('strong', {}, 'Fix: '), f.fix) : null))));
  }

  confirm() {
    this.clearErrors();
    if (!this.tested || !this.checkRequired(FIELDS.map((f) => f.api))) return;
    const v = this.values();
    fill(this.dialog.querySelector('#confirm-summary'), definitions([
      ['Server Host/IP', v.host],
      ['Server Name', v.name],
      ['Server Type', format.serverType(v.type)],
      ['Server Pool Name', v.pool],
      ['Location', v.location || '—'],
      ['Description', v.description || '—'],
    ]));
    this.showStep('confirm');
  }

  async submit() {
    const v = this.values();
    const body = {};
    for (const [key, value] of Object.entries(v)) {
      if (value !== '') body[key] = value;
    }
    this.okButton.disabled = true;
    try {
      const job = await api.post('/api/servers', body);
      this.dialog.close();
      this.onAdded(job, v);
    } catch (e) {
      this.showStep('form');
      this.showApiError(e);
    } finally {
      this.okButton.disabled = false;
    }
  }

  /** Puts each field error of an API reply next to its field; anything else above the buttons. */
  showApiError(e) {
    const known = (e.fields || []).filter((fe) => FIELDS.some((f) => f.api === fe.field));
    known.forEach((fe) => this.showFieldError(fe.field, fe.message));
    if (known.length > 0) {
      this.focusFirstError();
      if (known.some((fe) => TESTED.includes(fe.field))) {
        this.tested = null;
        this.addButton.disabled = true;
      }
    }
    if (known.length === 0 || known.length < (e.fields || []).length) this.formError.textContent = e.message;
  }

  showFieldError(apiName, message) {
    const f = FIELDS.find((x) => x.api === apiName);
    const input = this.input(f);
    this.dialog.querySelector(`#${f.id}-error`).textContent = message;
    input.classList.toggle('invalid', Boolean(message));
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  clearErrors() {
    FIELDS.forEach((f) => this.showFieldError(f.api, ''));
    this.formError.textContent = '';
  }

  focusFirstError() {
    const first = this.dialog.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  setTestStatus(state, text) {
    this.testStatus.dataset.state = state;
    this.testStatus.textContent = text;
  }

  showStep(step) {
    this.formStep.hidden = step !== 'form';
    this.confirmStep.hidden = step !== 'confirm';
    if (step === 'confirm') this.okButton.focus();
  }
}
