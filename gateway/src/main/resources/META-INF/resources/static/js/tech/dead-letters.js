// Dead letters: what the EHR refused, its answer in plain words, replay, or discard with a required reason.
import { get, post, showError } from '/static/js/api.js';
import { t } from '/static/js/texts.js';
import { dateTime } from '/static/js/fmt.js';
import { el } from '/static/js/tech/common.js';

const body = document.querySelector('#dead-letters tbody');
const error = document.getElementById('dead-error');

function answer(a) {
  return el('div', { class: 'ehr-answer' },
    a.httpStatus ? el('div', {}, t('tech.dead.http', a.httpStatus)) : null,
    el('ul', {}, a.issues.map((i) => el('li', {}, i))));
}

function actions(item) {
  const reasonId = 'reason-' + item.id;
  const reason = el('input', { id: reasonId, class: 'discard-reason', maxlength: 500, required: true });
  const discard = el('button', { type: 'button', class: 'danger discard', onclick: async (e) => {
    error.hidden = true;
    if (!reason.value.trim()) {
      showError(error, new Error(t('tech.dead.reason-needed')));
      reason.focus();
      return;
    }
    e.currentTarget.disabled = true;
    try {
      await post(`/api/outbox/items/${item.id}/discard`, { reason: reason.value.trim() });
      await load();
    } catch (err) {
      showError(error, err);
      e.currentTarget.disabled = false;
    }
  } }, t('tech.dead.discard'));
  const replay = el('button', { type: 'button', class: 'secondary replay', onclick: async (e) => {
    error.hidden = true;
    e.currentTarget.disabled = true;
    try {
      await post(`/api/outbox/items/${item.id}/replay`);
      await load();
    } catch (err) {
      showError(error, err);
      e.currentTarget.disabled = false;
    }
  } }, t('tech.dead.replay'));
  return el('div', { class: 'dead-actions' }, replay,
    el('label', { for: reasonId }, t('tech.dead.reason')), reason, discard);
}

async function load() {
  const [dead, discards] = await Promise.all([get('/api/outbox/dead-letters'), get('/api/outbox/discards')]);
  body.replaceChildren(...dead.map(({ item, answer: a }) => el('tr', { 'data-item': item.id },
    el('td', {}, `#${item.id} · ${t('tech.outbox.kind.' + item.kind)}`,
      el('div', { class: 'muted' }, item.deviceId || item.examId || '')),
    el('td', {}, dateTime(item.createdAt, true), el('div', { class: 'muted' }, t('tech.dead.attempts', item.attempts))),
    el('td', {}, answer(a)),
    el('td', {}, actions(item)))));
  document.getElementById('dead-empty').hidden = dead.length > 0;
  document.querySelector('#discards tbody').replaceChildren(...discards.map((d) => el('tr', { 'data-item': d.outboxId },
    el('td', {}, '#' + d.outboxId), el('td', {}, dateTime(d.at, true)), el('td', {}, d.actor), el('td', {}, d.reason))));
}

load().catch((e) => showError(error, e));
