// Live waveforms on a <canvas>, shared by the GP console and the specialist's view.
//
// API
//   const strip = new WaveformStrip(canvas, { kind: 'pleth' | 'ecg', numerics?, seconds?, height?, pxPerMm?,
//                                             leadName?, label? });
//     canvas     the <canvas> to draw on; its CSS width is used as is (100% of .wave), its height is set here.
//     kind       'pleth': autoscaled to what is on screen, `seconds` wide (default 6), `height` CSS px (120).
//                'ecg': standard paper, 25 mm/s and 10 mm/mV, 1 mm and 5 mm grid, lead labels; with 12 leads the
//                3x4 layout (I II III | aVR aVL aVF | V1 V2 V3 | V4 V5 V6) plus a lead II rhythm strip, else one
//                row per lead. Millimetres become CSS pixels through pxPerMm() (measured once per page) unless
//                opts.pxPerMm is given (a screen calibrated by hand).
//     numerics   pleth only: an element beside the strip for setNumerics() (SpO2 and pulse).
//     leadName   ecg: function(channelCode) -> label; default: the MDC lead codes (131329 -> I, …).
//     label      text drawn at the top left (pleth), e.g. "Pleth · ox-1".
//   strip.push(waveformView)   a chunk as the live feed sends it (LiveViews.WaveformView: { stream, chunk, start,
//                              periodMicros, gapBefore, channels: [{ code, unit, factor, samples: [int|null] }] }).
//                              null samples and gapBefore are drawn as gaps, and so are chunks that never came
//                              (a jump in `chunk`): the trace is never joined across missing samples.
//   strip.gap()                marks a break now (e.g. the feed reconnected with events lost).
//   strip.setNumerics({ spo2, pulse })  numbers beside a pleth (values as the readings carry them, or null).
//   strip.destroy()            stops drawing.
//   canvas.dataset.samples     how many samples the last frame drew (tests read it).
// Drawing happens on requestAnimationFrame, only when something new arrived.
import { t } from './texts.js';
import { number } from './fmt.js';

let measuredPxPerMm = null;

/** CSS pixels per millimetre, measured once per page from a 100 mm element (CSS: 96 px per inch). */
export function pxPerMm() {
  if (measuredPxPerMm === null) {
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;width:100mm;height:1px;left:-1000mm';
    document.body.append(probe);
    measuredPxPerMm = probe.getBoundingClientRect().width / 100 || 96 / 25.4;
    probe.remove();
  }
  return measuredPxPerMm;
}

/** MDC (ISO/IEEE 11073-10101) ECG lead codes. */
const LEADS = {
  131329: 'I', 131330: 'II', 131389: 'III', 131390: 'aVR', 131391: 'aVL', 131392: 'aVF',
  131331: 'V1', 131332: 'V2', 131333: 'V3', 131334: 'V4', 131335: 'V5', 131336: 'V6',
};
const TWELVE = [['I', 'II', 'III'], ['aVR', 'aVL', 'aVF'], ['V1', 'V2', 'V3'], ['V4', 'V5', 'V6']];
/** Most chunks a jump in chunk numbers is drawn as a gap for; a bigger jump is a restarted stream. */
const MAX_MISSING_CHUNKS = 2000;

function toMillivolts(value, unit) {
  const u = (unit || '').replace('µ', 'u');
  if (u === 'uV') return value / 1000;
  if (u === 'V') return value * 1000;
  return value;
}

export class WaveformStrip {
  constructor(canvas, opts = {}) {
    this.canvas = canvas;
    this.kind = opts.kind === 'ecg' ? 'ecg' : 'pleth';
    this.opts = opts;
    this.mm = opts.pxPerMm || pxPerMm();
    this.channels = new Map(); // code -> { name, values: [number|null] }
    this.periodMs = 8;
    this.lastChunk = null;
    this.dirty = true;
    this.alive = true;
    this.frame = requestAnimationFrame(() => this.draw());
  }

  destroy() {
    this.alive = false;
    cancelAnimationFrame(this.frame);
  }

