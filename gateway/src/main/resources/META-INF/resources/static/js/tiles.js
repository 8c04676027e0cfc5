// Result tiles: one tile per result of a reading, shared by the GP console and the specialist's view.
//
// API
//   const board = new TileBoard(container, { actions?, deviceName? });
//     container   an element; the board owns its children (one <section class="tile-group"> per instrument,
//                 each with a heading and a <div class="tiles">).
//     actions     optional function(readingView) -> [{ id, label, kind: 'primary'|'secondary'|'danger', run }]:
//                 buttons under each tile of that reading (the GP's confirm / reject); run(readingView, button)
//                 is called on click. Omit it for a read-only board (specialist).
//     deviceName  optional function(deviceId) -> text for the group heading (e.g. "ox-1 · OX-300").
//   board.upsert(readingView)   adds or replaces (by reading id) the tiles of one reading as GET /api/readings/{id}
//                               returns it; groups by instrument (readingView.device), newest first in a group.
//     maxPerGroup optional number: a group shows its newest maxPerGroup tiles and a button to show the others
//                 (an oximeter reporting every few seconds would otherwise push everything else off the screen).
//   board.remove(readingId)     takes a reading's tiles away (e.g. it was re-assigned to another exam).
//   board.clear(); board.size() (readings shown); board.has(readingId)
//   renderTile(readingView, opts) -> <article class="tile"> for one result, values[opts.result ?? 0];
//     opts.actions as above. renderTiles(readingView, opts) -> one tile per result. For pages that lay tiles
//     out themselves. Each tile carries data-reading-id, data-result, data-code (LOINC), data-status
//     (review|confirmed|sent|refused|rejected|held|unassigned|withdrawn) and data-flag when flagged.
//
// What a tile shows (UI.md: a number never stands alone): the result's name, its value and display unit, the
// device time (with a marker when the gateway corrected the device clock: binding.timeNote), the instrument, the
// status in words (awaiting confirmation, confirmed, sent to the EHR, refused by the EHR, rejected…), and flags
// as text plus an icon (colour second: data-flag drives the CSS). Lab results add the reference range and the
// interpretation in words. Strings are the gp bundle's gp.tile.* keys.
import { t } from './texts.js';
import { dateTime, number } from './fmt.js';

const LOINC = 'http://loinc.org';

