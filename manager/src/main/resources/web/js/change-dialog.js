// A confirmation for a cluster change (Remove, Maintenance): it shows the plan the manager would run now (POST
// /api/plan) step by step with what happens on every node, refusals with their fixes, and only then lets OK submit.

import * as api from './api.js';
import { el, fill } from './dom.js';

export class ChangeDialog {
  constructor(dialog) {
    this.dialog = dialog;
    this.title = dialog.querySelector('#change-title');
    this.intro = dialog.querySelector('#change-intro');
    this.plan = dialog.querySelector('#change-plan');
    this.error = dialog.querySelector('#change-error');
    this.ok = dialog.querySelector('#change-ok-button');
    this.forceLabel = dialog.querySelector('#change-force-label');
    this.force = dialog.querySelector('#change-force');
    dialog.querySelector('#change-cancel-button').addEventListener('click', () => dialog.close());
    this.ok.addEventListener('click', () => this.submit());
    this.force.addEventListener('change', () => this.showPlan());
  }

  /**
   * Opens the dialog for one change: {title, intro, planBody(force), submit(force), forceOffered}. The plan is shown
   * before OK is enabled; a refused plan keeps OK disabled and lists every finding.
   */
  open(change) {
    this.change = change;
    this.title.textContent = change.title;
    this.intro.textContent = change.intro;
    this.forceLabel.hidden = !change.forceOffered;
    this.force.checked = false;
    this.error.textContent = '';
    this.dialog.showModal();
    this.showPlan();
  }

  async showPlan() {
    this.ok.disabled = true;
    fill(this.plan, el('p', { class: 'muted' }, 'Planning…'));
    try {
      const plan = await api.post('/api/plan', this.change.planBody(this.force.checked));
      fill(this.plan, this.render(plan));
      this.ok.disabled = plan.refused;
      this.dialog.dataset.refused = String(plan.refused);
    } catch (e) {
      fill(this.plan);
      this.error.textContent = e.message;
    }
  }

  render(plan) {
    const errors = (plan.findings || []).filter((f) => f.severity === 'ERROR');
    return [
      errors.length ? el('ul', { class: 'findings', id: 'change-findings' },
        errors.map((f) => el('li', { dataset: { code: f.code } }, `${f.server}: ${f.message}`,
          f.fix ? el('div', { class: 'fix' }, `Fix: ${f.fix}`) : null))) : null,
      plan.steps.length ? el('ol', { class: 'plan-steps', id: 'change-steps' },
        plan.steps.map((s) => el('li', { dataset: { step: s.step } },
          el('strong', {}, s.step), ` — ${s.description}`,
          el('ul', {}, s.effects.map((e) => el('li', { dataset: { effect: e.effect } },
            `${e.server || (e.servers || []).join(', ') || 'manager'}: ${e.effect.replaceAll('_', ' ')}`)))))) : null,
      (plan.notes || []).map((n) => el('p', { class: 'note' }, n)),
    ];
  }

  async submit() {
    this.ok.disabled = true;
    try {
      await this.change.submit(this.force.checked);
      this.dialog.close();
    } catch (e) {
      this.error.textContent = e.message;
      this.ok.disabled = false;
    }
  }
}
