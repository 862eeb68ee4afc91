// The inbox: open and acknowledged tasks, filtered and paged by the server, kept current by the
// live stream (rows appear, change and leave without a reload).
import * as api from '../api.js';
import { $, field, fill, h, select } from '../dom.js';
import { ago, isOverdue, taskAmount, timeEl } from '../format.js';
import { t } from '../i18n.js';
import * as live from '../live.js';
import {
  KINDS, SEVERITIES, kindLabel, message, problemText, severityBadge, stateBadge, subjectLabel, taskHref, terminalHref,
} from './common.js';

const PAGE = 50;
const AGES = {
  lt1h: { from: 3600e3 }, lt24h: { from: 86400e3 },
  gt10m: { to: 600e3 }, gt1h: { to: 3600e3 }, gt24h: { to: 86400e3 },
};
const FILTERS = ['kind', 'severity', 'merchant', 'terminal', 'store', 'age', 'sort'];
const OPEN_STATES = new Set(['OPEN', 'ACKNOWLEDGED']);

export function renderInbox(main, query) {
  const state = {};
  FILTERS.forEach((k) => { state[k] = query.get(k) || ''; });
  if (state.sort !== 'urgent') state.sort = 'newest';
  const cursors = [null]; // cursors[i] fetches page i
  let pageIndex = 0;
  let seq = 0;
  let countsTimer = null;
  let shownTotal = 0;

  // ---- the filters ----
  const fKind = select('f-kind', [['', t('filter.all')], ...KINDS.map((k) => [k, kindLabel(k)])], state.kind);
  const fSeverity = select('f-severity', [['', t('filter.all')], ...SEVERITIES.map((s) => [s, t('severity.' + s)])], state.severity);
  const text = (id, value) => h('input', { id, name: id, type: 'search', value, autocomplete: 'off', spellcheck: 'false', maxlength: '64' });
  const fMerchant = text('f-merchant', state.merchant);
  const fTerminal = text('f-terminal', state.terminal);
  const fStore = text('f-store', state.store);
  const fAge = select('f-age', [['', t('filter.anyAge')], ...Object.keys(AGES).map((a) => [a, t('age.' + a)])], state.age);
  const fSort = select('f-sort', [['newest', t('sort.newest')], ['urgent', t('sort.urgent')]], state.sort);
  const apply = h('button', { type: 'submit', id: 'f-apply' }, t('filter.apply'));
  const clear = h('button', { type: 'button', id: 'f-clear', class: 'quiet' }, t('filter.clear'));
  const form = h('form', { id: 'inbox-filters', class: 'filters', role: 'search', 'aria-label': t('filter.label') },
      field(t('filter.kind'), fKind), field(t('filter.severity'), fSeverity), field(t('filter.merchant'), fMerchant),
      field(t('filter.terminal'), fTerminal), field(t('filter.store'), fStore), field(t('filter.age'), fAge),
      field(t('filter.sort'), fSort), h('div', { class: 'field buttons' }, apply, clear));

  const total = h('span', { id: 'total', class: 'total', 'aria-live': 'polite' }, '…');
  const counts = h('nav', { id: 'counts', class: 'counts', 'aria-label': t('inbox.counts') });
  const msg = h('p', { id: 'inbox-message', class: 'message', role: 'status', hidden: true });
  const tbody = h('tbody');
  const columns = ['col.severity', 'col.kind', 'col.subject', 'col.amount', 'col.terminal', 'col.detected', 'col.state'];
  const table = h('table', { id: 'inbox', class: 'tasks' },
      h('caption', { class: 'sr' }, t('inbox.caption')),
      h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, t(c))))), tbody);
  const prev = h('button', { type: 'button', id: 'prev-page', disabled: true }, t('page.prev'));
  const next = h('button', { type: 'button', id: 'next-page', disabled: true }, t('page.next'));
  const pageNo = h('span', { class: 'page-no', 'aria-live': 'polite' });

  main.append(h('section', { id: 'inbox-view', class: 'view' },
      h('div', { class: 'title-row' }, h('h1', null, t('inbox.title')), total),
      form, counts, msg, h('div', { class: 'table-wrap' }, table),
      h('div', { class: 'paging' }, prev, pageNo, next)));

  function readForm() {
    state.kind = fKind.value;
    state.severity = fSeverity.value;
    state.merchant = fMerchant.value.trim();
    state.terminal = fTerminal.value.trim();
    state.store = fStore.value.trim();
    state.age = fAge.value;
    state.sort = fSort.value;
    const q = new URLSearchParams();
    FILTERS.forEach((k) => { if (state[k] && !(k === 'sort' && state[k] === 'newest')) q.set(k, state[k]); });
    const qs = q.toString();
    // Not a hash change: the view stays, only the address says what is shown (for bookmarks and runbook links).
    history.replaceState(null, '', '#/inbox' + (qs ? '?' + qs : ''));
    cursors.length = 1;
    pageIndex = 0;
    load();
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); readForm(); });
  [fKind, fSeverity, fAge, fSort].forEach((s) => s.addEventListener('change', readForm));
  [fMerchant, fTerminal, fStore].forEach((s) => s.addEventListener('change', readForm));
  clear.addEventListener('click', () => {
    fKind.value = ''; fSeverity.value = ''; fAge.value = ''; fSort.value = 'newest';
    fMerchant.value = ''; fTerminal.value = ''; fStore.value = '';
    readForm();
  });
  prev.addEventListener('click', () => { if (pageIndex > 0) { pageIndex--; load(); } });
  next.addEventListener('click', () => { if (cursors[pageIndex + 1]) { pageIndex++; load(); } });

  function params() {
    const p = {
      state: 'OPEN,ACKNOWLEDGED', kind: state.kind, severity: state.severity, merchant: state.merchant,
      terminal: state.terminal, store: state.store, sort: state.sort, limit: PAGE, cursor: cursors[pageIndex],
    };
    const age = AGES[state.age];
    if (age && age.from) p.from = new Date(Date.now() - age.from).toISOString();
    if (age && age.to) p.to = new Date(Date.now() - age.to).toISOString();
    return p;
  }

  function matches(task) {
    if (!OPEN_STATES.has(task.state)) return false;
    if (state.kind && task.kind !== state.kind) return false;
    if (state.severity && task.severity !== state.severity) return false;
    if (state.merchant && task.merchant !== state.merchant) return false;
    if (state.terminal && task.terminal !== state.terminal) return false;
    if (state.store && task.store !== state.store) return false;
    const age = AGES[state.age];
    const at = new Date(task.detectedAt).getTime();
    if (age && age.from && at < Date.now() - age.from) return false;
    if (age && age.to && at > Date.now() - age.to) return false;
    return true;
  }

  async function load() {
    const mine = ++seq;
    try {
      const page = await api.listTasks(params());
      if (mine !== seq) return; // a newer request is under way
      cursors[pageIndex + 1] = page.nextCursor || null;
      fill(tbody, page.items.map(row));
      if (!page.items.length) tbody.append(emptyRow());
      shownTotal = page.total;
      showTotal();
      prev.disabled = pageIndex === 0;
      next.disabled = !page.nextCursor;
      pageNo.textContent = t('page.no', { n: pageIndex + 1 });
      message(msg, 'info', '');
      refreshCounts();
    } catch (e) {
      if (mine !== seq) return;
      message(msg, 'error', problemText(e));
    }
  }

  function showTotal() {
    total.textContent = t('inbox.total', { n: shownTotal });
    total.dataset.total = String(shownTotal);
  }

  async function refreshCounts() {
    let byKind;
    try {
      byKind = (await api.summary()).open.byKind;
    } catch (e) {
      return; // counts are a convenience: the list stands, the counts stay as they were
    }
    fill(counts, KINDS.map((k) => {
      const n = byKind[k] || 0;
      const a = h('a', { href: '#/inbox?kind=' + k, dataset: { kind: k, count: n }, class: n ? 'count' : 'count zero' },
          h('span', { class: 'count-label' }, kindLabel(k)), h('span', { class: 'count-n' }, String(n)));
      if (state.kind === k) a.setAttribute('aria-current', 'true');
      a.addEventListener('click', (ev) => { ev.preventDefault(); fKind.value = k; readForm(); });
      return a;
    }));
  }

  function scheduleCounts() {
    if (countsTimer) return;
    countsTimer = setTimeout(() => { countsTimer = null; refreshCounts(); }, 1000);
  }

  function findRow(id) {
    return tbody.querySelector('tr[data-task-id="' + CSS.escape(id) + '"]');
  }

  const off = live.subscribe((ev) => {
    if (ev.type === 'reload') { load(); return; }
    const task = ev.task;
    const existing = findRow(task.id);
    const fits = matches(task);
    if (existing && fits) {
      existing.replaceWith(flash(row(task)));
    } else if (existing) {
      existing.remove();
      shownTotal = Math.max(0, shownTotal - 1);
      showTotal();
      if (!tbody.querySelector('tr[data-task-id]')) tbody.append(emptyRow());
    } else if (fits) {
      shownTotal += 1;
      showTotal();
      if (pageIndex === 0 && state.sort === 'newest') {
        const empty = tbody.querySelector('tr.empty');
        if (empty) empty.remove();
        tbody.prepend(flash(row(task)));
        const rows = tbody.querySelectorAll('tr[data-task-id]');
        if (rows.length > PAGE) {
          rows[rows.length - 1].remove();
          cursors.length = 1; // the next page starts elsewhere now: ask again
          load();
        }
      } else if (pageIndex === 0) {
        load(); // its place in the urgent order is the server's to say
      }
    }
    scheduleCounts();
  });

  // Overdue is a matter of time passing, not of a change: look again now and then.
  const tick = setInterval(() => {
    tbody.querySelectorAll('tr[data-task-id]').forEach((r) => {
      const due = r.dataset.ackDueAt;
      const over = r.dataset.state === 'OPEN' && due && new Date(due).getTime() < Date.now();
      if (over && !r.classList.contains('overdue')) {
        r.classList.add('overdue'); // said in words too, not by colour alone
        r.lastElementChild.append(h('span', { class: 'badge overdue-mark' }, t('inbox.overdue')));
      }
    });
    tbody.querySelectorAll('.ago[data-at]').forEach((el) => { el.textContent = ago(el.dataset.at); });
  }, 15000);

  load();
  return () => { off(); clearInterval(tick); clearTimeout(countsTimer); seq++; };
}

