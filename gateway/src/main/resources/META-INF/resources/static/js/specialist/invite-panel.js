// The GP's invite panel (mounted by the GP console in <section id="invite-panel" data-exam-id>): invite a
// specialist to this exam, copy the link, see the invites with their expiry and state, revoke one with a reason.
// No modal dialog: revoking opens a reason field and a confirm button in place (UI.md: modals only to confirm a
// destructive act, and this one is confirmed inline).
//
// API
//   mountInvitePanel(el, examId) -> { refresh() }
//     Elements carry ids/classes for tests: #invite-label, #invite-validity, #invite-create, #invite-link,
//     #invite-copy, #invite-list > li.invite[data-invite-id][data-status], button.revoke, input.revoke-reason,
//     button.revoke-confirm.
import { t } from '../texts.js';
import { dateTime } from '../fmt.js';
import { get, post, showError } from '../api.js';

function el(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else n.setAttribute(k, v);
  }
  n.append(...children);
  return n;
}

export function mountInvitePanel(root, examId) {
  root.replaceChildren();
  const error = el('div', { class: 'error', role: 'alert', hidden: '' });
  const label = el('input', { id: 'invite-label', type: 'text', maxlength: '200', autocomplete: 'off' });
  const validity = el('input', { id: 'invite-validity', type: 'number', min: '1', max: '1440', value: '120',
    inputmode: 'numeric' });
  const create = el('button', { id: 'invite-create', type: 'submit', text: t('specialist.invite.create') });
  const form = el('form', { class: 'invite-form' },
    el('label', { for: 'invite-label', text: t('specialist.invite.label') }), label,
    el('label', { for: 'invite-validity', text: t('specialist.invite.validity') }), validity,
    el('div', { class: 'actions' }, create));
  const link = el('input', { id: 'invite-link', type: 'text', readonly: '' });
  const copy = el('button', { id: 'invite-copy', type: 'button', class: 'secondary', text: t('specialist.invite.copy') });
  const copied = el('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const linkBox = el('div', { class: 'invite-link', hidden: '' },
    el('label', { for: 'invite-link', text: t('specialist.invite.link') }), link, el('div', { class: 'actions' }, copy, copied));
  const list = el('ul', { id: 'invite-list', class: 'invite-list' });
  root.append(el('h2', { text: t('specialist.invite.title') }), error, form, linkBox,
    el('h3', { text: t('specialist.invite.list') }), list);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    create.disabled = true;
    try {
      const invite = await post(`/api/exams/${encodeURIComponent(examId)}/invites`,
        { label: label.value, validityMinutes: Number(validity.value) || undefined });
      link.value = invite.url;
      linkBox.hidden = false;
      copied.textContent = '';
      label.value = '';
      await refresh();
    } catch (err) {
      showError(error, err);
    } finally {
      create.disabled = false;
    }
  });

  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link.value);
    } catch {
      link.select();
      document.execCommand('copy');
    }
    copied.textContent = t('specialist.invite.copied');
  });

  function row(i) {
    const li = el('li', { class: 'invite', 'data-invite-id': i.id, 'data-status': i.status });
    li.append(el('span', { class: 'label', text: i.label }), ' ',
      el('span', { class: 'status', text: t('specialist.invite.status.' + i.status) }), ' ',
      el('span', { class: 'muted', text: t('specialist.invite.until', dateTime(i.expiresAt)) }));
    if (i.status !== 'ACTIVE') {
      if (i.revokeReason) li.append(el('div', { class: 'muted', text: i.revokeReason }));
      return li;
    }
    const again = el('button', { type: 'button', class: 'secondary', text: t('specialist.invite.copy') });
    again.addEventListener('click', () => {
      link.value = i.url;
      linkBox.hidden = false;
      copy.click();
    });
    const revoke = el('button', { type: 'button', class: 'danger revoke', text: t('specialist.invite.revoke') });
    const reasonId = 'revoke-reason-' + i.id;
    const reason = el('input', { id: reasonId, class: 'revoke-reason', type: 'text', maxlength: '500', required: '' });
    const confirm = el('button', { type: 'button', class: 'danger revoke-confirm', text: t('specialist.invite.revoke-confirm') });
    const confirmBox = el('div', { class: 'revoke-box', hidden: '' },
      el('label', { for: reasonId, text: t('specialist.invite.revoke-reason') }), reason, confirm);
    revoke.addEventListener('click', () => {
      confirmBox.hidden = false;
      reason.focus();
    });
    confirm.addEventListener('click', async () => {
      error.hidden = true;
      try {
        await post(`/api/invites/${encodeURIComponent(i.id)}/revoke`, { reason: reason.value });
        await refresh();
      } catch (err) {
        showError(error, err);
      }
    });
    li.append(el('div', { class: 'actions' }, again, revoke), confirmBox);
    return li;
  }

  async function refresh() {
    try {
      const invites = await get(`/api/exams/${encodeURIComponent(examId)}/invites`);
      list.replaceChildren(...(invites.length ? invites.map(row) : [el('li', { class: 'muted', text: t('specialist.invite.none') })]));
    } catch (err) {
      showError(error, err);
    }
  }

  refresh();
  return { refresh };
}
