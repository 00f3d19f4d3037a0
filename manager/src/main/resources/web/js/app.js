// Start-up and navigation: the login form, the tabs (Servers, Server Pools, Virtual Machines, Jobs, Events), and the live event stream
// that keeps them current.

import * as api from './api.js';
import { AddServerDialog } from './add-server-dialog.js';
import { ChangeDialog } from './change-dialog.js';
import { EventsTab } from './events-tab.js';
import { JobsTab } from './jobs-tab.js';
import { LiveEvents } from './live.js';
import { PoolDialog } from './pool-dialog.js';
import { PoolsTab } from './pools-tab.js';
import { ServersTab } from './servers-tab.js';
import { UsersTab } from './users-tab.js';
import { VmsTab } from './vms-tab.js';

const $ = (selector) => document.querySelector(selector);

const live = new LiveEvents($('#live-status'));
const changes = new ChangeDialog($('#change-dialog'));
const servers = new ServersTab($('#panel-servers'), live, { changes, announce: announcer($('#servers-notice')) });
const poolDialog = new PoolDialog($('#pool-dialog'), (pool, created) => {
  announcer($('#pools-notice'))(`Server pool ${pool.name} ${created ? 'created' : 'saved'}.`);
  pools.refresh();
});
const pools = new PoolsTab($('#panel-pools'), live, { changes, poolDialog, announce: announcer($('#pools-notice')) });
const vms = new VmsTab($('#panel-vms'), live, { changes, announce: announcer($('#vms-notice')) });
const jobs = new JobsTab($('#panel-jobs'), live);
const events = new EventsTab($('#panel-events'), live);
const users = new UsersTab($('#panel-users'), announcer($('#users-notice')));
const addServer = new AddServerDialog($('#add-server-dialog'), (job, added) => {
  announcer($('#servers-notice'))(added.length === 1 ? `Add Server job ${job.id} queued for ${added[0].name}.`
    : `Add Servers job ${job.id} queued for ${added.map((s) => s.name).join(', ')}.`, job);
  servers.refresh();
});

/** Shows `text` in `notice`, with a link to the job's progress when a job was queued. */
function announcer(notice) {
  return (text, job) => {
    notice.replaceChildren(`${text} `);
    if (!job) return;
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'link';
    link.textContent = 'Show its progress';
    link.addEventListener('click', () => showTab('jobs', job.id));
    notice.append(link);
  };
}

const TABS = {
  servers: { show: () => servers.refresh(), hide: () => {} },
  pools: { show: () => pools.show(), hide: () => pools.hide() },
  vms: { show: () => vms.refresh(), hide: () => {} },
  jobs: { show: (arg) => jobs.show(arg), hide: () => jobs.hide() },
  events: { show: () => {}, hide: () => {} },
  users: { show: () => users.refresh(), hide: () => {} },
};

function showTab(name, arg) {
  for (const [tab, view] of Object.entries(TABS)) {
    const selected = tab === name;
    $(`#tab-${tab}`).setAttribute('aria-selected', String(selected));
    $(`#tab-${tab}`).tabIndex = selected ? 0 : -1;
    $(`#panel-${tab}`).hidden = !selected;
    if (!selected) view.hide();
  }
  TABS[name].show(arg);
}

function showLoggedIn() {
  $('#login-view').hidden = true;
  $('#app-view').hidden = false;
  $('#session').hidden = false;
  const role = (api.session.role || 'VIEWER').toLowerCase();
  $('#session-user').textContent = `Logged in as ${api.session.user} (${role})`;
  document.body.dataset.role = api.session.role || 'VIEWER';
  $('#tab-users').hidden = api.session.role !== 'ADMIN';
  events.clear();
  live.lastId = 0;
  live.start();
  showTab('servers');
}

function showLogin(message) {
  live.stop();
  api.session.clear();
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  $('#app-view').hidden = true;
  $('#session').hidden = true;
  $('#login-view').hidden = false;
  $('#login-error').textContent = message || '';
  $('#login-password').value = '';
  $('#login-user').focus();
}

$('#login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const user = $('#login-user').value.trim();
  const password = $('#login-password').value;
  if (!user || !password) {
    $('#login-error').textContent = 'Enter your user name and password.';
    return;
  }
  $('#login-button').disabled = true;
  try {
    await api.login(user, password);
    $('#login-error').textContent = '';
    showLoggedIn();
  } catch (err) {
    $('#login-error').textContent = err.status === 401 ? 'Wrong user name or password.' : err.message;
  } finally {
    $('#login-button').disabled = false;
  }
});

$('#logout-button').addEventListener('click', async () => {
  await api.logout();
  showLogin('Logged out.');
});
window.addEventListener('o2pool:unauthorized', () => showLogin('Your session ended; log in again.'));
for (const tab of Object.keys(TABS)) $(`#tab-${tab}`).addEventListener('click', () => showTab(tab));
$('#add-server-button').addEventListener('click', () => addServer.open());

if (api.session.token) showLoggedIn();
else showLogin();
