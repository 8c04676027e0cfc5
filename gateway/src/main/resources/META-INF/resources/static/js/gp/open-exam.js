// "No exam open" at this station: find the patient by identifier, or by name and birth date, or register them,
// then open the exam. The search goes to the EHR through the gateway (its answer says when the gateway's own
// records had to do instead); a patient not found is offered for registration with what was typed.
import { get, post, showError } from '../api.js';
import { renderBanner } from '../banner.js';
import { t } from '../texts.js';

const $ = (id) => document.getElementById(id);

/** dd.mm.yyyy (also d.m.yyyy, with . / or - between, or yyyy-mm-dd) as yyyy-mm-dd; null if it is no date. */
export function isoDate(text) {
  const s = (text || '').trim();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  let y; let mo; let d;
  if (m) [, d, mo, y] = m;
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [, y, mo, d] = m;
  else return null;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(iso + 'T00:00:00Z');
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** The text of an input, or an Error with the message of key when it is empty. */
function required(id, key) {
  const v = $(id).value.trim();
  if (!v) {
    $(id).focus();
    throw new Error(t(key));
  }
  return v;
}

function birthDate(id) {
  const iso = isoDate($(id).value);
  if (!iso) {
    $(id).focus();
    throw new Error(t('gp.open.date-invalid'));
  }
  return iso;
}

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
    let value;
    try {
      value = required('find-value', 'gp.open.id-required');
    } catch (err) {
      showError(error, err);
      return;
    }
    search({ system, value }, () => {
      $('reg-system').value = system;
      $('reg-value').value = value;
    });
  });

  $('find-by-name').addEventListener('submit', (e) => {
    e.preventDefault();
    const query = {};
    try {
      query.birthDate = birthDate('find-birth');
    } catch (err) {
      showError(error, err);
      return;
    }
    const family = $('find-family').value.trim();
    const given = $('find-given').value.trim();
    if (family) query.family = family;
    if (given) query.given = given;
    search(query, () => {
      $('reg-family').value = family;
      $('reg-given').value = given;
      $('reg-birth').value = $('find-birth').value;
    });
  });

  $('register').addEventListener('submit', async (e) => {
    e.preventDefault();
    const regError = $('register-error');
    regError.hidden = true;
    const button = $('register-submit');
    try {
      const value = required('reg-value', 'gp.open.id-required');
      const family = required('reg-family', 'gp.open.family-required');
      const born = birthDate('reg-birth');
      const given = $('reg-given').value.trim();
      button.disabled = true;
      const answer = await post('/api/patients', {
        identifiers: [{ system: $('reg-system').value, value }],
        family,
        given: given || undefined,
        birthDate: born,
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
