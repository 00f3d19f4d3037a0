// The Create Server Pool and Edit Server Pool dialog: the fields POST /api/pools takes, at o2cb's defaults. Editing
// sends only what changed (PATCH /api/pools/{id}); while the pool has servers only its name may change and its maximum
// nodes be raised (the manager refuses the rest with 409), so the other fields are shown but locked, and the timeouts
// change through Change Timeouts.
// Every error, of the form or of the API (400 or 409), is shown next to the field it concerns.

import * as api from './api.js';

/** The form's fields: API name, element id, label, kind (text, number, boolean), required. */
const FIELDS = [
  { api: 'name', id: 'pool-name', label: 'Server Pool Name', required: true },
  { api: 'repository_type', id: 'pool-repository-type', label: 'Repository Type' },
  { api: 'repository_path', id: 'pool-repository-path', label: 'Repository Device or Path', required: true },
  { api: 'repository_uuid', id: 'pool-repository-uuid', label: 'Repository Filesystem UUID' },
  { api: 'loopback_pool', id: 'pool-loopback-pool', label: 'Loopback Pool', kind: 'boolean' },
  { api: 'cluster_name', id: 'pool-cluster-name', label: 'Cluster Name' },
  { api: 'ip_port', id: 'pool-ip-port', label: 'Cluster Port', kind: 'number' },
  { api: 'heartbeat_mode', id: 'pool-heartbeat-mode', label: 'Heartbeat Mode' },
  { api: 'max_nodes', id: 'pool-max-nodes', label: 'Maximum Nodes', kind: 'number' },
  { api: 'heartbeat_dead_threshold', id: 'pool-heartbeat-dead-threshold', label: 'Heartbeat Dead Threshold', kind: 'number' },
  { api: 'idle_timeout_ms', id: 'pool-idle-timeout-ms', label: 'Network Idle Timeout', kind: 'number' },
  { api: 'keepalive_delay_ms', id: 'pool-keepalive-delay-ms', label: 'Network Keepalive Delay', kind: 'number' },
  { api: 'reconnect_delay_ms', id: 'pool-reconnect-delay-ms', label: 'Network Reconnect Delay', kind: 'number' },
];

/** What a new pool starts with (the manager's defaults: o2cb's). */
const DEFAULTS = {
  name: '', repository_type: 'OCFS2', repository_path: '', repository_uuid: null, loopback_pool: null,
  cluster_name: 'ocfs2', ip_port: 7777, heartbeat_mode: 'LOCAL', max_nodes: 32, heartbeat_dead_threshold: 31,
  idle_timeout_ms: 30000, keepalive_delay_ms: 2000, reconnect_delay_ms: 2000,
};

export class PoolDialog {
  /** `onSaved(pool, created)` runs after the manager created (201) or changed (200) the pool. */
  constructor(dialog, onSaved) {
    this.dialog = dialog;
    this.onSaved = onSaved;
    this.form = dialog.querySelector('#pool-form');
    this.title = dialog.querySelector('#pool-title');
    this.locked = dialog.querySelector('#pool-locked');
    this.error = dialog.querySelector('#pool-error');
    this.save = dialog.querySelector('#pool-save-button');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    dialog.querySelector('#pool-cancel-button').addEventListener('click', () => dialog.close());
    for (const f of FIELDS) {
      for (const event of ['input', 'change']) this.input(f).addEventListener(event, () => this.showFieldError(f.api, ''));
    }
  }

  openCreate() {
    this.open(null, DEFAULTS);
  }

  /** Edits `pool` (as GET /api/pools/{id} returns it, with its servers). */
  openEdit(pool) {
    this.open(pool, pool);
  }

  open(pool, values) {
    this.pool = pool;
    this.original = Object.fromEntries(FIELDS.map((f) => [f.api, values[f.api] ?? null]));
    for (const f of FIELDS) this.input(f).value = values[f.api] === null || values[f.api] === undefined ? '' : String(values[f.api]);
    const servers = pool ? pool.servers || [] : [];
    this.title.textContent = pool ? `Edit Server Pool: ${pool.name}` : 'Create Server Pool';
    this.save.textContent = pool ? 'Save' : 'Create';
    this.locked.hidden = servers.length === 0;
    this.locked.textContent = servers.length === 0 ? '' : `Pool ${pool.name} has ${servers.length} server(s) `
      + `(${servers.map((s) => s.name).join(', ')}): only its name can change, and its maximum nodes be raised. Its `
      + 'cluster settings and repository are in every member\'s files and mounts; change its timeouts with Change '
      + 'Timeouts, the rest once it has no server.';
    for (const f of FIELDS) this.input(f).disabled = servers.length > 0 && f.api !== 'name' && f.api !== 'max_nodes';
    this.clearErrors();
    this.dialog.showModal();
    this.input(FIELDS[0]).focus();
  }

  input(field) {
    return this.dialog.querySelector(`#${field.id}`);
  }

  /** The form's values as the API takes them: numbers, true/false/null, text ('' for an empty text field). */
  values() {
    const v = {};
    for (const f of FIELDS) {
      const text = this.input(f).value.trim();
      if (f.kind === 'number') v[f.api] = /^-?\d+$/.test(text) ? Number(text) : text;
      else if (f.kind === 'boolean') v[f.api] = text === '' ? null : text === 'true';
      else v[f.api] = text;
    }
    return v;
  }

  /** Create: every filled field. Edit: only the fields that differ from the pool's (an emptied UUID clears it). */
  body() {
    const v = this.values();
    if (!this.pool) {
      return Object.fromEntries(Object.entries(v).filter(([, value]) => value !== '' && value !== null));
    }
    const changed = {};
    for (const f of FIELDS) {
      const was = this.original[f.api] ?? (f.kind === 'boolean' ? null : '');
      if (String(v[f.api]) !== String(was)) changed[f.api] = v[f.api] === '' && f.api === 'repository_uuid' ? null : v[f.api];
    }
    return changed;
  }

  async submit() {
    this.clearErrors();
    const v = this.values();
    const missing = FIELDS.filter((f) => f.required && v[f.api] === '');
    missing.forEach((f) => this.showFieldError(f.api, `${f.label} is required.`));
    if (missing.length) {
      this.focusFirstError();
      return;
    }
    const body = this.body();
    if (this.pool && Object.keys(body).length === 0) {
      this.dialog.close();
      return;
    }
    this.save.disabled = true;
    try {
      const saved = this.pool ? await api.call('PATCH', `/api/pools/${this.pool.id}`, body)
        : await api.post('/api/pools', body);
      this.dialog.close();
      this.onSaved(saved, !this.pool);
    } catch (e) {
      this.showApiError(e);
    } finally {
      this.save.disabled = false;
    }
  }

  /** Each field error of an API reply (400 or 409) next to its field; the message above the buttons otherwise too. */
  showApiError(e) {
    const known = (e.fields || []).filter((fe) => FIELDS.some((f) => f.api === fe.field));
    known.forEach((fe) => this.showFieldError(fe.field, fe.message));
    if (known.length > 0) this.focusFirstError();
    if (known.length === 0 || known.length < (e.fields || []).length || e.status === 409) this.error.textContent = e.message;
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
    this.error.textContent = '';
  }

  focusFirstError() {
    const first = this.dialog.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }
}
