// The remote specialist's view of one exam (UI.md "Remote specialist view"): the patient banner, the exam's results
// as tiles (the GP's component, read-only), the live waveforms (pleth autoscaled with SpO2 and pulse beside it, ECG
// on standard paper), the invite's expiry, and the connection state. When the invite expires or is revoked the page
// says so and stops: the feed is closed, the waveforms stop, nothing more is fetched.
import { t } from '../texts.js';
import { dateTime } from '../fmt.js';
import { renderBanner } from '../banner.js';
import { TileBoard, codesOf as codes } from '../tiles.js';
import { WaveformStrip } from '../waveform.js';
import { connect, renderState } from '../live.js';

const SPO2 = ['59408-5', '2708-6'];
const PULSE = ['8867-4'];

const root = document.getElementById('specialist');
const token = root.dataset.token;
const conn = document.getElementById('conn');
const board = new TileBoard(document.getElementById('tiles'));
const strips = new Map(); // device|stream -> { strip, box }
let expiresAt = null;
let feed = null;
let ended = false;

function codesOf(v) {
  return codes(v).map((c) => c.code);
}

/** The newest SpO2 and pulse of a device, for the numbers beside its pleth. */
const numerics = new Map(); // device -> { spo2, pulse, at }
function noteNumerics(r) {
  const n = numerics.get(r.device) || {};
  const at = r.deviceTime || r.receivedAt || '';
  if (n.at && n.at > at) return;
  for (const v of r.values || []) {
    if (codesOf(v).some((c) => SPO2.includes(c))) n.spo2 = v.value;
    if (codesOf(v).some((c) => PULSE.includes(c))) n.pulse = v.value;
  }
  n.at = at;
  numerics.set(r.device, n);
  for (const [key, s] of strips) if (key.startsWith(r.device + '|') && s.strip.kind === 'pleth') {
    s.strip.setNumerics({ spo2: n.spo2 ?? null, pulse: n.pulse ?? null });
  }
}

/** Results of an instrument that streams a waveform come every second: its tiles show only the newest of each. */
const newestOfStreaming = new Map(); // device|codes -> readingView
function signature(r) {
  return r.device + '|' + (r.values || []).map((v) => codesOf(v)[0]).join(',');
}

function showReading(r) {
  if ([...strips.keys()].some((k) => k.startsWith(r.device + '|'))) {
    const key = signature(r);
    const old = newestOfStreaming.get(key);
    const at = (x) => x.deviceTime || x.receivedAt || '';
    if (old && old.id !== r.id) {
      if (at(old) > at(r)) return;
      board.remove(old.id);
    }
    newestOfStreaming.set(key, r);
  }
  board.upsert(r);
  noteNumerics(r);
  document.getElementById('no-results').hidden = board.size() > 0;
}

/** Keeps only the newest tile of each result of {device} (it has just started streaming). */
function collapse(device) {
  const readings = [...document.querySelectorAll(`.tile-group[data-device="${CSS.escape(device)}"] .tile`)]
    .map((n) => Number(n.dataset.readingId));
  const views = [...new Set(readings)].map((id) => board.readings.get(id)).filter(Boolean);
  views.sort((a, b) => ((a.deviceTime || a.receivedAt || '') < (b.deviceTime || b.receivedAt || '') ? 1 : -1));
  const seen = new Set();
  for (const v of views) {
    const key = signature(v);
    if (seen.has(key)) board.remove(v.id);
    else {
      seen.add(key);
      newestOfStreaming.set(key, v);
    }
  }
}

function load(state) {
  newestOfStreaming.clear();
  renderBanner(document.getElementById('banner'), state.patient, { identifier: state.exam.patient });
  board.clear();
  [...state.readings].reverse().forEach(showReading);
  document.getElementById('no-results').hidden = board.size() > 0;
  expiresAt = state.invite.expiresAt;
  showExpiry();
}

function showExpiry() {
  const el = document.getElementById('invite-expiry');
  if (!expiresAt || ended) return;
  const minutes = Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 60000));
  el.textContent = t('specialist.expires-in', dateTime(expiresAt), minutes);
}

function strip(device, w) {
  const key = device + '|' + w.stream;
  let s = strips.get(key);
  if (!s) {
    const kind = /ecg/i.test(w.stream) ? 'ecg' : 'pleth';
    const box = document.createElement('div');
    box.className = 'wave';
    box.dataset.device = device;
    box.dataset.stream = w.stream;
    box.dataset.kind = kind;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    const label = t(kind === 'ecg' ? 'specialist.ecg' : 'specialist.pleth', device);
    canvas.setAttribute('aria-label', label);
    box.append(canvas);
    let numbersEl = null;
    if (kind === 'pleth') {
      numbersEl = document.createElement('div');
      numbersEl.className = 'numerics';
      box.append(numbersEl);
    }
    document.getElementById('no-waves').hidden = true;
    document.getElementById('waves').append(box);
    s = { strip: new WaveformStrip(canvas, { kind, numerics: numbersEl, label }), box };
    strips.set(key, s);
    collapse(device);
    const n = numerics.get(device);
    if (kind === 'pleth' && n) s.strip.setNumerics({ spo2: n.spo2 ?? null, pulse: n.pulse ?? null });
  }
  return s.strip;
}

function onEvent(ev) {
  if (ended) return;
  if (ev.kind === 'reading') showReading(ev.data);
  else if (ev.kind === 'waveform') strip(ev.device, ev.data).push(ev.data);
}

async function reload() {
  try {
    const res = await fetch(`/s/${encodeURIComponent(token)}/data`, { headers: { Accept: 'application/json' } });
    if (res.ok) load(await res.json());
    else if (res.status === 410 || res.status === 404) stop(res.status === 404 ? 'invalid' : 'expired');
  } catch {
    // The feed reconnects and asks again.
  }
}

let greeted = false;
function onControl(msg) {
  // The first hello too: the stream starts live from its connect, and a result stored between the page's
  // rendering and that connect would be missing.
  if (msg.kind === 'hello' && (msg.complete === false || !greeted)) {
    greeted = true;
    for (const s of strips.values()) s.strip.gap();
    reload();
  } else if (msg.kind === 'dropped') {
    for (const s of strips.values()) s.strip.gap();
  } else if (msg.kind === 'end') {
    stop(msg.reason);
  }
}

function stop(reason) {
  if (ended) return;
  ended = true;
  if (feed) feed.close();
  for (const s of strips.values()) s.strip.destroy();
  const box = document.getElementById('ended');
  const key = 'specialist.ended.' + reason;
  box.textContent = t(key).startsWith('⟦') ? t('specialist.ended.invalid') : t(key);
  box.hidden = false;
  root.dataset.ended = reason;
  if (reason !== 'closed') document.getElementById('invite-expiry').textContent = box.textContent;
  renderState(conn, 'offline', 0);
}

const initial = JSON.parse(document.getElementById('specialist-state').textContent);
load(initial);
setInterval(showExpiry, 30000);
// The server ends the stream at expiry; this also stops a page whose link died while it was offline.
setInterval(() => {
  if (!ended && expiresAt && Date.now() >= Date.parse(expiresAt)) stop('expired');
}, 1000);
feed = connect(`/ws/invites/${encodeURIComponent(token)}`, {
  onEvent,
  onControl,
  onState: (state, behind) => { if (!ended || state === 'offline') renderState(conn, state, behind); },
});
