// The Jobs tab: recent jobs, and one job's steps in order with their status and messages, updated live as the
// engine moves through them (PENDING → RUNNING → SUCCEEDED | FAILED, ROLLED_BACK once undone).

import * as api from './api.js';
import { el, fill } from './dom.js';
import * as format from './format.js';
import { debounce } from './live.js';

export class JobsTab {
  constructor(root, live) {
    this.listBody = root.querySelector('#jobs-table tbody');
    this.detail = root.querySelector('#job-detail');
    this.error = root.querySelector('#jobs-error');
    this.selected = null;
    this.visible = false;
    root.querySelector('#refresh-jobs-button').addEventListener('click', () => this.refresh());
    const soon = debounce(() => this.visible && this.refresh(), 150);
    live.subscribe((event) => {
      if (event.kind.startsWith('job.')) soon();
    });
  }

  /** Shows the tab, optionally with one job open. */
  show(jobId) {
    this.visible = true;
    if (jobId !== undefined) this.selected = jobId;
    return this.refresh();
  }

  hide() {
    this.visible = false;
  }

  async refresh() {
    try {
      const [jobs, servers] = await Promise.all([api.get('/api/jobs?limit=50'), api.get('/api/servers')]);
      const names = new Map(servers.map((s) => [s.id, s.name]));
      if (this.selected === null && jobs.length > 0) this.selected = jobs[0].id;
      fill(this.listBody, jobs.map((j) => this.row(j, names)));
      if (this.selected !== null) this.renderDetail(await api.get(`/api/jobs/${this.selected}`), names);
      this.error.textContent = '';
    } catch (e) {
      this.error.textContent = `Cannot load jobs: ${e.message}`;
    }
  }

  row(job, names) {
    const done = job.steps.filter((s) => s.status === 'SUCCEEDED').length;
    return el('tr', { class: job.id === this.selected ? 'selected' : null, dataset: { jobId: job.id } },
      el('td', { class: 'number' }, el('button', { type: 'button', class: 'link', onclick: () => this.select(job.id),
        'aria-label': `Show job ${job.id}` }, job.id)),
      el('td', {}, format.jobKind(job.kind)),
      el('td', {}, job.server_id ? names.get(job.server_id) ?? `server ${job.server_id}` : '—'),
      el('td', {}, el('span', { class: `status status-${job.status.toLowerCase()}` }, format.status(job.status))),
      el('td', {}, `${done}/${job.steps.length}`),
      el('td', {}, format.time(job.created_at)),
      el('td', { class: 'job-user' }, job.created_by ?? 'manager'));
  }

  select(id) {
    this.selected = id;
    return this.refresh();
  }

  renderDetail(job, names) {
    const done = job.steps.filter((s) => s.status === 'SUCCEEDED').length;
    fill(this.detail,
      el('h3', {}, `Job ${job.id}: ${format.jobKind(job.kind)}`,
        job.server_id ? ` of ${names.get(job.server_id) ?? `server ${job.server_id}`}` : '', ' — ',
        el('span', { class: `status status-${job.status.toLowerCase()}`, id: 'job-status' }, format.status(job.status))),
      el('label', { for: 'job-progress' }, `Progress: ${done} of ${job.steps.length} steps`),
      el('progress', { id: 'job-progress', max: job.steps.length, value: done }),
      job.error_message ? el('p', { class: 'form-error', role: 'alert' }, `Failed at step ${job.error_step}: ${job.error_message}`) : null,
      el('p', { class: 'muted' }, job.created_by ? `Asked for by ${job.created_by}.` : 'Queued by the manager itself.'),
      job.retry_of ? el('p', {}, `Retry of job ${job.retry_of}.`) : null,
      el('ol', { class: 'steps', id: 'job-steps' }, job.steps.map((s) =>
        el('li', { class: `step step-${s.status.toLowerCase()}`, dataset: { step: s.name } },
          el('span', { class: 'step-name' }, s.name.replaceAll('_', ' ')), ' ',
          el('span', { class: `status status-${s.status.toLowerCase()}` }, format.status(s.status)),
          s.finished_at ? el('span', { class: 'step-time' }, ` ${format.time(s.finished_at)}`) : null,
          s.message ? el('pre', { class: 'step-message' }, s.message) : null))),
      job.status === 'FAILED' ? el('button', { type: 'button', id: 'retry-job-button', onclick: () => this.retry(job.id) }, 'Retry') : null);
  }

  async retry(id) {
    try {
      const retry = await api.post(`/api/jobs/${id}/retry`);
      await this.select(retry.id);
    } catch (e) {
      this.error.textContent = `Retry failed: ${e.message}`;
    }
  }
}