  /** Samples kept per channel: what the widest layout can show. */
  capacity() {
    const width = this.canvas.clientWidth || 800;
    const seconds = this.kind === 'ecg' ? width / (25 * this.mm) : (this.opts.seconds || 6);
    return Math.ceil(seconds * 1000 / this.periodMs) + 1;
  }

  channel(code, unit) {
    let c = this.channels.get(code);
    if (!c) {
      const name = this.kind === 'ecg' ? (this.opts.leadName ? this.opts.leadName(code) : LEADS[code] || code) : code;
      c = { name, unit, values: [] };
      // A channel that joins late starts with a gap as long as the others.
      const len = this.channels.size ? [...this.channels.values()][0].values.length : 0;
      c.values = new Array(len).fill(null);
      this.channels.set(code, c);
    }
    return c;
  }

  pushNulls(n) {
    for (const c of this.channels.values()) for (let i = 0; i < n; i++) c.values.push(null);
  }

  gap() {
    this.pushNulls(1);
    this.dirty = true;
  }

  push(w) {
    if (!w || !w.channels || !w.channels.length) return;
    if (w.periodMicros > 0) this.periodMs = w.periodMicros / 1000;
    const perChunk = w.channels[0].samples.length;
    if (this.lastChunk !== null) {
      const missing = w.chunk - this.lastChunk - 1;
      if (missing < 0 && -missing < MAX_MISSING_CHUNKS) return; // a duplicate or late chunk: drawn already
      if (missing > 0 && missing <= MAX_MISSING_CHUNKS) this.pushNulls(missing * perChunk);
      else if (missing !== 0) this.pushNulls(1);
    }
    this.lastChunk = w.chunk;
    if (w.gapBefore > 0) this.pushNulls(Math.min(w.gapBefore, this.capacity()));
    for (const ch of w.channels) {
      const c = this.channel(ch.code, ch.unit);
      const factor = ch.factor || 1;
      for (const s of ch.samples) {
        c.values.push(s === null || s === undefined ? null
          : this.kind === 'ecg' ? toMillivolts(s * factor, ch.unit) : s * factor);
      }
    }
    // Channels missing from this chunk get a gap, so all stay aligned in time.
    const longest = Math.max(...[...this.channels.values()].map((c) => c.values.length));
    for (const c of this.channels.values()) while (c.values.length < longest) c.values.push(null);
    const cap = this.capacity();
    for (const c of this.channels.values()) if (c.values.length > cap) c.values.splice(0, c.values.length - cap);
    this.dirty = true;
  }

  setNumerics({ spo2, pulse } = {}) {
    const el = this.opts.numerics;
    if (!el) return;
    el.replaceChildren();
    const line = (cls, label, value, unit) => {
      const d = document.createElement('div');
      d.className = cls;
      const v = document.createElement('span');
      v.className = 'number';
      v.textContent = value === null || value === undefined ? '—' : number(value);
      d.append(document.createTextNode(label + ' '), v, document.createTextNode(' ' + unit));
      el.append(d);
    };
    line('spo2', t('gp.wave.spo2'), spo2, '%');
    line('pulse', t('gp.wave.pulse'), pulse, t('gp.wave.per-min'));
  }

  size(cssHeight) {
    const dpr = window.devicePixelRatio || 1;
    this.canvas.style.height = cssHeight + 'px';
    const w = Math.round((this.canvas.clientWidth || 800) * dpr);
    const h = Math.round(cssHeight * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }

  draw() {
    if (!this.alive) return;
    if (this.dirty) {
      this.dirty = false;
      const drawn = this.kind === 'ecg' ? this.drawEcg() : this.drawPleth();
      this.canvas.dataset.samples = String(drawn);
    }
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Draws values[from, to) into the box, newest at the right; returns the samples drawn. */
  trace(ctx, values, from, to, box, y) {
    const step = box.pxPerSample;
    let pen = false;
    let n = 0;
    ctx.beginPath();
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        pen = false;
        continue;
      }
      const x = box.x + (i - from) * step;
      const py = y(v);
      if (pen) ctx.lineTo(x, py); else ctx.moveTo(x, py);
      pen = true;
      n++;
    }
    ctx.stroke();
    return n;
  }

