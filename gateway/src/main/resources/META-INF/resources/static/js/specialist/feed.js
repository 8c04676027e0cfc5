// The specialist view's live feed over /ws/invites/<token>, following the gateway's live WebSocket protocol
// (docs: hello, events with seq, ping with behind, dropped, end). Same API as /static/js/live.js, which the GP
// console uses; kept here so the specialist page does not depend on the console's scripts.
//
// API
//   connect(url, { onEvent(ev), onControl(msg), onState(state, behindSeconds) }, since?) -> { close() }
//     Reconnects with backoff (1, 2, 4 … 15 s) asking for since=<newest seq seen>; drops an event whose seq is
//     not newer than the last one of its device (a replayed event that also came live). States: live,
//     reconnecting, behind (the server says events waited > 2 s), offline (closed for good: end, or close()).
//   renderState(el, state, behind) fills a .conn element with the common.* texts.
import { t } from '../texts.js';

const QUIET_MS = 12000; // pings come every 5 s: this long without a word means the link is dead

export function connect(url, handlers, since = 0) {
  const { onEvent = () => {}, onControl = () => {}, onState = () => {} } = handlers;
  let newest = since;
  const lastByDevice = new Map();
  let ws = null;
  let closed = false;
  let delay = 1;
  let retry = null;
  let heard = Date.now();
  const watchdog = setInterval(() => {
    if (!closed && ws && ws.readyState === WebSocket.OPEN && Date.now() - heard > QUIET_MS) ws.close();
  }, 2000);

  function open() {
    ws = new WebSocket(url + (url.includes('?') ? '&' : '?') + 'since=' + newest);
    heard = Date.now();
    ws.onmessage = (m) => {
      heard = Date.now();
      let msg;
      try {
        msg = JSON.parse(m.data);
      } catch {
        return;
      }
      if (msg.kind === 'hello' || msg.kind === 'ping' || msg.kind === 'dropped' || msg.kind === 'end') {
        control(msg);
        return;
      }
      const last = lastByDevice.get(msg.device) ?? since;
      if (msg.seq <= last) return;
      lastByDevice.set(msg.device, msg.seq);
      newest = Math.max(newest, msg.seq);
      onEvent(msg);
    };
    ws.onclose = () => {
      if (closed) return;
      onState('reconnecting', 0);
      retry = setTimeout(open, delay * 1000);
      delay = Math.min(delay * 2, 15);
    };
  }

  function control(msg) {
    if (msg.kind === 'hello') {
      delay = 1;
      onState('live', 0);
    } else if (msg.kind === 'ping') {
      onState(msg.behind > 2 ? 'behind' : 'live', msg.behind || 0);
    } else if (msg.kind === 'end') {
      stop();
    }
    onControl(msg);
  }

  function stop() {
    closed = true;
    clearTimeout(retry);
    clearInterval(watchdog);
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close();
    onState('offline', 0);
  }

  open();
  return { close: stop, newest: () => newest };
}

export function renderState(el, state, behind) {
  if (!el) return;
  el.dataset.state = state;
  el.textContent = state === 'live' ? t('common.live')
    : state === 'behind' ? t('common.behind', Math.round(behind))
      : state === 'reconnecting' ? t('common.reconnecting') : t('common.offline');
}