function flash(tr) {
  tr.classList.add('flash');
  return tr;
}

function emptyRow() {
  return h('tr', { class: 'empty' }, h('td', { colspan: '7' }, t('inbox.empty')));
}

function row(task) {
  const overdue = isOverdue(task);
  const tr = h('tr', {
    class: overdue ? 'overdue' : null,
    dataset: { taskId: task.id, kind: task.kind, state: task.state, severity: task.severity, ackDueAt: task.ackDueAt },
  });
  const cell = (label, ...content) => h('td', { dataset: { label } }, ...content);
  tr.append(
      cell(t('col.severity'), severityBadge(task.severity)),
      cell(t('col.kind'), h('a', { class: 'task-link', href: taskHref(task.id) }, kindLabel(task.kind))),
      cell(t('col.subject'), h('span', { class: 'mono' }, subjectLabel(task))),
      cell(t('col.amount'), h('span', { class: 'amount' }, taskAmount(task) || '—')),
      cell(t('col.terminal'), h('a', { href: terminalHref(task.merchant, task.terminal) }, task.merchant + ' / ' + task.terminal),
          task.store ? h('span', { class: 'sub' }, t('store.short', { store: task.store })) : null),
      cell(t('col.detected'), timeEl(task.detectedAt), h('span', { class: 'sub ago', dataset: { at: task.detectedAt } }, ago(task.detectedAt))),
      cell(t('col.state'), stateBadge(task.state), overdue ? h('span', { class: 'badge overdue-mark' }, t('inbox.overdue')) : null),
  );
  return tr;
}