  drawPleth() {
    const height = this.opts.height || 120;
    const ctx = this.size(height);
    const width = this.canvas.clientWidth || 800;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    const c = [...this.channels.values()][0];
    if (this.opts.label) {
      ctx.fillStyle = '#4a5563';
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillText(this.opts.label, 6, 14);
    }
    if (!c) return 0;
    const perScreen = Math.round((this.opts.seconds || 6) * 1000 / this.periodMs);
    const from = Math.max(0, c.values.length - perScreen);
    const shown = c.values.slice(from).filter((v) => v !== null);
    if (!shown.length) return 0;
    let lo = Math.min(...shown);
    let hi = Math.max(...shown);
    if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.1;
    lo -= pad; hi += pad;
    const top = 18;
    const y = (v) => top + (height - top - 4) * (1 - (v - lo) / (hi - lo));
    ctx.strokeStyle = '#0b5cad';
    ctx.lineWidth = 1.6;
    const pxPerSample = width / perScreen;
    const x0 = width - (c.values.length - from) * pxPerSample;
    return this.trace(ctx, c.values, from, c.values.length, { x: x0, pxPerSample }, y);
  }

  grid(ctx, width, height) {
    ctx.fillStyle = '#fffafa';
    ctx.fillRect(0, 0, width, height);
    for (let i = 0, x = 0; x <= width; i++, x = i * this.mm) {
      ctx.strokeStyle = i % 5 === 0 ? '#f0a0a8' : '#fbe0e3';
      ctx.lineWidth = i % 5 === 0 ? 1 : 0.5;
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, height); ctx.stroke();
    }
    for (let i = 0, y = 0; y <= height; i++, y = i * this.mm) {
      ctx.strokeStyle = i % 5 === 0 ? '#f0a0a8' : '#fbe0e3';
      ctx.lineWidth = i % 5 === 0 ? 1 : 0.5;
      ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(width, y); ctx.stroke();
    }
  }

  /** The rows to draw: [{ cells: [{ lead, col, cols }] }]. */
  layout() {
    const byName = new Map([...this.channels.values()].map((c) => [c.name, c]));
    const twelve = TWELVE.flat().every((n) => byName.has(n));
    if (twelve) {
      const rows = [0, 1, 2].map((r) => ({ cells: TWELVE.map((col, ci) => ({ lead: byName.get(col[r]), col: ci, cols: 4 })) }));
      rows.push({ cells: [{ lead: byName.get('II'), col: 0, cols: 1 }] });
      return rows;
    }
    return [...this.channels.values()].map((c) => ({ cells: [{ lead: c, col: 0, cols: 1 }] }));
  }

  drawEcg() {
    const rowMm = 25;
    const rows = this.layout();
    const height = Math.max(1, rows.length) * rowMm * this.mm;
    const ctx = this.size(height);
    const width = this.canvas.clientWidth || 800;
    this.grid(ctx, width, height);
    const pxPerSample = 25 * this.mm * this.periodMs / 1000;
    const perScreen = Math.floor(width / pxPerSample);
    let drawn = 0;
    ctx.font = '12px system-ui, sans-serif';
    rows.forEach((row, r) => {
      const baseline = (r + 0.6) * rowMm * this.mm;
      const y = (mv) => baseline - mv * 10 * this.mm;
      for (const cell of row.cells) {
        const values = cell.lead.values;
        // The screen shows the newest perScreen samples; a column shows its share of that time.
        // Screen sample k (0 at the left) is values[start + k]: the newest sample is at the right edge.
        const start = values.length - perScreen;
        const from = Math.max(0, start + Math.floor(perScreen * cell.col / cell.cols));
        const to = Math.min(values.length, start + Math.floor(perScreen * (cell.col + 1) / cell.cols));
        const x = (width * cell.col) / cell.cols;
        ctx.strokeStyle = '#111111';
        ctx.lineWidth = 1.2;
        if (to > from) drawn += this.trace(ctx, values, from, to, { x: (from - start) * pxPerSample, pxPerSample }, y);
        ctx.fillStyle = '#111111';
        ctx.fillText(cell.lead.name, x + 4, r * rowMm * this.mm + 14);
      }
    });
    return drawn;
  }
}
