// The Users tab (admins only): the manager's users with their roles; add a user, set a password, remove a user.
// Every API error is shown next to the field it names (a 400 names each bad field), or above the table.

import * as api from './api.js';
import { el, fill } from './dom.js';
import { clearFieldErrors, showFieldErrors } from './field-errors.js';
import * as format from './format.js';

export class UsersTab {
  constructor(root, announce) {
    this.root = root;
    this.announce = announce;
    this.body = root.querySelector('#users-table tbody');
    this.error = root.querySelector('#users-error');
    this.form = root.querySelector('#add-user-form');
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.add();
    });
  }

  async refresh() {
    try {
      const users = await api.get('/api/users');
      fill(this.body, users.map((u) => this.row(u)));
      this.error.textContent = '';
    } catch (e) {
      this.error.textContent = `Cannot load users: ${e.message}`;
    }
  }

  row(user) {
    const password = el('input', { type: 'password', autocomplete: 'new-password', 'aria-label': `New password for ${user.name}`,
      class: 'inline-password', hidden: true });
    const save = el('button', { type: 'button', hidden: true, dataset: { action: 'save-password' },
      onclick: () => this.setPassword(user.name, password.value) }, 'Save Password');
    return el('tr', { dataset: { user: user.name } },
      el('td', {}, user.name),
      el('td', { class: 'user-role' }, user.role.toLowerCase()),
      el('td', {}, format.time(user.created_at)),
      el('td', { class: 'actions' },
        el('button', { type: 'button', dataset: { action: 'set-password' }, onclick: () => {
          password.hidden = false;
          save.hidden = false;
          password.focus();
        } }, 'Set Password'), ' ', password, ' ', save, ' ',
        user.name === api.session.user ? null
          : el('button', { type: 'button', class: 'danger', dataset: { action: 'remove' }, onclick: () => this.remove(user.name) },
            'Remove')));
  }

  async add() {
    clearFieldErrors(this.form);
    const body = {
      name: this.form.querySelector('#new-user-name').value.trim(),
      role: this.form.querySelector('#new-user-role').value,
      password: this.form.querySelector('#new-user-password').value,
    };
    try {
      const user = await api.post('/api/users', body);
      this.form.reset();
      this.error.textContent = '';
      this.announce(`User ${user.name} added with role ${user.role.toLowerCase()}.`);
      await this.refresh();
    } catch (e) {
      if (!showFieldErrors(this.form, e)) this.error.textContent = e.message;
    }
  }

  async setPassword(name, password) {
    try {
      await api.post(`/api/users/${encodeURIComponent(name)}/password`, { password });
      this.error.textContent = '';
      this.announce(`Password of ${name} changed; its other sessions ended.`);
      await this.refresh();
    } catch (e) {
      this.error.textContent = `Cannot set the password of ${name}: ${e.message}`;
    }
  }

  async remove(name) {
    if (!window.confirm(`Remove user ${name}? Its sessions end at once.`)) return;
    try {
      await api.call('DELETE', `/api/users/${encodeURIComponent(name)}`);
      this.error.textContent = '';
      this.announce(`User ${name} removed.`);
      await this.refresh();
    } catch (e) {
      this.error.textContent = `Cannot remove ${name}: ${e.message}`;
    }
  }
}
