// The station's unassigned and held readings, each with "assign to this exam" and a required reason. A reading
// measured while no exam was open here, or held because it came just before the exam opened (or after it closed),
// waits here until the GP says whose it is; the reason is recorded with the GP's name in the reading's history.
import { get, post, showError } from '../api.js';
import { renderTiles } from '../tiles.js';
import { t } from '../texts.js';

const WAITING = new Set(['UNASSIGNED', 'HELD']);

export class QueuePanel {
  /** root: the #queue section; onAssigned(readingView) after a reading was assigned to this exam. */
  constructor(root, { station, examId, by, onAssigned }) {
    this.root = root;
    this.items = root.querySelector('#queue-items');
    this.empty = root.querySelector('#queue-empty');
    this.station = station;
    this.examId = examId;
    this.by = by;
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

  render(readings) {
    this.empty.hidden = readings.length > 0;
    // A reason being typed is kept across refreshes.
    const typed = new Map([...this.items.querySelectorAll('.queue-item')]
      .map((n) => [n.dataset.readingId, n.querySelector('input')?.value || '']));
    this.items.replaceChildren(...readings.map((r) => this.item(r, typed.get(String(r.id)) || '')));
  }

  item(r, typed) {
    const box = document.createElement('div');
    box.className = 'queue-item';
    box.dataset.readingId = r.id;
    box.append(...renderTiles(r));
    if (r.binding?.evidence) {
      const why = document.createElement('p');
      why.className = 'muted queue-why';
      why.textContent = r.binding.evidence;
      box.append(why);
    }
    const form = document.createElement('form');
    form.className = 'assign';
    const id = 'reason-' + r.id;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = t('gp.queue.reason');
    const input = document.createElement('input');
    input.id = id;
    input.required = true;
    input.maxLength = 500;
    input.value = typed;
    input.className = 'assign-reason';
    const button = document.createElement('button');
    button.type = 'submit';
    button.className = 'assign-submit';
    button.textContent = t('gp.queue.assign');
    const error = document.createElement('p');
    error.className = 'error';
    error.hidden = true;
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
        const assigned = await post(`/api/readings/${r.id}/assign`,
          { exam: this.examId, reason: input.value.trim(), by: this.by });
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
