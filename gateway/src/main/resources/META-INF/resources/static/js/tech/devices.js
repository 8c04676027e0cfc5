// The instruments table: every device with its state and reason in words, refreshed every 3 s; the header says
// whether the table is current.
import { get } from '/static/js/api.js';
import { t } from '/static/js/texts.js';
import { dateTime } from '/static/js/fmt.js';
import { el, stateBadge, clockText, rejectsText, poll } from '/static/js/tech/common.js';

const body = document.querySelector('#devices tbody');
const empty = document.getElementById('devices-empty');
const deadCount = document.getElementById('dead-count');

function row(d) {
  const frames = t('tech.counters.line', d.framesAccepted, d.readingsStored, rejectsText(d.rejects));
  return el('tr', { 'data-device': d.id, 'data-state': d.state },
    el('td', {}, el('a', { href: '/tech/devices/' + encodeURIComponent(d.id), class: 'device-link' }, d.id),
      d.source === 'config' ? el('div', { class: 'muted' }, t('tech.source.file')) : null),
    el('td', {}, d.model || d.driver || ''),
    el('td', {}, d.station || ''),
    el('td', {}, d.transport || '', d.address ? el('div', { class: 'muted' }, d.address) : null),
    el('td', { class: 'state' }, stateBadge(d.state), el('div', { class: 'reason' }, d.stateReason || '')),
    el('td', {}, d.lastFrameAt ? dateTime(d.lastFrameAt, true) : '—'),
    el('td', { class: 'counters' }, frames),
    el('td', {}, clockText(d.clock)));
}

async function load() {
  const [devices, outbox] = await Promise.all([get('/api/devices'), get('/api/outbox')]);
  body.replaceChildren(...devices.map(row));
  empty.hidden = devices.length > 0;
  const dead = outbox?.counts?.DEAD || 0;
  deadCount.textContent = dead ? `(${dead})` : '';
}

poll(load, 3000, document.getElementById('refresh-state'));
