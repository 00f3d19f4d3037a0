// The review step of every cluster change (Add Server, batch add, Change Timeouts, Remove, Maintenance, Re-sync): the
// plan the manager would run now (POST /api/plan) with its findings, its steps with what each does on every node and
// what happens on each node in order; a refused plan, or one with nothing to do, cannot be confirmed. PlanReview shows
// a plan anywhere (the Add Server dialog uses it); ChangeDialog is the dialog of the other changes: optionally a form
// first (the new timeouts), then the review, then OK runs the change.

import * as api from './api.js';
import { diffView } from './diff-view.js';
import { el, fill } from './dom.js';

/** Shows the plan of a change in a container, and whether it may run. */
export class PlanReview {
  constructor(container) {
    this.container = container;
    this.asked = 0;
  }

  /**
   * Asks the manager for the plan of `body` and shows it. Resolves to whether OK may run it (not refused, some steps),
   * or null when a newer plan was asked for meanwhile; rejects with the API's error (e.g. a 400 naming a field).
   */
  async show(body, path = '/api/plan') {
    const asked = ++this.asked;
    this.setState('planning');
    fill(this.container, el('p', { class: 'muted planning' }, 'Planning: the manager checks every node and works out '
      + 'what would change…'));
    let plan;
    try {
      plan = await api.post(path, body);
    } catch (e) {
      if (asked === this.asked) {
        this.setState('error');
        fill(this.container);
      }
      throw e;
    }
    if (asked !== this.asked) return null;
    fill(this.container, renderPlan(plan));
    const state = plan.refused ? 'refused' : plan.steps.length === 0 ? 'empty' : 'ready';
    this.setState(state);
    return state === 'ready';
  }

  clear() {
    this.asked++;
    this.setState('idle');
    fill(this.container);
  }

  setState(state) {
    this.container.dataset.planState = state;
  }
}

/** A plan as a person reviews it: what it means, findings, steps with effects per node, then each node's part. */
export function renderPlan(plan) {
  const errors = plan.findings.filter((f) => f.severity === 'ERROR');
  const servers = [...new Set(plan.steps.flatMap((s) => s.effects.flatMap(effectServers)))];
  let summary;
  if (plan.refused) {
    summary = `Refused: ${errors.length} problem(s) below must be fixed first. Nothing will change.`;
  } else if (plan.steps.length === 0) {
    summary = 'Nothing to do: no server would change.';
  } else {
    summary = `${plan.steps.length} step(s) on ${servers.length ? servers.join(', ') : 'the manager\'s records'}`
      + (plan.generation !== plan.previous_generation
        ? `; the pool goes from configuration generation ${plan.previous_generation} to ${plan.generation}.` : '.')
      + ' If a step fails, the steps before it are undone.';
  }
  return [
    el('p', { class: `plan-summary${plan.refused ? ' refused' : ''}` }, summary),
    plan.findings.length ? el('section', { class: 'findings', 'aria-label': 'Findings' },
      el('h3', {}, `Findings (${plan.findings.length})`),
      el('ul', {}, plan.findings.map(findingItem))) : null,
    plan.steps.length ? el('section', { 'aria-label': 'Steps' }, el('h3', {}, 'Steps'),
      el('ol', { class: 'plan-steps' }, plan.steps.map((s) => el('li', { dataset: { step: s.step } },
        el('strong', {}, s.step.replaceAll('_', ' ')), ` — ${s.description}`,
        el('ul', {}, s.effects.map(effectItem)))))) : null,
    servers.length ? el('details', { class: 'plan-per-node' }, el('summary', {}, 'On each node, in order'),
      nodesTable(plan, servers)) : null,
    (plan.notes || []).length ? el('ul', { class: 'notes' }, plan.notes.map((n) => el('li', { class: 'note' }, n))) : null,
  ];
}

function findingItem(f) {
  const [message, ...rest] = f.message.split('\n'); // a drift finding carries its diff after the first line
  return el('li', { class: `finding finding-${f.severity.toLowerCase()}`, dataset: { code: f.code } },
    el('span', { class: 'severity' }, f.severity), ' ', el('code', {}, f.code), ' ',
    el('span', { class: 'message' }, f.server && f.server !== '-' ? `${f.server}: ${message}` : message),
    rest.length ? diffView(rest.join('\n')) : null,
    f.fix ? el('div', { class: 'fix' }, el('strong', {}, 'Fix: '), f.fix) : null);
}

