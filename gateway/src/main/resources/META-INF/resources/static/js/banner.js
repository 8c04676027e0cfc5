// The patient banner (UI.md, after the NHS CUI patient banner): the first defence against wrong-patient errors,
// shared by the GP console and the specialist's view.
//
// API
//   renderBanner(el, patientView, opts?)
//     el           the banner element; gets class "patient-banner" and role "region" with an accessible name.
//     patientView  as GET /api/patients/{id} returns it: { identifiers: [{ name, system, value }], family, given,
//                  birthDate (yyyy-MM-dd), gender (male|female|other|unknown), ehr }. May be null when only the
//                  exam's identifier is known (the EHR lookup is pending): pass opts.identifier then.
//     opts.identifier  { system, value } to show first (the identifier the exam was opened with); else the
//                  patient's first identifier.
//   identifierType(identifier) -> the identifier's type in words (gp.banner.id.<short name>, e.g. «СНИЛС»).
//
// Shows: FAMILY name in capitals, given names, date of birth with age, sex in words, the identifier with its
// type. What is unknown is said ("name not known yet"), never left blank. Elements carry classes family, given,
// dob, sex, identifier for tests and the CSS.
import { t, lang } from './texts.js';
import { date, age } from './fmt.js';

function maybe(key) {
  const s = t(key);
  return s.startsWith('⟦') ? null : s;
}

/** "45 лет", "1 year": the age with the plural the language needs (gp.banner.years.one|few|many|other). */
export function ageText(years) {
  const form = new Intl.PluralRules(lang).select(years);
  const s = t('gp.banner.years.' + form, years);
  return s.startsWith('⟦') ? t('gp.banner.years.other', years) : s;
}

function field(label, value, className) {
  const span = document.createElement('span');
  span.className = 'field ' + className;
  span.append(document.createTextNode(label + ' '));
  const b = document.createElement('b');
  b.textContent = value;
  span.append(b);
  return span;
}

/** The identifier's type in words: the configured short name's label, else the short name, else the system. */
export function identifierType(identifier) {
  if (!identifier) return '';
  const name = identifier.name || null;
  return (name && maybe('gp.banner.id.' + name)) || name || maybe('gp.banner.id.' + identifier.system)
    || identifier.system || '';
}

export function renderBanner(el, patient, opts = {}) {
  el.classList.add('patient-banner');
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', t('gp.banner.label'));
  el.replaceChildren();
  const family = document.createElement('span');
  family.className = 'family';
  const given = document.createElement('span');
  given.className = 'given';
  if (patient && patient.family) {
    family.textContent = patient.family.toLocaleUpperCase();
    given.textContent = patient.given || '';
  } else {
    family.textContent = t('gp.banner.name-unknown');
  }
  el.append(family, given);
  const born = patient?.birthDate;
  const years = age(born);
  el.append(field(t('gp.banner.dob'), born ? t('gp.banner.dob-age', date(born), ageText(years)) : t('gp.banner.unknown'),
    'dob'));
  el.append(field(t('gp.banner.sex'), maybe('gp.banner.sex.' + (patient?.gender || 'unknown'))
    || t('gp.banner.unknown'), 'sex'));
  let id = opts.identifier || patient?.identifiers?.[0] || null;
  if (id && !id.name && patient?.identifiers) {
    id = patient.identifiers.find((i) => i.system === id.system && i.value === id.value) || id;
  }
  el.append(field(id ? identifierType(id) : t('gp.banner.identifier'), id ? id.value : t('gp.banner.unknown'),
    'identifier'));
}
