// The page's strings (the same bundles the server renders with), read once from <script id="texts">.
const texts = JSON.parse(document.getElementById('texts')?.textContent || '{}');

/** The string for key with {0}, {1}… filled in; ⟦key⟧ when missing, never blank. */
export function t(key, ...args) {
  const s = texts[key];
  if (s === undefined) return '⟦' + key + '⟧';
  return s.replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i])));
}

export const lang = document.documentElement.lang || 'ru';