function effectItem(e) {
  return el('li', { dataset: { effect: e.effect, server: effectTarget(e) } }, `${effectTarget(e)}: ${effectText(e)}`,
    e.effect === 'stage' && e.diff ? el('details', { class: 'diff' }, el('summary', {}, 'What changes in its files'),
      diffView(e.diff)) : null);
}

/** Rows: each server the plan touches; cells: what happens on it, step by step. */
function nodesTable(plan, servers) {
  return el('table', { class: 'plan-nodes' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Server'), el('th', { scope: 'col' }, 'What happens, in order'))),
    el('tbody', {}, servers.map((server) => el('tr', { dataset: { server } },
      el('th', { scope: 'row' }, server),
      el('td', {}, el('ol', {}, plan.steps.flatMap((s) => s.effects
        .filter((e) => effectServers(e).includes(server))
        .map((e) => el('li', {}, effectText(e))))))))));
}

/** The servers an effect acts on (none for the manager's own records). */
function effectServers(e) {
  if (e.server) return [e.server];
  if (e.effect === 'wait_live') return e.servers || [];
  return [];
}

function effectTarget(e) {
  return e.server || (e.effect === 'wait_live' ? (e.servers || []).join(', ') : 'manager');
}

function effectText(e) {
  switch (e.effect) {
    case 'reserve_generation': return `reserve configuration generation ${e.generation}`;
    case 'assign_node': return `assign node number ${e.number} (node name ${e.node_name}, address ${e.ip_address})`;
    case 'stage': return 'stage the new cluster.conf and o2cb defaults (not live yet)';
    case 'commit': return 'commit: the staged files go live';
    case 'record_generation': return (e.servers || []).length
      ? `record that ${e.servers.join(', ')} run the new generation` : 'record the change';
    case 'start_stack': return 'start stack';
    case 'stop_stack': return 'stop stack';
    case 'detach_repository': return 'detach repository (unmount)';
    case 'convert_repository': return `convert repository to cluster mode with ${e.slots} node slots`;
    case 'attach_repository': return 'attach repository (mount and verify)';
    case 'wait_live': return `wait until every one sees nodes ${(e.nodes || []).join(', ')} live (at most `
      + `${Math.round(e.bound_ms / 1000)} s)`;
    case 'enrol': return 'enrol this manager\'s certificate with the agent (its password is then erased)';
    case 'forget_pool': return 'forget the pool (its agent removes the pool\'s live files)';
    case 'define_vm': return `write VM ${e.vm}'s definition to the repository`;
    case 'start_vm': return `take VM ${e.vm}'s ownership lease and start it`;
    case 'stop_vm': return `shut VM ${e.vm} down (forced off after ${e.timeout_seconds} s) and release its lease`;
    case 'migrate_vm': return `live-migrate VM ${e.vm} to ${e.to} (its lease moves with it)`;
    case 'undefine_vm': return `remove VM ${e.vm}'s definition`;
    default: return e.effect.replaceAll('_', ' ');
  }
}

export class ChangeDialog {
  constructor(dialog) {
    this.dialog = dialog;
    this.title = dialog.querySelector('#change-title');
    this.intro = dialog.querySelector('#change-intro');
    this.formStep = dialog.querySelector('#change-step-form');
    this.fieldsBox = dialog.querySelector('#change-fields');
    this.reviewStep = dialog.querySelector('#change-step-review');
    this.review = new PlanReview(dialog.querySelector('#change-plan'));
    this.error = dialog.querySelector('#change-error');
    this.reviewButton = dialog.querySelector('#change-review-button');
    this.ok = dialog.querySelector('#change-ok-button');
    this.back = dialog.querySelector('#change-back-button');
    this.forceLabel = dialog.querySelector('#change-force-label');
    this.force = dialog.querySelector('#change-force');
    this.forceText = dialog.querySelector('#change-force-text');
    this.defaultForceText = this.forceText.textContent;
    dialog.querySelector('#change-form').addEventListener('submit', (e) => {
      e.preventDefault(); // Enter in a field: review, never close
      if (!this.formStep.hidden) this.showReview();
    });
    dialog.querySelector('#change-cancel-button').addEventListener('click', () => dialog.close());
    this.reviewButton.addEventListener('click', () => this.showReview());
    this.back.addEventListener('click', () => this.showForm());
    this.ok.addEventListener('click', () => this.submit());
    this.force.addEventListener('change', () => this.showReview());
  }

  /**
   * Opens the dialog for one change: {title, intro, fields, forceOffered, forceText (the checkbox's words, default
   * Force), planBody(values, force), planPath (default /api/plan), refusal,
   * submit(values, force), done(result)}. With `fields` ([{name, label, value, min, hint}], numbers) a form comes first
   * and Review Plan shows the plan; without `planBody` (no cluster change, e.g. deleting an empty pool) OK needs no
   * plan, and a `refusal` keeps it disabled. OK is enabled only once the plan is shown and may run.
   */
  open(change) {
    this.change = change;
    this.title.textContent = change.title;
    this.intro.textContent = change.intro;
    this.forceLabel.hidden = !change.forceOffered;
    this.forceText.textContent = change.forceText || this.defaultForceText;
    this.force.checked = false;
    fill(this.fieldsBox, (change.fields || []).map((f) => this.fieldView(f)));
    this.dialog.showModal();
    if (change.fields) this.showForm();
    else this.showReview();
  }

  fieldView(f) {
    const id = `change-field-${f.name}`;
    return el('div', { class: 'field' },
      el('label', { for: id }, f.label),
      el('input', { id, name: f.name, type: 'number', min: f.min, step: 1, value: f.value, required: true,
        'aria-describedby': `${id}-error${f.hint ? ` ${id}-hint` : ''}`,
        oninput: () => this.showFieldError(f.name, '') }),
      f.hint ? el('p', { id: `${id}-hint`, class: 'muted' }, f.hint) : null,
      el('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' }));
  }

  /** The form's values: numbers where the text is one, else the text (the API names what is wrong with it). */
  values() {
    const values = {};
    for (const f of this.change.fields || []) {
      const text = this.dialog.querySelector(`#change-field-${f.name}`).value.trim();
      values[f.name] = /^-?\d+$/.test(text) ? Number(text) : text;
    }
    return values;
  }

  showForm() {
    this.formStep.hidden = false;
    this.reviewStep.hidden = true;
    this.reviewButton.hidden = false;
    this.ok.hidden = true;
    this.back.hidden = true;
    this.error.textContent = '';
    this.review.clear();
    const first = this.fieldsBox.querySelector('input');
    if (first) first.focus();
  }

  async showReview() {
    const change = this.change;
    this.formStep.hidden = true;
    this.reviewStep.hidden = false;
    this.reviewButton.hidden = true;
    this.ok.hidden = false;
    this.back.hidden = !change.fields;
    this.ok.disabled = true;
    this.error.textContent = '';
    if (!change.planBody) {
      this.review.clear();
      this.error.textContent = change.refusal || '';
      this.ok.disabled = Boolean(change.refusal);
      return;
    }
    try {
      const runnable = await this.review.show(change.planBody(this.values(), this.force.checked), change.planPath);
      if (runnable === null || change !== this.change) return;
      this.ok.disabled = !runnable;
      this.dialog.dataset.refused = String(this.review.container.dataset.planState === 'refused');
      if (runnable) this.ok.focus();
    } catch (e) {
      if (change === this.change) this.showError(e);
    }
  }

  async submit() {
    this.ok.disabled = true;
    try {
      const result = await this.change.submit(this.values(), this.force.checked);
      this.dialog.close();
      if (this.change.done) this.change.done(result);
    } catch (e) {
      this.showError(e);
      this.ok.disabled = false;
    }
  }

  /** An API error: a field's error goes next to it (back on the form); anything else above the buttons. */
  showError(e) {
    const known = (e.fields || []).filter((fe) => (this.change.fields || []).some((f) => f.name === fe.field));
    if (known.length > 0) {
      this.showForm();
      known.forEach((fe) => this.showFieldError(fe.field, fe.message));
      this.dialog.querySelector(`#change-field-${known[0].field}`).focus();
    }
    if (known.length < (e.fields || []).length || known.length === 0) this.error.textContent = e.message;
  }

  showFieldError(name, message) {
    const input = this.dialog.querySelector(`#change-field-${name}`);
    this.dialog.querySelector(`#change-field-${name}-error`).textContent = message;
    input.classList.toggle('invalid', Boolean(message));
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}
