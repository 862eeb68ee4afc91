// The console's shell: language, session, header, and the hash routes to the views.
import * as api from './api.js';
import { $, h } from './dom.js';
import { applyStatic, lang, onLangChange, setLang, t } from './i18n.js';
import * as live from './live.js';
import { renderSignin, restoreSession } from './signin.js';
import { renderFleet } from './views/fleet.js';
import { renderHistory } from './views/history.js';
import { renderInbox } from './views/inbox.js';
import { renderTask } from './views/task.js';
import { renderTerminal } from './views/terminal.js';

const ROUTES = [
  [/^\/inbox$/, 'nav.inbox', (main, m, q) => renderInbox(main, q)],
  [/^\/tasks\/([^/]+)$/, 'title.task', (main, m) => renderTask(main, m[1])],
  [/^\/terminals\/([^/]+)\/([^/]+)$/, 'title.terminal', (main, m) => renderTerminal(main, m[1], m[2])],
  [/^\/fleet$/, 'nav.fleet', (main) => renderFleet(main)],
  [/^\/history$/, 'nav.history', (main, m, q) => renderHistory(main, q)],
];

let cleanup = null;
let wanted = null;
let lastPath = null;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/inbox';
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  const segments = path.split('/').map((s) => {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  });
  return { path: segments.join('/'), raw, query };
}

function render() {
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  const main = $('#main');
  main.replaceChildren();
  const { path, raw, query } = parseHash();
  markNav(path);
  if (!api.currentSession()) {
    if (path !== '/signin') wanted = raw;
    renderSignin(main, signedIn);
    return;
  }
  if (path === '/signin') {
    location.hash = '#/inbox';
    return;
  }
  document.title = t('app.title');
  for (const [re, title, view] of ROUTES) {
    const m = re.exec(path);
    if (m) {
      document.title = t(title) + ' · TillWatch';
      cleanup = view(main, m, query) || null;
      break;
    }
  }
  if (!main.firstChild) {
    main.append(h('section', { class: 'view card' }, h('h1', null, t('notfound.title')),
        h('p', null, h('a', { href: '#/inbox' }, t('nav.inbox')))));
  }
  if (path !== lastPath) main.focus({ preventScroll: true });
  lastPath = path;
}

function markNav(path) {
  document.querySelectorAll('#nav a').forEach((a) => {
    const on = !!api.currentSession() && path.startsWith(a.getAttribute('href').slice(1));
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

function signedIn(session) {
  api.setSession(session);
  header();
  live.start();
  const to = wanted && !wanted.startsWith('/signin') ? '#' + wanted : '#/inbox';
  wanted = null;
  if (location.hash === to) render();
  else location.hash = to;
}

function header() {
  const s = api.currentSession();
  const who = $('#whoami');
  who.textContent = s ? t('who', { name: s.name, role: t('role.' + (s.role || 'operator')) }) : '';
  $('#signout').hidden = !s;
  document.body.dataset.role = s ? s.role || 'operator' : 'none';
}

async function signOut() {
  try { await api.signOut(); } catch (e) { /* the cookie is cleared or expired either way */ }
  api.setSession(null);
  live.stop();
  header();
  location.hash = '#/signin';
  render();
}

async function boot() {
  document.documentElement.lang = lang();
  const select = $('#lang');
  select.value = lang();
  select.addEventListener('change', () => setLang(select.value));
  applyStatic(document);
  onLangChange(() => {
    select.value = lang();
    header();
    live.relabel();
    render();
  });
  $('#signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', render);
  window.addEventListener('tw:unauthorized', () => {
    if (!api.currentSession()) return;
    api.setSession(null);
    live.stop();
    header();
    restoreSession().catch(() => null).finally(render);
  });
  live.relabel();
  let session = null;
  try {
    session = await restoreSession();
  } catch (e) {
    $('#main').replaceChildren(h('p', { class: 'error', role: 'alert' }, t('error.generic', { detail: e.message })));
    return;
  }
  if (session) {
    api.setSession(session);
    live.start();
  }
  header();
  render();
}

boot();
