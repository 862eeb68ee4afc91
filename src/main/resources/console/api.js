// The API client: JSON in and out, problem+json errors as ApiError, the session's CSRF token on
// every state-changing request. Without a session endpoint (an older daemon with auth off) the
// operator's name travels as "by" in the request bodies instead.

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

let session = null;

/** {name, role, csrf, authMode} from the server; {name, role:'operator', legacy:true} without sessions. */
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

/** POST with a JSON body; "by" added when there is no server session (older daemons, auth off). */
export function post(path, body = {}) {
  const b = Object.assign({}, body);
  if (session && session.legacy && session.name && !b.by) b.by = session.name;
  return request('POST', path, b);
}

export const del = (path) => request('DELETE', path);

// ---- sessions ---------------------------------------------------------------------------------

export const getSession = () => request('GET', '/session');
export const signIn = (body) => request('POST', '/session', body);
export const signOut = () => request('DELETE', '/session');

// ---- tasks --------------------------------------------------------------------------------------

let listLevel = null;

/**
 * Whether the daemon's task list takes the contract's filters: an older one refuses a list of states
 * ("unknown state") and ignores the other new filters, so the console then filters here instead.
 */
function apiLevel() {
  if (!listLevel) {
    listLevel = get('/tasks', { state: 'OPEN,ACKNOWLEDGED', limit: 1 }).then(() => 'current', (e) => {
      if (e instanceof ApiError && e.status === 400 && /unknown state/i.test(e.message)) return 'legacy';
      listLevel = null; // not an answer about the API: ask again next time
      return 'current';
    });
  }
  return listLevel;
}

/** GET /tasks with the filters of the contract (on an older daemon: its subset, the rest filtered here). */
export async function listTasks(params) {
  if ((await apiLevel()) === 'legacy') return legacyList(params);
  return get('/tasks', params);
}

async function legacyList(params) {
  const one = (v) => (v && !String(v).includes(',') ? v : undefined);
  const page = await get('/tasks', {
    state: one(params.state), kind: one(params.kind), merchant: params.merchant, terminal: params.terminal,
    limit: 500, cursor: params.cursor,
  });
  const set = (v) => (v ? new Set(String(v).split(',')) : null);
  const states = set(params.state);
  const kinds = set(params.kind);
  const severities = set(params.severity);
  const resolutions = set(params.resolution);
  const from = params.from ? new Date(params.from).getTime() : -Infinity;
  const to = params.to ? new Date(params.to).getTime() : Infinity;
  let items = page.items.filter((x) => (!states || states.has(x.state))
      && (!kinds || kinds.has(x.kind))
      && (!severities || severities.has(x.severity))
      && (!resolutions || resolutions.has(x.resolution))
      && (!params.store || x.store === params.store)
      && (!params.txn || x.txn === params.txn || x.relatedTxn === params.txn)
      && (!params.rrn || x.rrn === params.rrn)
      && (!params.by || (x.resolvedBy || '').includes(params.by))
      && new Date(x.detectedAt).getTime() >= from && new Date(x.detectedAt).getTime() < to);
  if (params.sort === 'urgent') items = items.sort(urgentOrder);
  return { items, nextCursor: page.nextCursor, total: page.nextCursor ? null : items.length, partial: true };
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 };

/** critical first, then oldest first: the order of sort=urgent. */
export function urgentOrder(a, b) {
  const s = (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3);
  return s !== 0 ? s : a.detectedAt < b.detectedAt ? -1 : a.detectedAt > b.detectedAt ? 1 : 0;
}

export const getTask = (id) => get('/tasks/' + encodeURIComponent(id));
export const ack = (id) => post('/tasks/' + encodeURIComponent(id) + '/ack', {});
export const reprint = (id) => post('/tasks/' + encodeURIComponent(id) + '/reprint', {});
export const resolve = (id, resolution, note) =>
  post('/tasks/' + encodeURIComponent(id) + '/resolve', note ? { resolution, note } : { resolution });

/** The open-task summary; null when the daemon has none yet (the fleet view then counts a list). */
export async function summary() {
  try {
    return await get('/tasks/summary');
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

// ---- terminals ----------------------------------------------------------------------------------

export const getTerminal = (merchant, terminal) =>
  get('/terminals/' + encodeURIComponent(merchant) + '/' + encodeURIComponent(terminal));

/** The terminal list; null when the daemon has none yet. */
export async function listTerminals(params) {
  try {
    return await get('/terminals', params);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}
