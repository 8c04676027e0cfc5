// Shared pieces of the technician's pages: building elements, device states in words, raw bytes with their
// control characters marked, and a polling loop that says honestly whether the page is current.
import { t } from '/static/js/texts.js';
import { number } from '/static/js/fmt.js';

/** An element with attributes (on* as listeners) and children (strings become text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** The link state in words: "connected", "waiting to reconnect"… */
export function stateText(state) {
  return t('tech.state.' + (state || 'UNKNOWN'));
}

/** A state badge: the word, with the state as data for the colour (a second cue, never the only one). */
export function stateBadge(state) {
  return el('span', { class: 'tech-state', 'data-state': state || 'UNKNOWN' }, stateText(state));
}

/** Raw bytes as the API prints them ("<STX>1|…<ETX>"): control characters marked as such, the rest as text. */
export function printable(text) {
  const out = document.createDocumentFragment();
  for (const part of String(text ?? '').split(/(<[A-Z]{2,3}>|<x[0-9A-F]{2}>)/)) {
    if (!part) continue;
    if (/^<([A-Z]{2,3}|x[0-9A-F]{2})>$/.test(part)) out.append(el('span', { class: 'ctl' }, part));
    else out.append(part);
  }
  return out;
}

/** The device clock's offset in words ("3,5 s behind", "on time"), or "—" when its readings carry no time. */
export function clockText(clock) {
  if (!clock) return t('tech.clock.none');
  const s = Math.round(clock.offsetSeconds * 10) / 10;
  const words = Math.abs(s) < 1 ? t('tech.clock.ok')
    : s > 0 ? t('tech.clock.behind', number(s)) : t('tech.clock.ahead', number(-s));
  return clock.trusted ? words : words + ' · ' + t('tech.clock.untrusted');
}

/** Rejections by reason: "BAD_CHECKSUM 2, NOISE 1", or "0". */
export function rejectsText(rejects) {
  const parts = Object.entries(rejects || {}).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`);
  return parts.length ? parts.join(', ') : '0';
}

/**
 * Calls load() now and every `ms`, and shows in stateEl whether the page is current: "live" after a success,
 * "reconnecting…" after a failure, "offline" after three in a row.
 */
export function poll(load, ms, stateEl) {
  let failures = 0;
  const show = (state, text) => {
    if (!stateEl) return;
    stateEl.dataset.state = state;
    stateEl.textContent = text;
  };
  const tick = async () => {
    try {
      await load();
      failures = 0;
      show('live', t('common.live'));
    } catch (e) {
      failures++;
      show(failures >= 3 ? 'offline' : 'reconnecting', failures >= 3 ? t('common.offline') : t('common.reconnecting'));
    }
    setTimeout(tick, ms);
  };
  tick();
}

/** A probe's result: what happened in words, the first frames (printable and hex) and the decoded values. */
export function renderProbe(section, result) {
  section.hidden = false;
  section.replaceChildren(
    el('h2', {}, t('tech.probe.result')),
    el('p', { id: 'probe-message', class: result.connected ? 'notice' : 'error', role: result.connected ? null : 'alert',
      'data-connected': String(result.connected) },
    el('strong', {}, t(result.connected ? 'tech.probe.ok' : 'tech.probe.failed')), ' ', result.message),
  );
  if (result.frames?.length) {
    section.append(el('table', { class: 'tech-table', id: 'probe-frames' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('tech.col.kind')),
        el('th', { scope: 'col' }, t('tech.col.bytes')), el('th', { scope: 'col' }, 'hex'))),
      el('tbody', {}, result.frames.map((f) => el('tr', { 'data-outcome': f.outcome },
        el('td', {}, t('tech.frame.' + f.outcome), f.reason ? el('div', { class: 'muted' }, f.reason) : null),
        el('td', {}, el('code', { class: 'capture-line' }, printable(f.printable))),
        el('td', {}, el('code', { class: 'capture-hex' }, f.hex)))))));
  }
  if (result.readings?.length) {
    section.append(el('h3', {}, t('tech.probe.values')), el('ul', { id: 'probe-values' },
      result.readings.map((r) => el('li', {}, `${r.measurement}: ${number(r.value)}${r.unit ? ' ' + r.unit : ''}`))));
  }
}
