// One instrument: state and reason, identity, counters, clock, last rejected frames, raw captures (control
// characters marked, a hex toggle, downloads), probe and start/stop/restart; edit and remove for API devices.
import { get, post, del, showError } from '/static/js/api.js';
import { t } from '/static/js/texts.js';
import { dateTime } from '/static/js/fmt.js';
import { el, stateBadge, clockText, rejectsText, poll, printable, renderProbe } from '/static/js/tech/common.js';

const id = document.getElementById('device-title').dataset.device;
const base = '/api/devices/' + encodeURIComponent(id);
const error = document.getElementById('device-error');
const $ = (sel) => document.querySelector(sel);

function dl(target, pairs) {
  target.replaceChildren(...pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function render(d) {
  $('#device-title').textContent = d.model ? `${d.id} · ${d.model}` : d.id;
  $('#device-state').replaceWith(Object.assign(stateBadge(d.state), { id: 'device-state' }));
  $('#state-reason').textContent = d.stateReason || '';
  $('#source-config').hidden = d.source !== 'config';
  $('#edit').hidden = d.source !== 'api';
  $('#remove').hidden = d.source !== 'api';
  $('#start').disabled = d.running || d.state === 'MISCONFIGURED';
  $('#stop').disabled = !d.running;
  $('#probe').disabled = d.running || d.state === 'MISCONFIGURED';
  $('#probe').title = d.running ? t('tech.probe.stop-first') : '';
  const ident = d.identity || {};
  dl($('#identity'), [[t('tech.driver'), d.driver], [t('tech.col.station'), d.station],
    [t('tech.col.transport'), [d.transport, d.address].filter(Boolean).join(' · ')],
    [t('tech.serial.registered'), d.serialNumber], [t('tech.serial.reported'), ident.serialNumber],
    [t('tech.firmware'), ident.firmware],
    [t('tech.serial.match'), d.identityMatches === false ? t('tech.serial.mismatch') : null],
    [t('tech.device-status'), d.status ? `${d.status.state}${d.status.text ? ': ' + d.status.text : ''}` : null]]);
  const tr = d.traffic || {};
  dl($('#counters'), [[t('tech.counters.frames'), d.framesAccepted], [t('tech.counters.readings'), d.readingsStored],
    [t('tech.counters.duplicates'), d.duplicates], [t('tech.counters.rejects'), rejectsText(d.rejects)],
    [t('tech.counters.connects'), tr.connects], [t('tech.counters.failures'), tr.connectFailures],
    [t('tech.counters.bytes'), tr.bytesReceived], [t('tech.col.last'), d.lastFrameAt ? dateTime(d.lastFrameAt, true) : '—']]);
  dl($('#clock'), [[t('tech.clock.offset'), clockText(d.clock)],
    [t('tech.clock.updated'), d.clock?.updatedAt ? dateTime(d.clock.updatedAt, true) : null]]);
  const rejects = [...(d.recentRejects || [])].reverse();
  $('#rejects tbody').replaceChildren(...rejects.map((r) => el('tr', {},
    el('td', {}, dateTime(r.at, true)), el('td', {}, r.reason, r.detail ? el('div', { class: 'muted' }, r.detail) : null),
    el('td', {}, el('code', { class: 'capture-line' }, printable(r.printable))))));
  $('#rejects-empty').hidden = rejects.length > 0;
}

let shownCapture = null;
let hex = false;

async function showCapture(captureId) {
  try {
    shownCapture = await get('/api/captures/' + captureId);
    $('#capture-viewer').hidden = false;
    $('#capture-title').textContent = t('tech.captures.one', captureId, dateTime(shownCapture.capture.receivedAt, true));
    $('#capture-download').href = `/api/captures/${captureId}/raw`;
    $('#capture-truncated').hidden = !shownCapture.truncated;
    drawCapture();
  } catch (e) {
    showError(error, e);
  }
}

function drawCapture() {
  if (!shownCapture) return;
  $('#hex-toggle').setAttribute('aria-pressed', String(hex));
  $('#capture-text').replaceChildren(hex ? shownCapture.hex : printable(shownCapture.printable));
  $('#capture-text').dataset.view = hex ? 'hex' : 'text';
}

async function loadCaptures() {
  const captures = await get(base + '/captures?limit=20');
  $('#captures tbody').replaceChildren(...captures.map((c) => el('tr', { 'data-capture': c.id },
    el('td', {}, dateTime(c.receivedAt, true)), el('td', {}, t('tech.capture.kind.' + c.kind)), el('td', {}, c.size),
    el('td', {}, c.note || ''),
    el('td', {}, el('button', { type: 'button', class: 'secondary view-capture', onclick: () => showCapture(c.id) },
      t('tech.captures.view'))))));
  $('#captures-empty').hidden = captures.length > 0;
}

async function load() {
  render(await get(base));
}

async function act(button, path) {
  button.disabled = true;
  error.hidden = true;
  try {
    render(await post(base + path));
  } catch (e) {
    showError(error, e);
  } finally {
    button.disabled = false;
  }
}

$('#start').addEventListener('click', (e) => act(e.currentTarget, '/start'));
$('#stop').addEventListener('click', (e) => act(e.currentTarget, '/stop'));
$('#restart').addEventListener('click', (e) => act(e.currentTarget, '/restart'));
$('#probe').addEventListener('click', async (e) => {
  const button = e.currentTarget;
  button.disabled = true;
  error.hidden = true;
  $('#probe-result').hidden = false;
  $('#probe-result').textContent = t('tech.probe.running');
  try {
    renderProbe($('#probe-result'), await post(base + '/probe?seconds=8'));
  } catch (err) {
    $('#probe-result').hidden = true;
    showError(error, err);
  } finally {
    button.disabled = false;
  }
});
$('#remove').addEventListener('click', async () => {
  if (!confirm(t('tech.remove.confirm', id))) return;
  try {
    await del(base);
    location.href = '/tech';
  } catch (e) {
    showError(error, e);
  }
});
$('#hex-toggle').addEventListener('click', () => { hex = !hex; drawCapture(); });

poll(load, 3000, document.getElementById('refresh-state'));
loadCaptures().catch((e) => showError(error, e));
