// "No exam open" at this station: find the patient by identifier, or by name and birth date, or register them,
// then open the exam. The search goes to the EHR through the gateway (its answer says when the gateway's own
// records had to do instead); a patient not found is offered for registration with what was typed.
import { get, post, showError } from '../api.js';
import { renderBanner } from '../banner.js';
import { t } from '../texts.js';

const $ = (id) => document.getElementById(id);

export function mountOpenExam(root, station) {
  const found = $('found');
  const error = $('find-error');
  const note = $('find-note');

  async function search(query, fillRegister) {
    error.hidden = true;
    note.hidden = true;
    found.replaceChildren();
    try {
      const answer = await get('/api/patients?' + new URLSearchParams(query).toString());
      if (answer.note) {
        note.hidden = false;
        note.textContent = answer.note;
      }
      if (!answer.patients.length) {
        note.hidden = false;
        note.textContent = t('gp.open.not-found') + (answer.note ? ' ' + answer.note : '');
        fillRegister();
        $('reg-value').focus();
        return;
      }
      for (const p of answer.patients) found.append(candidate(p));
    } catch (err) {
      showError(error, err);
    }
  }

  function candidate(p) {
    const li = document.createElement('li');
    li.className = 'candidate panel';
    li.dataset.patientId = p.id;
    const banner = document.createElement('div');
    renderBanner(banner, p);
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'open-exam';
    open.textContent = t('gp.open.open-button');
    open.addEventListener('click', () => openExam(p.id, open, error));
    li.append(banner, open);
    return li;
  }

  async function openExam(patientId, button, errorEl) {
    button.disabled = true;
    try {
      await post('/api/exams', { station, patientId });
      location.reload();
    } catch (err) {
      showError(errorEl, err);
      button.disabled = false;
    }
  }

  $('find-by-id').addEventListener('submit', (e) => {
    e.preventDefault();
    const system = $('find-system').value;
    const value = $('find-value').value.trim();
    search({ system, value }, () => {
      $('reg-system').value = system;
      $('reg-value').value = value;
    });
  });

  $('find-by-name').addEventListener('submit', (e) => {
    e.preventDefault();
    const query = { birthDate: $('find-birth').value };
    const family = $('find-family').value.trim();
    const given = $('find-given').value.trim();
    if (family) query.family = family;
    if (given) query.given = given;
    search(query, () => {
      $('reg-family').value = family;
      $('reg-given').value = given;
      $('reg-birth').value = query.birthDate;
    });
  });

  $('register').addEventListener('submit', async (e) => {
    e.preventDefault();
    const regError = $('register-error');
    regError.hidden = true;
    const button = $('register-submit');
    button.disabled = true;
    try {
      const given = $('reg-given').value.trim();
      const answer = await post('/api/patients', {
        identifiers: [{ system: $('reg-system').value, value: $('reg-value').value.trim() }],
        family: $('reg-family').value.trim(),
        given: given || undefined,
        birthDate: $('reg-birth').value,
        gender: $('reg-gender').value,
      });
      await openExam(answer.patient.id, button, regError);
    } catch (err) {
      showError(regError, err);
      button.disabled = false;
    }
  });

  const closed = new URLSearchParams(location.search).get('closed');
  if (closed) {
    const notice = $('no-exam');
    notice.textContent = t('gp.open.closed-notice');
    notice.dataset.closed = closed;
  }
  $('find-value').focus();
}
