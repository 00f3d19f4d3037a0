// One server's fields in the Add Server dialog: the first server's are the seed's form in index.html; each further
// server of a batch is a row built here with the same fields (all in the pool chosen above).

import { el } from './dom.js';
import * as format from './format.js';

/** A server's fields: API name, element id (a further row's ids end in -KEY), label, required. */
export const SERVER_FIELDS = [
  { api: 'host', id: 'server-host', label: 'Server Host/IP', required: true },
  { api: 'name', id: 'server-name', label: 'Server Name', required: true },
  { api: 'type', id: 'server-type', label: 'Server Type', required: true },
  { api: 'location', id: 'server-location', label: 'Location', required: false },
  { api: 'description', id: 'server-description', label: 'Description', required: false },
  { api: 'agent_password', id: 'agent-password', label: 'Agent Password', required: true },
];

/** What Test Connection sends of a server; changing any of these after a test requires a new test. */
export const TESTED = ['host', 'name', 'agent_password'];

export class ServerRow {
  /**
   * The fields of one server in `dialog`: `key` null for the first server (the static form), else the key of a row
   * built by `ServerRow.build`. `onChange(row, field)` runs when the person edits a field.
   */
  constructor(dialog, key, onChange) {
    this.dialog = dialog;
    this.key = key;
    this.tested = null; // the values a successful Test Connection used, or null
    for (const f of SERVER_FIELDS) {
      this.input(f.api).addEventListener('input', () => onChange(this, f));
      this.input(f.api).addEventListener('change', () => onChange(this, f));
    }
  }

  /** A further server's fieldset, with the same fields as the first; its legend is set by `number()`. */
  static build(key, onRemove) {
    return el('fieldset', { class: 'server-row', dataset: { row: key } },
      el('legend', {}),
      el('div', { class: 'row-fields' }, SERVER_FIELDS.map((f) => rowField(f, key))),
      el('button', { type: 'button', class: 'remove-row-button', onclick: onRemove }, 'Remove This Server'));
  }

  elementId(api) {
    const id = SERVER_FIELDS.find((f) => f.api === api).id;
    return this.key === null ? id : `${id}-${this.key}`;
  }

  input(api) {
    return this.dialog.querySelector(`#${this.elementId(api)}`);
  }

  /** The row's fieldset, or null for the first server. */
  element() {
    return this.key === null ? null : this.dialog.querySelector(`fieldset[data-row="${this.key}"]`);
  }

  /** Sets the row's position in the dialog (1 for the first server). */
  number(position) {
    this.position = position;
    const row = this.element();
    if (row) row.querySelector('legend').textContent = `Server ${position}`;
  }

  values() {
    const v = {};
    for (const f of SERVER_FIELDS) v[f.api] = f.api === 'agent_password' ? this.input(f.api).value : this.input(f.api).value.trim();
    return v;
  }

  /** The server as the API takes it: its non-empty fields. */
  body() {
    return Object.fromEntries(Object.entries(this.values()).filter(([, value]) => value !== ''));
  }

  /** Its name or host for messages, else its position. */
  title() {
    const v = this.values();
    return `Server ${this.position}${v.name || v.host ? `: ${v.name || v.host}` : ''}`;
  }

  showFieldError(api, message) {
    const input = this.input(api);
    this.dialog.querySelector(`#${this.elementId(api)}-error`).textContent = message;
    input.classList.toggle('invalid', Boolean(message));
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  clearErrors() {
    SERVER_FIELDS.forEach((f) => this.showFieldError(f.api, ''));
  }

  /** Flags every empty required field among `names`; returns whether all are filled. */
  checkRequired(names) {
    const v = this.values();
    let ok = true;
    for (const f of SERVER_FIELDS.filter((x) => x.required && names.includes(x.api))) {
      if (!v[f.api]) {
        this.showFieldError(f.api, `${f.label} is required.`);
        ok = false;
      }
    }
    return ok;
  }

  /** Whether the last successful test used the values in the fields now (and the pool `pool`). */
  stillTested(pool) {
    const v = this.values();
    return this.tested !== null && this.tested.pool === pool && TESTED.every((name) => this.tested[name] === v[name]);
  }
}

function rowField(f, key) {
  const id = `${f.id}-${key}`;
  const attrs = { id, name: f.api, required: f.required, 'aria-required': f.required ? 'true' : null,
    'aria-describedby': `${id}-error`, autocomplete: 'off' };
  let input;
  if (f.api === 'type') {
    input = el('select', attrs, el('option', { value: '' }, 'Choose a server type'),
      format.SERVER_TYPES.map(([value, label]) => el('option', { value }, label)));
  } else {
    input = el('input', { ...attrs, type: f.api === 'agent_password' ? 'password' : null });
  }
  return el('div', { class: `field field-${f.api}` },
    el('label', { for: id }, f.label, f.required ? [' ', el('span', { class: 'required', 'aria-hidden': 'true' }, '*')] : null),
    input,
    el('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' }));
}
