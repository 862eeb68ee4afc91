// One terminal: liveness, last heartbeat, printer, upload backlog, clock skew, missing seqs, open
// sales, and its recent tasks.
import * as api from '../api.js';
import { dl, fill, h } from '../dom.js';
import { ago, duration, money, timeEl } from '../format.js';
import { has, t } from '../i18n.js';
import * as live from '../live.js';
import { eventLabel, kindLabel, message, problemText, severityBadge, stateBadge, subjectLabel, taskHref } from './common.js';

export function renderTerminal(main, merchant, terminal) {
  const msg = h('p', { id: 'terminal-message', class: 'message', role: 'status', hidden: true });
  const section = h('section', { id: 'terminal', class: 'view', 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('app.loading')));
  main.append(h('p', { class: 'back' }, h('a', { href: '#/fleet' }, t('terminal.back'))), section);
  let timer = null;
  let seq = 0;

  async function load() {
    const mine = ++seq;
    let view;
    try {
      view = await api.getTerminal(merchant, terminal);
    } catch (e) {
      if (mine !== seq) return;
      fill(section, h('h1', null, merchant + ' / ' + terminal), msg);
      message(msg, 'error', e.status === 404 ? t('terminal.notFound') : problemText(e));
      return;
    }
    if (mine !== seq) return;
    draw(view, view.recentTasks);
  }

  function draw(v, tasks) {
    const hb = v.lastHeartbeat || {};
    section.dataset.liveness = v.liveness;
    section.setAttribute('aria-busy', 'false');
    const livenessText = has('liveness.' + v.liveness) ? t('liveness.' + v.liveness) : v.liveness;
    const gaps = (v.missingSeqRanges || []).map((r) => (r.first === r.last ? String(r.first) : r.first + '–' + r.last));
    fill(section,
        h('div', { class: 'title-row' }, h('h1', null, v.merchant + ' / ' + v.terminal),
            h('span', { class: 'badge live-' + String(v.liveness).toLowerCase() }, livenessText)),
        msg,
        dl([
          [t('terminal.store'), hb.store ? hb.store + (hb.region ? ' · ' + hb.region : '') : null],
          [t('terminal.heartbeat'), hb.lastHeardAt
            ? h('span', null, timeEl(hb.lastHeardAt), ' ', h('span', { class: 'sub' }, ago(hb.lastHeardAt)),
                hb.intervalSec ? h('span', { class: 'sub' }, t('terminal.every', { n: hb.intervalSec })) : null)
            : t('terminal.never'), 't-heartbeat'],
          [t('terminal.printer'), hb.printer || '—', 't-printer'],
          [t('terminal.backlog'), hb.pendingUploads === null || hb.pendingUploads === undefined ? '—'
            : h('span', null, t('terminal.pending', { n: hb.pendingUploads }),
                hb.pendingSince && hb.pendingUploads > 0 ? h('span', { class: 'sub' }, t('terminal.pendingSince'), ' ', timeEl(hb.pendingSince)) : null),
          't-backlog'],
          [t('terminal.skew'), v.clockSkewMs === null || v.clockSkewMs === undefined ? '—'
            : t(Math.abs(v.clockSkewMs) < 1000 ? 'terminal.skewFine' : 'terminal.skewOff', { d: duration(v.clockSkewMs) }), 't-skew'],
          [t('terminal.gaps'), gaps.length ? gaps.join(', ') : t('terminal.noGaps'), 't-gaps'],
          [t('terminal.network'), [hb.network, hb.signal !== null && hb.signal !== undefined ? hb.signal + ' dBm' : null].filter(Boolean).join(' · ')],
          [t('terminal.firmware'), hb.firmware],
          [t('terminal.lastSeq'), v.highestSeq === null || v.highestSeq === undefined ? null : String(v.highestSeq)],
        ]),
        h('section', { class: 'card', 'aria-labelledby': 'open-sales-h' }, h('h2', { id: 'open-sales-h' }, t('terminal.openSales')),
            openSales(v.openSales || [])),
        h('section', { class: 'card', 'aria-labelledby': 'tasks-h' }, h('h2', { id: 'tasks-h' }, t('terminal.tasks')), taskList(tasks)));
  }

  const off = live.subscribe((ev) => {
    if (ev.type === 'reload' || (ev.task && ev.task.merchant === merchant && ev.task.terminal === terminal)) {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    }
  });
  // Liveness and heartbeats are not task changes: look again now and then.
  const poll = setInterval(load, 10000);
  load();
  return () => { off(); clearTimeout(timer); clearInterval(poll); seq++; };
}

function openSales(sales) {
  const body = h('tbody');
  for (const s of sales) {
    body.append(h('tr', { dataset: { txn: s.txn } },
        h('td', { dataset: { label: t('col.txn') } }, h('span', { class: 'mono' }, s.txn)),
        h('td', { dataset: { label: t('col.amount') } }, money(s.amount, s.currency) || '—'),
        h('td', { dataset: { label: t('col.events') } }, (s.eventsSeen || []).map(eventLabel).join(' → ')),
        h('td', { dataset: { label: t('col.firstSeen') } }, timeEl(s.firstReceivedAt)),
        h('td', { dataset: { label: t('col.findings') } }, (s.openFindings || []).map(kindLabel).join(', ') || '—')));
  }
  return h('table', { id: 't-open-sales', class: 'tasks' },
      h('thead', null, h('tr', null, ['col.txn', 'col.amount', 'col.events', 'col.firstSeen', 'col.findings'].map((c) => h('th', { scope: 'col' }, t(c))))),
      sales.length ? body : h('tbody', null, h('tr', { class: 'empty' }, h('td', { colspan: '5' }, t('terminal.noOpenSales')))));
}

function taskList(tasks) {
  const list = h('ul', { id: 't-tasks', class: 'task-list' });
  for (const task of tasks) {
    list.append(h('li', { dataset: { taskId: task.id } }, severityBadge(task.severity), ' ',
        h('a', { class: 'task-link', href: taskHref(task.id) }, kindLabel(task.kind)), ' ',
        h('span', { class: 'mono' }, subjectLabel(task)), ' ', stateBadge(task.state), ' ', timeEl(task.detectedAt)));
  }
  if (!tasks.length) list.append(h('li', { class: 'muted' }, t('terminal.noTasks')));
  return list;
}
