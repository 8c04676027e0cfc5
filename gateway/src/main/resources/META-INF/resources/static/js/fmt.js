// Dates and numbers the clinic's way: dd.MM.yyyy HH:mm in the clinic's time zone, decimal comma in Russian.
import { lang } from './texts.js';

const zone = document.querySelector('meta[name="clinic-zone"]')?.content || undefined;
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  second: '2-digit', hourCycle: 'h23',
});

function pick(date) {
  const p = {};
  for (const { type, value } of parts.formatToParts(date)) p[type] = value;
  return p;
}

/** dd.MM.yyyy HH:mm (seconds too when withSeconds) of an ISO instant or Date; '' for nothing. */
export function dateTime(value, withSeconds = false) {
  if (!value) return '';
  const p = pick(new Date(value));
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}${withSeconds ? ':' + p.second : ''}`;
}

/** dd.MM.yyyy of an ISO date (yyyy-MM-dd) or instant. */
export function date(value) {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}.${m}.${y}`;
  }
  const p = pick(new Date(value));
  return `${p.day}.${p.month}.${p.year}`;
}

/** HH:mm:ss of an instant. */
export function time(value) {
  if (!value) return '';
  const p = pick(new Date(value));
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** A number as the device sent it (keeps its decimals when given as a string), with a decimal comma in Russian. */
export function number(value) {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  return lang === 'ru' ? s.replace('.', ',') : s;
}

/** Whole years between an ISO birth date and now. */
export function age(birthDate) {
  if (!birthDate) return null;
  const b = new Date(birthDate + 'T00:00:00');
  const n = new Date();
  let a = n.getFullYear() - b.getFullYear();
  if (n.getMonth() < b.getMonth() || (n.getMonth() === b.getMonth() && n.getDate() < b.getDate())) a--;
  return a;
}
