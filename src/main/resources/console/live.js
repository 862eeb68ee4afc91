// The live task stream (Server-Sent Events). Views subscribe; they get each task change, and a
// "reload" when the stream came back after a break (changes may have been missed meanwhile) or,
// while no stream can be had, every few seconds so the page still follows the tasks.
import { t } from './i18n.js';

const URL_EVENTS = '/api/v1/tasks/events';
const POLL_MS = 5000;
const subscribers = new Set();
let source = null;
let state = 'offline';
let lostOnce = false;
let retryTimer = null;
let pollTimer = null;
let retryDelay = 2000;
let running = false;

export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

function emit(msg) {
  subscribers.forEach((fn) => {
    try { fn(msg); } catch (e) { console.error(e); }
  });
}

export function liveState() {
  return state;
}

function setState(s) {
  state = s;
  const el = document.getElementById('live');
  if (!el) return;
  el.dataset.state = s;
  el.textContent = t('live.' + s);
  el.title = t('live.' + s + '.title');
}

export function relabel() {
  setState(state);
}

export function start() {
  if (running) return;
  running = true;
  connect();
}

export function stop() {
  running = false;
  clearTimeout(retryTimer);
  stopPolling();
  if (source) source.close();
  source = null;
  setState('offline');
}

function connect() {
  if (!running) return;
  setState('connecting');
  const es = new EventSource(URL_EVENTS);
  source = es;
  es.addEventListener('open', () => {
    retryDelay = 2000;
    stopPolling();
    setState('live');
    if (lostOnce) emit({ type: 'reload' });
  });
  es.addEventListener('task', (ev) => {
    let msg;
    try { msg = JSON.parse(ev.data); } catch (e) { return; }
    if (msg && msg.task) emit({ type: 'task', change: msg.change, task: msg.task });
  });
  es.addEventListener('error', () => {
    lostOnce = true;
    if (es.readyState === EventSource.CLOSED) {
      // Refused (signed out, a proxy that will not pass the stream): try again later, poll meanwhile.
      es.close();
      setState('offline');
      startPolling();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    } else {
      setState('connecting'); // the browser reconnects by itself
    }
  });
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(() => emit({ type: 'reload', polling: true }), POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}
