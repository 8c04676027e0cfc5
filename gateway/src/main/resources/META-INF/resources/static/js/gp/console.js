// The GP console of one station (UI.md "GP console"). With no exam open: the open-exam form (open-exam.js).
// With an exam open: the patient banner, one tile per result as it arrives (tiles.js), a waveform strip per
// streaming instrument (waveform.js), confirm / reject per reading when the station's policy asks for review, the
// station's unassigned and held readings (queue.js), sample-id labels, the specialist invite panel (when the
// gateway has it) and closing with a conclusion. Nothing here asks the GP to type a measured value.
import { get, post, showError } from '../api.js';
import { renderBanner } from '../banner.js';
import { dateTime } from '../fmt.js';
import { t } from '../texts.js';
import { TileBoard, codesOf } from '../tiles.js';
import { WaveformStrip } from '../waveform.js';
import { openFeed } from './feed.js';
import { mountOpenExam } from './open-exam.js';
import { QueuePanel } from './queue.js';

const $ = (id) => document.getElementById(id);
const root = $('gp-console');
const station = root.dataset.station;
const examId = root.dataset.examId;
const devices = root.dataset.devices ? root.dataset.devices.split(',') : [];
const SPO2 = new Set(['59408-5', '2708-6']);
const PULSE = new Set(['8867-4']);

if (!examId) {
  mountOpenExam(root, station);
} else {
  mountExam().catch((err) => showError($('console-error'), err));
}