/** The text for key, or null when the bundles have none (t() shows ⟦key⟧ for a missing one). */
function maybe(key, ...args) {
  const s = t(key, ...args);
  return s.startsWith('⟦') ? null : s;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/**
 * A result's codes: all of them in the REST API's reading view, its main one (LOINC when it has one) in a live
 * exam event, whose results carry that code's system, code and display on the result itself.
 */
export function codesOf(v) {
  if (v.codes) return v.codes;
  return v.code ? [{ system: v.system, code: v.code, display: v.display }] : [];
}

/** The LOINC code of a result, else its first code. */
function mainCode(v) {
  const codes = codesOf(v);
  return codes.find((c) => c.system === LOINC) || codes[0] || v.deviceCode || null;
}

/** The result's name: our words for well-known LOINC codes, else the code's display, else the code. */
export function resultName(v) {
  const c = mainCode(v);
  if (!c) return t('gp.tile.unnamed');
  return maybe('gp.tile.code.' + c.code) || c.display || c.code;
}

/** The unit as people read it (mm[Hg] -> мм рт. ст.), else as the device sent it. */
export function unitText(unit) {
  if (!unit) return '';
  return maybe('gp.tile.unit.' + unit) || unit;
}

const CRITICAL = new Set(['HH', 'LL', 'AA', 'HU', 'LU']);

/** high | low | critical | abnormal | null, from the lab interpretation codes, else the device's flags. */
export function flagOf(v) {
  const lab = v.lab;
  if (!lab) return null;
  const codes = (lab.interpretations || []).map((c) => c.code);
  const flags = codes.length ? codes : (lab.deviceFlags || []).map((f) => String(f).toUpperCase());
  if (flags.some((c) => CRITICAL.has(c))) return 'critical';
  if (flags.some((c) => c === 'H' || c === '>')) return 'high';
  if (flags.some((c) => c === 'L' || c === '<')) return 'low';
  if (flags.some((c) => c === 'A')) return 'abnormal';
  return null;
}

const FLAG_ICON = { high: '▲', low: '▼', critical: '‼', abnormal: '◆' };

/** The reading's status in words and a short code (data-status) for styling and tests. */
export function statusOf(r) {
  const state = r.binding?.state;
  const upload = r.upload?.state;
  if (state === 'REVIEW') return ['review', t('gp.tile.status.review')];
  if (state === 'REJECTED') return ['rejected', t('gp.tile.status.rejected')];
  if (state === 'HELD') return ['held', t('gp.tile.status.held')];
  if (state === 'UNASSIGNED') return ['unassigned', t('gp.tile.status.unassigned')];
  if (upload === 'SENT') return ['sent', t('gp.tile.status.sent')];
  if (upload === 'DEAD') return ['refused', t('gp.tile.status.refused')];
  if (upload === 'CANCELLED') return ['withdrawn', t('gp.tile.status.withdrawn')];
  return ['confirmed', t('gp.tile.status.confirmed')];
}

/** The value of a result as text: a number, components joined (128/82), a coded answer or a text. */
function valueText(v) {
  if (v.value !== null && v.value !== undefined) return number(v.value);
  const comps = v.components || [];
  if (comps.length) {
    const bp = ['8480-6', '8462-4'].map((code) => comps.find((c) => mainCode(c)?.code === code));
    if (bp[0] && bp[1]) return `${number(bp[0].value)}/${number(bp[1].value)}`;
    return comps.filter((c) => c.value !== null && c.value !== undefined).map((c) => number(c.value)).join(' · ');
  }
  if (v.coded) return v.coded.display || v.coded.code;
  return v.text || '—';
}

function valueUnit(v) {
  if (v.unit) return v.unit;
  const first = (v.components || []).find((c) => c.unit);
  return first ? first.unit : '';
}

/** Components that the headline value does not already show (e.g. the mean pressure beside 128/82). */
function extraComponents(v) {
  const comps = v.components || [];
  const shown = comps.some((c) => mainCode(c)?.code === '8480-6') ? new Set(['8480-6', '8462-4']) : new Set();
  return comps.filter((c) => !shown.has(mainCode(c)?.code));
}

function labLines(tile, v) {
  const lab = v.lab;
  if (!lab) return;
  if (lab.range) {
    tile.append(el('div', 'meta range', t('gp.tile.range', lab.range.text || '', unitText(lab.range.unit))));
  }
  const words = (lab.interpretations || []).map((c) => maybe('gp.tile.interp.' + c.code) || c.display || c.code);
  if (words.length) tile.append(el('div', 'meta interpretation', t('gp.tile.interpretation', words.join(', '))));
  if (lab.status && lab.status !== 'FINAL') {
    tile.append(el('div', 'meta lab-status', maybe('gp.tile.lab.' + lab.status) || lab.status));
  }
  if (lab.note) tile.append(el('div', 'meta note', lab.note));
}

/** One tile per result of the reading. */
export function renderTiles(r, opts = {}) {
  return r.values.map((_, i) => renderTile(r, { ...opts, result: i }));
}

/** One tile for values[opts.result ?? 0] of the reading. */
export function renderTile(r, opts = {}) {
  const index = opts.result ?? 0;
  const v = r.values[index];
  const tile = el('article', 'tile');
  tile.dataset.readingId = r.id;
  tile.dataset.result = index;
  const code = mainCode(v);
  if (code) tile.dataset.code = code.code;
  const flag = flagOf(v);
  if (flag) tile.dataset.flag = flag;
  const [statusCode, statusText] = statusOf(r);
  tile.dataset.status = statusCode;

  tile.append(el('div', 'name', resultName(v)));
  const value = el('div', 'value', valueText(v));
  const unit = unitText(valueUnit(v));
  if (unit) value.append(el('span', 'unit', unit));
  tile.append(value);
  for (const c of extraComponents(v)) {
    tile.append(el('div', 'meta component', `${resultName(c)}: ${valueText(c)} ${unitText(c.unit)}`.trim()));
  }
  if (flag) {
    const f = el('div', 'flag');
    f.append(el('span', 'icon', FLAG_ICON[flag]), document.createTextNode(t('gp.tile.flag.' + flag)));
    f.querySelector('.icon').setAttribute('aria-hidden', 'true');
    tile.append(f);
  }
  labLines(tile, v);

  const when = el('div', 'meta when');
  const at = r.binding?.effectiveTime || r.deviceTime || r.receivedAt;
  when.append(el('time', null, dateTime(at, true)));
  when.querySelector('time').dateTime = at || '';
  if (r.binding?.timeNote) {
    const mark = el('span', 'clock-corrected', ' ≈ ' + t('gp.tile.clock-corrected'));
    mark.title = r.binding.timeNote;
    when.append(mark);
  }
  tile.append(when);
  tile.append(el('div', 'meta device', t('gp.tile.device', r.device)));
  const status = el('div', 'status', statusText);
  if (statusCode === 'refused' && r.upload?.lastError) status.title = r.upload.lastError;
  tile.append(status);

  const actions = opts.actions ? opts.actions(r) : [];
  if (actions.length) {
    const bar = el('div', 'actions');
    for (const a of actions) {
      const b = el('button', a.kind === 'primary' ? '' : a.kind || 'secondary', a.label);
      b.type = 'button';
      b.dataset.action = a.id;
      b.addEventListener('click', () => a.run(r, b));
      bar.append(b);
    }
    tile.append(bar);
  }
  return tile;
}

/** Tiles of readings, grouped by instrument, newest first inside a group, updated in place by reading id. */
export class TileBoard {
  constructor(container, opts = {}) {
    this.container = container;
    this.opts = opts;
    this.readings = new Map(); // id -> readingView
  }

  size() {
    return this.readings.size;
  }

  has(id) {
    return this.readings.has(id);
  }

  clear() {
    this.readings.clear();
    this.container.replaceChildren();
  }

  remove(id) {
    this.readings.delete(id);
    this.container.querySelectorAll(`.tile[data-reading-id="${id}"]`).forEach((n) => n.remove());
    this.container.querySelectorAll('.tile-group').forEach((g) => {
      if (!g.querySelector('.tile')) g.remove(); else this.fold(g);
    });
  }

  upsert(r) {
    if (!r || !r.values) return;
    const known = this.readings.get(r.id);
    this.readings.set(r.id, r);
    const tiles = renderTiles(r, this.opts);
    const old = this.container.querySelectorAll(`.tile[data-reading-id="${r.id}"]`);
    if (known && old.length) {
      old[0].before(...tiles);
      old.forEach((n) => n.remove());
      this.fold(tiles[0].closest('.tile-group'));
      return;
    }
    const group = this.group(r.device);
    const list = group.querySelector('.tiles');
    // Newest first: before the first tile of a reading measured earlier than this one.
    const at = (x) => x.binding?.effectiveTime || x.deviceTime || x.receivedAt || '';
    const later = [...list.querySelectorAll('.tile')].find((n) => {
      const other = this.readings.get(Number(n.dataset.readingId));
      return other && (at(other) < at(r) || (at(other) === at(r) && other.id < r.id));
    });
    if (later) later.before(...tiles); else list.append(...tiles);
    this.fold(group);
  }

  /** Hides the tiles of a group beyond maxPerGroup unless the group was expanded; the button says how many. */
  fold(group) {
    const max = this.opts.maxPerGroup;
    if (!max) return;
    const tiles = [...group.querySelectorAll('.tiles > .tile')];
    const expanded = group.dataset.expanded === 'true';
    tiles.forEach((n, i) => { n.hidden = !expanded && i >= max; });
    let more = group.querySelector('.more-tiles');
    if (tiles.length <= max) {
      if (more) more.remove();
      return;
    }
    if (!more) {
      more = el('button', 'secondary more-tiles');
      more.type = 'button';
      more.addEventListener('click', () => {
        group.dataset.expanded = group.dataset.expanded === 'true' ? 'false' : 'true';
        this.fold(group);
      });
      group.append(more);
    }
    more.textContent = expanded ? t('gp.tile.fewer') : t('gp.tile.more', tiles.length - max);
    more.setAttribute('aria-expanded', String(expanded));
  }

  group(device) {
    let g = [...this.container.children].find((n) => n.dataset.device === device);
    if (!g) {
      g = el('section', 'tile-group');
      g.dataset.device = device;
      g.append(el('h3', null, this.opts.deviceName ? this.opts.deviceName(device) : device));
      g.append(el('div', 'tiles'));
      this.container.append(g);
    }
    return g;
  }
}
