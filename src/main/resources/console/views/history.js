// Resolved tasks, searched by terminal, txn, rrn, day, resolution and who resolved them.
import * as api from '../api.js';
import { field, fill, h, select } from '../dom.js';
import { taskAmount, timeEl } from '../format.js';
import { t } from '../i18n.js';
import * as live from '../live.js';
import { RESOLUTIONS, kindLabel, message, problemText, resolutionLabel, subjectLabel, taskHref, terminalHref } from './common.js';

const PAGE = 50;
const FIELDS = ['terminal', 'txn', 'rrn', 'date', 'resolution', 'by'];

export function renderHistory(main, query) {
  const state = {};
  FIELDS.forEach((k) => { state[k] = query.get(k) || ''; });
  const cursors = [null];
  let pageIndex = 0;
  let seq = 0;
  let timer = null;

  const input = (id, value, type) => h('input', { id, name: id, type: type || 'search', value, autocomplete: 'off', spellcheck: 'false', maxlength: '128' });
  const hTerminal = input('h-terminal', state.terminal);
  const hTxn = input('h-txn', state.txn);
  const hRrn = input('h-rrn', state.rrn);
  const hDate = input('h-date', state.date, 'date');
  const hResolution = select('h-resolution', [['', t('filter.all')], ...[...RESOLUTIONS, 'AUTO_RESOLVED'].map((r) => [r, resolutionLabel(r)])], state.resolution);
  const hBy = input('h-by', state.by);
  const submit = h('button', { type: 'submit', id: 'h-submit', class: 'primary' }, t('history.search'));
  const form = h('form', { id: 'history-search', class: 'filters', role: 'search', 'aria-label': t('history.searchLabel') },
      field(t('filter.terminal'), hTerminal), field(t('history.txn'), hTxn), field(t('history.rrn'), hRrn),
      field(t('history.date'), hDate), field(t('history.resolution'), hResolution), field(t('history.byLabel'), hBy),
      h('div', { class: 'field buttons' }, submit));
  const msg = h('p', { id: 'history-message', class: 'message', role: 'status', hidden: true });
  const total = h('span', { id: 'history-total', class: 'total' });
  const tbody = h('tbody');
  const cols = ['col.resolvedAt', 'col.kind', 'col.subject', 'col.amount', 'col.terminal', 'col.resolution', 'col.by', 'col.note'];
  const table = h('table', { id: 'history', class: 'tasks' }, h('caption', { class: 'sr' }, t('history.caption')),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, t(c))))), tbody);
  const prev = h('button', { type: 'button', id: 'h-prev', disabled: true }, t('page.prev'));
  const next = h('button', { type: 'button', id: 'h-next', disabled: true }, t('page.next'));
  main.append(h('section', { id: 'history-view', class: 'view' },
      h('div', { class: 'title-row' }, h('h1', null, t('history.title')), total), form, msg,
      h('div', { class: 'table-wrap' }, table), h('div', { class: 'paging' }, prev, next)));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.terminal = hTerminal.value.trim();
    state.txn = hTxn.value.trim();
    state.rrn = hRrn.value.trim();
    state.date = hDate.value;
    state.resolution = hResolution.value;
    state.by = hBy.value.trim();
    const q = new URLSearchParams();
    FIELDS.forEach((k) => { if (state[k]) q.set(k, state[k]); });
    const qs = q.toString();
    history.replaceState(null, '', '#/history' + (qs ? '?' + qs : ''));
    cursors.length = 1;
    pageIndex = 0;
    load();
  });
  prev.addEventListener('click', () => { if (pageIndex > 0) { pageIndex--; load(); } });
  next.addEventListener('click', () => { if (cursors[pageIndex + 1]) { pageIndex++; load(); } });

  function params() {
    const p = { state: 'RESOLVED', terminal: state.terminal, txn: state.txn, rrn: state.rrn, resolution: state.resolution,
      by: state.by, limit: PAGE, cursor: cursors[pageIndex] };
    if (state.date) {
      // The day in the browser's zone, as the instants that bound it.
      const [y, m, d] = state.date.split('-').map(Number);
      p.from = new Date(y, m - 1, d).toISOString();
      p.to = new Date(y, m - 1, d + 1).toISOString();
    }
    return p;
  }

  async function load() {
    const mine = ++seq;
    try {
      const page = await api.listTasks(params());
      if (mine !== seq) return;
      cursors[pageIndex + 1] = page.nextCursor || null;
      fill(tbody, page.items.map(row));
      if (!page.items.length) tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: String(cols.length) }, t('history.empty'))));
      total.textContent = t('history.total', { n: page.total });
      prev.disabled = pageIndex === 0;
      next.disabled = !page.nextCursor;
      message(msg, 'info', '');
    } catch (e) {
      if (mine === seq) message(msg, 'error', problemText(e));
    }
  }

  const off = live.subscribe((ev) => {
    const resolvedNow = ev.type === 'task' && ev.task.state === 'RESOLVED';
    if ((resolvedNow || ev.type === 'reload') && pageIndex === 0 && !timer) {
      timer = setTimeout(() => { timer = null; load(); }, 500);
    }
  });
  load();
  return () => { off(); clearTimeout(timer); seq++; };
}

function row(task) {
  const cell = (label, ...c) => h('td', { dataset: { label } }, ...c);
  return h('tr', { dataset: { taskId: task.id, resolution: task.resolution } },
      cell(t('col.resolvedAt'), timeEl(task.updatedAt)),
      cell(t('col.kind'), h('a', { class: 'task-link', href: taskHref(task.id) }, kindLabel(task.kind))),
      cell(t('col.subject'), h('span', { class: 'mono' }, subjectLabel(task))),
      cell(t('col.amount'), taskAmount(task) || '—'),
      cell(t('col.terminal'), h('a', { href: terminalHref(task.merchant, task.terminal) }, task.merchant + ' / ' + task.terminal)),
      cell(t('col.resolution'), resolutionLabel(task.resolution) || '—'),
      cell(t('col.by'), task.resolvedBy || '—'),
      cell(t('col.note'), task.note || ''));
}
