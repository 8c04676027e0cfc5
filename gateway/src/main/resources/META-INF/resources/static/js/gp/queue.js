// The station's unassigned and held readings, each with "assign to this exam" and a required reason. A reading
// measured while no exam was open here, or held because it came just before the exam opened (or after it closed),
// waits here until the GP says whose it is; the reason is recorded with the GP's name in the reading's history.
import { get, post, showError } from '../api.js';
import { renderTiles } from '../tiles.js';
import { t } from '../texts.js';

const WAITING = new Set(['UNASSIGNED', 'HELD']);

export class QueuePanel {
  /** root: the #queue section; onAssigned(readingView) after a reading was assigned to this exam. */
  constructor(root, { station, examId, onAssigned }) {
    this.root = root;
    this.items = root.querySelector('#queue-items');
    this.empty = root.querySelector('#queue-empty');
    this.station = station;
    this.examId = examId;
    this.onAssigned = onAssigned;
    this.loading = null;
  }

  /** Reloads the queue (a refresh already under way is reused). */
  refresh() {
    if (!this.loading) {
      this.loading = get('/api/readings/queue?limit=200')
        .then((all) => this.render(all.filter((r) => r.station === this.station && WAITING.has(r.binding?.state))))
        .catch((err) => {
          const box = document.createElement('p');
          box.className = 'error';
          showError(box, err);
          this.items.replaceChildren(box);
        })
        .finally(() => { this.loading = null; });
    }
    return this.loading;
  }

  /** Updates the list in place: items still waiting keep their node (a reason being typed, focus, a message). */
  render(readings) {
    this.empty.hidden = readings.length > 0;
    const want = new Set(readings.map((r) => String(r.id)));
    for (const n of [...this.items.querySelectorAll(':scope > .queue-item')]) {
      if (!want.has(n.dataset.readingId)) n.remove();
    }
    let before = this.items.firstElementChild;
    for (const r of readings) {
      const existing = this.items.querySelector(`:scope > .queue-item[data-reading-id="${r.id}"]`);
      if (existing) {
        before = existing.nextElementSibling;
        continue;
      }
      this.items.insertBefore(this.item(r), before);
    }
    [...this.items.children].filter((n) => !n.classList.contains('queue-item')).forEach((n) => n.remove());
  }

  item(r) {
    const box = document.createElement('div');
    box.className = 'queue-item';
    box.dataset.readingId = r.id;
    box.append(...renderTiles(r));
    const why = document.createElement('p');
    why.className = 'muted queue-why';
    why.textContent = t(r.binding?.state === 'HELD' ? 'gp.queue.why.held' : 'gp.queue.why.unassigned');
    // The binding's own evidence (times, station) for whoever wants the detail.
    if (r.binding?.evidence) why.title = r.binding.evidence;
    box.append(why);
    const form = document.createElement('form');
    form.className = 'assign';
    // Our own message says what is missing (the browser's bubble is easy to miss on a tablet).
    form.noValidate = true;
    const id = 'reason-' + r.id;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = t('gp.queue.reason');
    const input = document.createElement('input');
    input.id = id;
    input.required = true;
    input.setAttribute('aria-describedby', 'reason-error-' + r.id);
    input.maxLength = 500;
    input.className = 'assign-reason';
    const button = document.createElement('button');
    button.type = 'submit';
    button.className = 'assign-submit';
    button.textContent = t('gp.queue.assign');
    const error = document.createElement('p');
    error.className = 'error';
    error.hidden = true;
    error.id = 'reason-error-' + r.id;
    form.append(label, input, button, error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!input.value.trim()) {
        showError(error, new Error(t('gp.queue.reason-required')));
        input.focus();
        return;
      }
      button.disabled = true;
      try {
        // The server records the session's user as who assigned it.
        const assigned = await post(`/api/readings/${r.id}/assign`, { exam: this.examId, reason: input.value.trim() });
        box.remove();
        this.empty.hidden = this.items.children.length > 0;
        this.onAssigned(assigned);
      } catch (err) {
        showError(error, err);
        button.disabled = false;
      }
    });
    box.append(form);
    return box;
  }
}
