// The API client: JSON in and out, problem+json errors as ApiError, the session's CSRF token on
// every state-changing request (the session says who acts: no "by" in the bodies).

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

let session = null;

/** {name, role, csrf, authMode} from the server. */
export function setSession(s) {
  session = s;
}

export function currentSession() {
  return session;
}

export function canAct() {
  return !!session && session.role !== 'read';
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (session && session.csrf) headers['X-CSRF-Token'] = session.csrf;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'Network error', detail: String(e.message || e) });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { detail: text.slice(0, 200) }; }
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    if (res.status === 401 && path !== '/session') {
      window.dispatchEvent(new CustomEvent('tw:unauthorized', { detail: err }));
    }
    throw err;
  }
  return json;
}

export const get = (path, params) => request('GET', path + query(params));

export const post = (path, body = {}) => request('POST', path, body);

export const del = (path) => request('DELETE', path);

// ---- sessions ---------------------------------------------------------------------------------

export const getSession = () => request('GET', '/session');
export const signIn = (body) => request('POST', '/session', body);
export const signOut = () => request('DELETE', '/session');

// ---- tasks --------------------------------------------------------------------------------------

/** GET /tasks with the filters of the contract; {items, nextCursor, total}. */
export const listTasks = (params) => get('/tasks', params);

export const getTask = (id) => get('/tasks/' + encodeURIComponent(id));
export const ack = (id) => post('/tasks/' + encodeURIComponent(id) + '/ack', {});
export const reprint = (id) => post('/tasks/' + encodeURIComponent(id) + '/reprint', {});
export const resolve = (id, resolution, note) =>
  post('/tasks/' + encodeURIComponent(id) + '/resolve', note ? { resolution, note } : { resolution });

export const summary = () => get('/tasks/summary');

// ---- terminals ----------------------------------------------------------------------------------

export const getTerminal = (merchant, terminal) =>
  get('/terminals/' + encodeURIComponent(merchant) + '/' + encodeURIComponent(terminal));

export const listTerminals = (params) => get('/terminals', params);
