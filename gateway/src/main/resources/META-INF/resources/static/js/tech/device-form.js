// "Add instrument" (and edit): driver from the catalogue -> its transport's fields only, with the driver's
// defaults -> id and station -> probe -> save. Errors are the server's words: which field, what to change.
import { get, post, put, showError } from '/static/js/api.js';
import { t } from '/static/js/texts.js';
import { el, renderProbe } from '/static/js/tech/common.js';

const form = document.getElementById('device-form');
const editing = form.dataset.edit || null;
const $ = (sel) => document.querySelector(sel);
const driverSelect = $('#driver');
const transportSelect = $('#transport');
const fields = $('#transport-fields');
const error = $('#form-error');
let drivers = [];

const fieldId = (name) => 'field-' + name.replace(/\./g, '-');
const label = (name) => (t('tech.field.' + name).startsWith('⟦') ? name : t('tech.field.' + name));

function driver() {
  return drivers.find((d) => d.id === driverSelect.value);
}

function showDriver() {
  const d = driver();
  $('#transport-step').disabled = !d;
  $('#driver-info').textContent = d ? t('tech.form.driver-info', d.family, d.transports.join(', ')) : '';
  transportSelect.replaceChildren(...(d ? d.forms : []).map((f) => el('option', { value: f.transport },
    t('tech.transport.' + f.transport))));
  const options = d ? d.options : [];
  $('#driver-options').replaceChildren(...(options.length ? [el('h3', {}, t('tech.form.options'))] : []),
    ...options.map((o) => el('div', { class: 'tech-field' },
      el('label', { for: 'option-' + o.name }, o.name),
      el('input', { id: 'option-' + o.name, 'data-option': o.name, placeholder: o.defaultValue, maxlength: 500,
        'aria-describedby': 'option-hint-' + o.name }),
      el('p', { class: 'field-hint', id: 'option-hint-' + o.name }, o.description))));
  showTransport();
}

function showTransport() {
  const d = driver();
  const form = d?.forms.find((f) => f.transport === transportSelect.value);
  fields.replaceChildren(...(form ? form.fields : []).map((f) => {
    const input = f.type === 'boolean'
      ? el('input', { type: 'checkbox', id: fieldId(f.name), 'data-name': f.name, 'data-type': f.type,
        checked: f.defaultValue === 'true' })
      : el('input', { type: f.type === 'number' ? 'number' : 'text', id: fieldId(f.name), 'data-name': f.name,
        'data-type': f.type, value: f.defaultValue ?? '', required: f.required, maxlength: 200 });
    return el('div', { class: 'tech-field' }, el('label', { for: fieldId(f.name) }, label(f.name),
      f.required ? ' *' : ''), input);
  }));
  const ready = Boolean(form);
  $('#station-step').disabled = !ready;
  $('#probe').disabled = !ready || !['serial', 'tcp-client'].includes(transportSelect.value);
  $('#save').disabled = !ready;
}

/** The request as DeviceRequest takes it: only the chosen transport's group, empty optional fields left out. */
function request() {
  const body = {
    id: $('#device-id').value.trim(), driver: driverSelect.value, station: $('#station').value.trim(),
    transport: transportSelect.value, serialNumber: $('#serial-number').value.trim() || null,
  };
  for (const input of fields.querySelectorAll('input[data-name]')) {
    const [group, key] = input.dataset.name.split('.');
    let value;
    if (input.dataset.type === 'boolean') value = input.checked;
    else if (input.value.trim() === '') continue;
    else value = input.dataset.type === 'number' ? Number(input.value) : input.value.trim();
    body[group] = { ...(body[group] || {}), [key]: value };
  }
  for (const input of document.querySelectorAll('#driver-options input[data-option]')) {
    if (input.value.trim() !== '') body.options = { ...(body.options || {}), [input.dataset.option]: input.value.trim() };
  }
  return body;
}

$('#probe').addEventListener('click', async (e) => {
  const button = e.currentTarget;
  button.disabled = true;
  error.hidden = true;
  $('#probe-result').hidden = false;
  $('#probe-result').textContent = t('tech.probe.running');
  try {
    renderProbe($('#probe-result'), await post('/api/devices/probe?seconds=8', request()));
  } catch (err) {
    $('#probe-result').hidden = true;
    showError(error, err);
  } finally {
    button.disabled = false;
  }
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  const body = request();
  try {
    if (editing) await put('/api/devices/' + encodeURIComponent(editing), body);
    else await post('/api/devices', body);
    location.href = '/tech?saved=' + encodeURIComponent(body.id);
  } catch (err) {
    showError(error, err);
  }
});

driverSelect.addEventListener('change', showDriver);
transportSelect.addEventListener('change', showTransport);

async function fill(id) {
  const r = await get('/api/devices/' + encodeURIComponent(id) + '/registration');
  driverSelect.value = r.driver;
  showDriver();
  transportSelect.value = r.transport;
  showTransport();
  for (const input of fields.querySelectorAll('input[data-name]')) {
    const [group, key] = input.dataset.name.split('.');
    const value = r[group]?.[key];
    if (value === undefined || value === null) continue;
    if (input.dataset.type === 'boolean') input.checked = Boolean(value);
    else input.value = value;
  }
  for (const [name, value] of Object.entries(r.options || {})) {
    const input = document.getElementById('option-' + name);
    if (input) input.value = value;
  }
  $('#station').value = r.station || '';
  $('#serial-number').value = r.serialNumber || '';
}

async function start() {
  try {
    drivers = await get('/api/drivers');
    driverSelect.append(...drivers.map((d) => el('option', { value: d.id }, `${d.displayName} (${d.id})`)));
    get('/api/stations').then((stations) => $('#stations').replaceChildren(
      ...stations.map((s) => el('option', { value: s.id }, s.name)))).catch(() => {});
    if (editing) await fill(editing);
  } catch (err) {
    showError(error, err);
  }
}

start();
