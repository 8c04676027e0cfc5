// The admin's page: staff accounts with their roles; add, change roles, disable, reset a password.
import { get, post, put, showError } from '/static/js/api.js';
import { t } from '/static/js/texts.js';
import { dateTime } from '/static/js/fmt.js';

const ROLES = ['gp', 'technician', 'admin'];
const body = document.querySelector('#users tbody');
const errorBox = document.getElementById('admin-error');
const notice = document.getElementById('admin-notice');

function say(text) {
  errorBox.hidden = true;
  notice.hidden = false;
  notice.textContent = text;
}

function cell(row, content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content); else td.textContent = content ?? '';
  row.append(td);
  return td;
}

function button(label, cls, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (cls) b.className = cls;
  b.addEventListener('click', onClick);
  return b;
}

function row(u) {
  const tr = document.createElement('tr');
  tr.dataset.username = u.username;
  cell(tr, u.username);
  cell(tr, u.displayName);
  const roles = cell(tr, '');
  roles.className = 'roles-cell';
  for (const r of ROLES) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = r;
    box.checked = u.roles.includes(r);
    label.append(box, ' ' + t('admin.role.' + r));
    roles.append(label);
  }
  cell(tr, u.disabled ? t('admin.disabled') : t('admin.active') + ' · ' + dateTime(u.createdAt));
  const actions = cell(tr, '');
  actions.append(button(t('admin.save-roles'), 'secondary', async () => {
    const chosen = [...roles.querySelectorAll('input:checked')].map((b) => b.value);
    try {
      await put('/api/users/' + encodeURIComponent(u.username), { roles: chosen });
      say(t('admin.saved', u.username));
      load();
    } catch (e) { showError(errorBox, e); }
  }));
  actions.append(button(u.disabled ? t('admin.enable') : t('admin.disable'), u.disabled ? 'secondary' : 'danger',
    async () => {
      if (!u.disabled && !confirm(t('admin.confirm-disable', u.username))) return;
      try {
        await put('/api/users/' + encodeURIComponent(u.username), { disabled: !u.disabled });
        load();
      } catch (e) { showError(errorBox, e); }
    }));
  actions.append(button(t('admin.reset-password'), 'secondary', async () => {
    const pw = prompt(t('admin.new-password-for', u.username));
    if (!pw) return;
    try {
      await post('/api/users/' + encodeURIComponent(u.username) + '/password', { password: pw });
      say(t('admin.password-set', u.username));
    } catch (e) { showError(errorBox, e); }
  }));
  return tr;
}

async function load() {
  try {
    const users = await get('/api/users');
    body.replaceChildren(...users.map(row));
  } catch (e) { showError(errorBox, e); }
}

document.getElementById('new-user').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const roles = [...document.querySelectorAll('input[name=new-role]:checked')].map((b) => b.value);
  try {
    const u = await post('/api/users', {
      username: document.getElementById('new-username').value.trim(),
      displayName: document.getElementById('new-display').value.trim(),
      password: document.getElementById('new-password').value,
      roles,
    });
    ev.target.reset();
    say(t('admin.created', u.username));
    load();
  } catch (e) { showError(errorBox, e); }
});

load();