async function mountExam() {
  const board = new TileBoard($('tiles'), { actions: reviewActions, maxPerGroup: 6 });
  const strips = new Map(); // device/stream -> WaveformStrip
  const numerics = new Map(); // device -> { spo2, pulse }
  const queue = new QueuePanel($('queue'), { station, examId, onAssigned: (r) => show(r) });

  function emptyState() {
    $('no-results').hidden = board.size() > 0 || strips.size > 0;
  }

  function show(r) {
    // A reading rejected here stays in sight, struck through; one re-assigned elsewhere leaves.
    const rejectedHere = r.binding?.state === 'REJECTED' && board.has(r.id);
    if (r.binding?.examId !== examId && !rejectedHere) {
      board.remove(r.id);
    } else {
      board.upsert(r);
      remember(r);
    }
    emptyState();
  }

  function remember(r) {
    const n = numerics.get(r.device) || {};
    for (const v of r.values || []) {
      const code = codesOf(v).find((c) => c.system === 'http://loinc.org')?.code;
      if (SPO2.has(code)) n.spo2 = v.value;
      if (PULSE.has(code)) n.pulse = v.value;
    }
    numerics.set(r.device, n);
    for (const [key, strip] of strips) if (key.startsWith(r.device + '/')) strip.setNumerics(n);
  }

  function strip(device, w) {
    const key = device + '/' + w.stream;
    let s = strips.get(key);
    if (!s) {
      const box = document.createElement('div');
      box.className = 'wave';
      box.dataset.device = device;
      box.dataset.stream = w.stream;
      const ecg = /ecg/i.test(w.stream);
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', t(ecg ? 'gp.wave.ecg' : 'gp.wave.pleth', device));
      box.append(canvas);
      let numbersEl = null;
      if (!ecg) {
        numbersEl = document.createElement('div');
        numbersEl.className = 'numerics';
        numbersEl.setAttribute('aria-live', 'off');
        box.append(numbersEl);
      }
      $('waves').append(box);
      s = new WaveformStrip(canvas, { kind: ecg ? 'ecg' : 'pleth', numerics: numbersEl,
        label: t(ecg ? 'gp.wave.ecg' : 'gp.wave.pleth', device) });
      s.setNumerics(numerics.get(device) || {});
      strips.set(key, s);
      emptyState();
    }
    return s;
  }

  let reloading = null;
  let again = false;
  /** Reloads the exam's readings and the queue by REST; calls during a reload run it once more after. */
  function reload() {
    if (reloading) {
      again = true;
      return reloading;
    }
    reloading = Promise.all([
      get(`/api/readings?exam=${encodeURIComponent(examId)}&limit=1000`).then((list) => list.forEach(show)),
      queue.refresh(),
    ]).catch((err) => showError($('console-error'), err)).finally(() => {
      reloading = null;
      if (again) {
        again = false;
        reload();
      }
    });
    return reloading;
  }

  function reviewActions(r) {
    if (r.binding?.state !== 'REVIEW') return [];
    return [
      { id: 'confirm', label: t('gp.review.confirm'), kind: 'primary', run: (x, b) => decide(x, b, 'confirm', {}) },
      { id: 'reject', label: t('gp.review.reject'), kind: 'danger', run: (x, b) => rejectForm(x, b) },
    ];
  }

  async function decide(r, button, what, body) {
    button.disabled = true;
    try {
      // Who decided is the session's user: the server records it.
      show(await post(`/api/readings/${r.id}/${what}`, body));
    } catch (err) {
      showError($('console-error'), err);
      button.disabled = false;
    }
  }

  /** Rejecting asks why, in the tile itself (no dialog in the middle of an exam). */
  function rejectForm(r, button) {
    const tile = button.closest('.tile');
    if (tile.querySelector('.reject-form')) return;
    const form = document.createElement('form');
    form.className = 'reject-form';
    const id = `reject-reason-${r.id}-${tile.dataset.result}`;
    form.innerHTML = `<label for="${id}"></label><input id="${id}" required maxlength="500">`
      + '<button type="submit" class="danger"></button>';
    form.querySelector('label').textContent = t('gp.review.reject-reason');
    form.querySelector('button').textContent = t('gp.review.reject-confirm');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const reason = form.querySelector('input').value.trim();
      if (reason) decide(r, form.querySelector('button'), 'reject', { reason });
    });
    tile.append(form);
    form.querySelector('input').focus();
  }

  const exam = await get('/api/exams/' + encodeURIComponent(examId));
  if (exam.status !== 'OPEN') {
    location.replace(location.pathname);
    return;
  }
  const patient = exam.patientId ? await get('/api/patients/' + encodeURIComponent(exam.patientId)).catch(() => null)
    : null;
  renderBanner($('patient-banner'), patient, { identifier: exam.patient });
  $('exam-meta').textContent = t('gp.console.opened', dateTime(exam.openedAt))
    + (exam.ehr && exam.ehr !== 'linked' ? ' · ' + t('gp.console.ehr-pending') : '');

  await openFeed({
    examId,
    devices,
    stateEl: $('conn'),
    onReload: reload,
    onEnd: () => location.replace(location.pathname + '?closed=' + encodeURIComponent(examId)),
    onDropped: () => strips.forEach((s) => s.gap()),
    onEvent(ev) {
      switch (ev.kind) {
        case 'reading':
          show(ev.data);
          if (ev.data.station === station && ev.data.binding?.examId !== examId) queue.refresh();
          break;
        case 'waveform':
          strip(ev.device, ev.data).push(ev.data);
          break;
        case 'queue':
          queue.refresh();
          break;
        case 'exam':
          if (ev.data?.status === 'CLOSED') location.replace(location.pathname + '?closed=' + encodeURIComponent(examId));
          break;
        default:
      }
    },
  });
  reload();
  mountClose();
  mountInvitePanel();
}

function mountClose() {
  const start = $('close-start');
  const sure = $('close-confirm');
  start.addEventListener('click', () => {
    sure.hidden = false;
    start.hidden = true;
    $('close-yes').focus();
  });
  $('close-no').addEventListener('click', () => {
    sure.hidden = true;
    start.hidden = false;
  });
  $('close-yes').addEventListener('click', async () => {
    $('close-yes').disabled = true;
    try {
      const conclusion = $('conclusion').value.trim();
      await post(`/api/exams/${encodeURIComponent(examId)}/close`, conclusion ? { conclusion } : {});
      location.replace(location.pathname + '?closed=' + encodeURIComponent(examId));
    } catch (err) {
      showError($('console-error'), err);
      $('close-yes').disabled = false;
    }
  });
}

/** The specialist invite panel, when this gateway has it (helper module; absent is fine). */
async function mountInvitePanel() {
  const el = $('invite-panel');
  try {
    const m = await import('/static/js/specialist/invite-panel.js');
    el.hidden = false;
    m.mountInvitePanel(el, el.dataset.examId);
  } catch (e) {
    el.hidden = true;
  }
}
