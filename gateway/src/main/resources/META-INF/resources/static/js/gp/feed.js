// The console's live feed: the exam's WebSocket through /static/js/live.js (reconnects with since=<last seq>,
// drops duplicates, says live / reconnecting / N s behind / offline). Where live.js is not there (a gateway
// without the exam WebSocket), the device events of the station come from the live bus's Server-Sent Events
// instead; their readings are not the API's reading view, so the console reloads the exam's readings by REST
// when one arrives. Either way the connection state on the page is the feed's real state.
import { t } from '../texts.js';

/**
 * Opens the feed. handlers: onEvent({ seq, kind, device, at, data }) for reading (the API's reading view),
 * waveform, status, queue and exam events; onReload() when the page must reload its state by REST (first
 * connection, or events were lost); onEnd(reason) when the server ends the exam's feed for good.
 * Returns { close() }.
 */
export async function openFeed({ examId, devices, stateEl, onEvent, onReload, onEnd, onDropped }) {
  let live = null;
  try {
    live = await import('/static/js/live.js');
  } catch (e) {
    live = null;
  }
  if (live && typeof live.connect === 'function') {
    stateEl.dataset.feed = 'websocket';
    return live.connect('/ws/exams/' + encodeURIComponent(examId), {
      onEvent,
      onControl(msg) {
        if (msg.kind === 'hello' && msg.complete === false) onReload();
        if (msg.kind === 'dropped' && onDropped) onDropped(msg.count);
        if (msg.kind === 'end' && onEnd) onEnd(msg.reason);
      },
      onState(state, behind) {
        live.renderState(stateEl, state, behind);
      },
    });
  }
  return sse(devices, stateEl, onEvent, onReload);
}

function renderState(el, state) {
  el.dataset.state = state;
  el.textContent = t('common.' + state);
}

function sse(devices, stateEl, onEvent, onReload) {
  stateEl.dataset.feed = 'sse';
  const query = devices.map((d) => 'device=' + encodeURIComponent(d)).join('&');
  const source = new EventSource('/api/live' + (query ? '?' + query : ''));
  source.onopen = () => {
    renderState(stateEl, 'live');
    onReload();
  };
  source.onerror = () => renderState(stateEl, source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
  const handle = (m) => {
    const ev = JSON.parse(m.data);
    // The bus's reading is the journaled one, before binding: the REST view says how it stands.
    if (ev.kind === 'reading') onReload();
    else onEvent(ev);
  };
  for (const kind of ['waveform', 'reading', 'status']) source.addEventListener(kind, handle);
  return { close: () => source.close() };
}
