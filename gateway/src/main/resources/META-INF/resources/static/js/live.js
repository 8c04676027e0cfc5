// The live WebSocket client shared by the GP console, the specialist view and the technician pages.
//
//   const live = connect('/ws/exams/' + examId, {
//     onEvent(ev)   { … },   // {seq, kind, device, at, data}: each seq once, in order
//     onControl(m)  { … },   // hello (complete:false → reload by REST), dropped, end
//     onState(s, behindSeconds) { renderState(connEl, s, behindSeconds); },
//   });
//   live.close();
//
// Reconnects with backoff (1, 2, 4 … 15 s) asking for `since=<last seq>`, so nothing is missed or shown twice.
// States: live | reconnecting | behind (the server says we are ≥ BEHIND_AFTER s behind) | offline (the browser
// is offline, the stream ended, or reconnecting has failed for a while). A frozen screen that looks live is a
// clinical hazard: with no frame for SILENCE_MS (the server pings every 5 s) the socket is dropped and redialled.
import { t } from '/static/js/texts.js';

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
const SILENCE_MS = 15000;
const BEHIND_AFTER = 3;
const OFFLINE_AFTER_FAILURES = 3;
const utf8 = new TextDecoder();

/** Absolute ws:// or wss:// URL of `path` on this page's origin, with `since` set when positive. */
function socketUrl(path, since) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (since > 0) url.searchParams.set('since', String(since));
  else url.searchParams.delete('since');
  return url.toString();
}

export function connect(path, { onEvent = () => {}, onControl = () => {}, onState = () => {} } = {}) {
  let socket = null;
  let lastSeq = 0;
  let failures = 0;
  let retryTimer = null;
  let silenceTimer = null;
  let closed = false;
  let ended = false;
  let state = null;
  let behind = 0;

  function setState(next, seconds = 0) {
    if (next === state && seconds === behind) return;
    state = next;
    behind = seconds;
    onState(state, behind);
  }

  function watchSilence() {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      // No frame, not even a ping: the connection is dead even if the socket does not know it yet.
      if (socket) socket.close();
    }, SILENCE_MS);
  }

  function open() {
    if (closed || ended) return;
    const ws = new WebSocket(socketUrl(path, lastSeq));
    // Events come as binary messages of UTF-8 JSON (one message's bytes serve every viewer), control frames as text.
    ws.binaryType = 'arraybuffer';
    socket = ws;
    watchSilence();
    ws.onmessage = (message) => {
      if (socket !== ws) return;
      watchSilence();
      let frame;
      try {
        frame = JSON.parse(typeof message.data === 'string' ? message.data : utf8.decode(message.data));
      } catch (e) {
        return;
      }
      // Events queued together arrive as one message, a JSON array of them.
      for (const f of Array.isArray(frame) ? frame : [frame]) {
        if (typeof f.seq === 'number' && f.kind !== 'hello') {
          if (f.seq <= lastSeq) continue;
          lastSeq = f.seq;
          onEvent(f);
          continue;
        }
        control(f);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      clearTimeout(silenceTimer);
      if (closed || ended) return;
      failures += 1;
      setState(failures >= OFFLINE_AFTER_FAILURES || !navigator.onLine ? 'offline' : 'reconnecting');
      const wait = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)];
      retryTimer = setTimeout(open, wait);
    };
  }

  function control(frame) {
    switch (frame.kind) {
      case 'hello':
        // A restarted gateway numbers from 1 again: what we saw no longer orders what comes.
        if (frame.seq < lastSeq) lastSeq = 0;
        failures = 0;
        setState('live');
        break;
      case 'ping':
        setState(frame.behind >= BEHIND_AFTER ? 'behind' : 'live', frame.behind >= BEHIND_AFTER ? frame.behind : 0);
        break;
      case 'end':
        ended = true;
        clearTimeout(silenceTimer);
        setState('offline');
        break;
      default:
        break;
    }
    onControl(frame);
  }

  function online() {
    if (!socket && !closed && !ended) {
      clearTimeout(retryTimer);
      open();
    }
  }
  window.addEventListener('online', online);

  open();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(silenceTimer);
      window.removeEventListener('online', online);
      if (socket) socket.close();
      socket = null;
    },
    /** The last sequence number seen (for tests and for pages that reload by REST). */
    get lastSeq() {
      return lastSeq;
    },
  };
}

/** Fills a `.conn` element: data-state for the colour, the words for the state (never colour alone). */
export function renderState(el, state, behindSeconds) {
  if (!el) return;
  el.dataset.state = state;
  el.setAttribute('role', 'status');
  if (state === 'live') el.textContent = t('common.live');
  else if (state === 'reconnecting') el.textContent = t('common.reconnecting');
  else if (state === 'behind') el.textContent = t('common.behind', behindSeconds);
  else el.textContent = t('common.offline');
}
