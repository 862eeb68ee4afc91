// Signing in: the daemon's authentication mode decides what is asked (an API token, a name with
// authentication off, nothing behind an authenticating proxy); the answer is a session cookie
// plus the CSRF token kept in memory. With authentication off the session carries the name, so
// nothing is kept in the browser.
import * as api from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

/** What the server takes as a name with authentication off (Principal.validSelfName); its 400 says why not. */
const NAME_PATTERN = '[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M} _.@\\-]*';
let authMode = null;

/** The current session, or null when the user must sign in (authMode then says how). */
export async function restoreSession() {
  try {
    const s = await api.getSession();
    authMode = s.authMode || null;
    return s;
  } catch (e) {
    if (e.status === 401) {
      authMode = e.problem.authMode || 'token';
      if (authMode === 'proxy') {
        // The fronting proxy already knows who this is: nothing to ask, the button stays for a failure.
        try { return await api.signIn({}); } catch (e2) { return null; }
      }
      return null;
    }
    throw e;
  }
}

/** The sign-in view; calls onSignedIn(session) once signed in. */
export function renderSignin(main, onSignedIn) {
  const mode = authMode || 'token';
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert', hidden: true });
  const fields = [];
  let input = null;
  if (mode === 'token') {
    input = h('input', { id: 'signin-token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
    fields.push(h('label', { for: 'signin-token' }, t('signin.token')), input, h('small', { class: 'hint' }, t('signin.token.hint')));
  } else if (mode === 'off') {
    input = h('input', { id: 'signin-name', name: 'name', type: 'text', autocomplete: 'name', required: true, maxlength: '64', pattern: NAME_PATTERN });
    fields.push(h('label', { for: 'signin-name' }, t('signin.name')), input, h('small', { class: 'hint' }, t('signin.name.hint')));
  } else {
    fields.push(h('p', null, t('signin.proxy')));
  }
  const submit = h('button', { id: 'signin-submit', type: 'submit', class: 'primary' }, t('signin.submit'));
  const form = h('form', { id: 'signin-form', class: 'card narrow', novalidate: true }, h('h1', null, t('signin.title')),
      ...fields, submit, error);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    const value = input ? input.value.trim() : '';
    if (input && !value) {
      showError(error, t(mode === 'token' ? 'signin.error.emptyToken' : 'signin.error.emptyName'));
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      onSignedIn(await api.signIn(mode === 'token' ? { token: value } : mode === 'off' ? { name: value } : {}));
    } catch (e) {
      showError(error, e.status === 401 ? t('signin.error.wrong') : t('error.generic', { detail: e.message }));
      if (input) input.select();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h('section', { id: 'signin', class: 'view' }, form));
  if (input) input.focus();
}

function showError(el, text) {
  el.textContent = text;
  el.hidden = false;
}
