// The two catalogs and the chosen language. Keys are the same in both (a test checks);
// a missing key shows the English text, then the key itself, never nothing.
import en from './i18n/en.js';
import zh from './i18n/zh-CN.js';

const CATALOGS = { en, 'zh-CN': zh };
const STORE_KEY = 'tillwatch.lang';
const listeners = new Set();
let current = initial();

function initial() {
  try {
    const saved = localStorage.getItem(STORE_KEY);
    if (saved && CATALOGS[saved]) return saved;
  } catch (e) { /* storage blocked: choose from the browser */ }
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const low = String(l).toLowerCase();
    if (low.startsWith('zh')) return 'zh-CN';
    if (low.startsWith('en')) return 'en';
  }
  return 'en';
}

export function lang() {
  return current;
}

export function languages() {
  return Object.keys(CATALOGS);
}

export function setLang(l) {
  if (!CATALOGS[l] || l === current) return;
  current = l;
  try { localStorage.setItem(STORE_KEY, l); } catch (e) { /* not remembered, still switched */ }
  document.documentElement.lang = l;
  applyStatic(document);
  listeners.forEach((fn) => fn(l));
}

export function onLangChange(fn) {
  listeners.add(fn);
}

/** t('inbox.total', {n: 3}) → the catalog's text with {n} replaced (as text: the caller puts it in textContent). */
export function t(key, params) {
  let s = CATALOGS[current][key];
  if (s === undefined) s = en[key];
  if (s === undefined) return key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? '' : String(params[name])));
  }
  return s;
}

/** True when the catalog has the key (optional texts: a kind or a step the console does not know yet). */
export function has(key) {
  return CATALOGS[current][key] !== undefined || en[key] !== undefined;
}

/** Texts of the static page: data-i18n → textContent, data-i18n-aria → aria-label. */
export function applyStatic(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-aria]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nAria)); });
  document.title = t('app.title');
}
