// One task: what happened in plain words, the sale's timeline, the back office's evidence, the
// history, and the guided next step with its buttons (none for read-only users).
import * as api from '../api.js';
import { dl, fill, h, select } from '../dom.js';
import { duration, isOverdue, money, subjectText, taskAmount, timeEl } from '../format.js';
import { has, t } from '../i18n.js';
import * as live from '../live.js';
import {
  REPRINT_KINDS, eventLabel, kindLabel, message, nextStep, problemText, resolutionLabel, severityBadge,
  stateBadge, stateLabel, terminalHref, whatHappened,
} from './common.js';

export function renderTask(main, id) {
  const msg = h('p', { id: 'task-message', class: 'message', role: 'status', 'aria-live': 'polite', tabindex: '-1', hidden: true });
  const section = h('section', { id: 'task', class: 'view', 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('app.loading')));
  main.append(h('p', { class: 'back' }, h('a', { href: '#/inbox' }, t('task.back'))), section);
  let current = null;
  let busy = false;
  let refetchTimer = null;
  let seq = 0;

  async function load() {
    const mine = ++seq;
    try {
      const task = await api.getTask(id);
      if (mine !== seq) return null;
      current = task;
      draw(task);
      return task;
    } catch (e) {
      if (mine !== seq) return null;
      if (e.status === 404) {
        fill(section, h('h1', null, t('task.notFound')), h('p', null, h('a', { href: '#/inbox' }, t('nav.inbox'))));
      } else if (!current) {
        fill(section, msg);
        message(msg, 'error', problemText(e));
      } else {
        message(msg, 'error', problemText(e));
      }
      return null;
    }
  }

  function draw(task) {
    section.dataset.state = task.state;
    section.dataset.kind = task.kind;
    section.setAttribute('aria-busy', 'false');
    const overdue = isOverdue(task);
    const heading = h('div', { class: 'title-row' },
        h('h1', null, kindLabel(task.kind)), severityBadge(task.severity), stateBadge(task.state),
        overdue ? h('span', { class: 'badge overdue-mark' }, t('inbox.overdue')) : null);
    const what = h('p', { id: 'task-what', class: 'what' }, whatHappened(task));
    const facts = dl([
      [t('task.amount'), h('span', { class: 'amount' }, taskAmount(task) || '—'), 'task-amount'],
      [t('task.saleTime'), timeEl(task.saleAt), 'task-time'],
      [t('task.terminal'), h('a', { href: terminalHref(task.merchant, task.terminal) }, task.merchant + ' / ' + task.terminal), 'task-terminal'],
      [t('task.store'), task.store ? task.store + (task.region ? ' · ' + task.region : '') : null],
      [t('task.card'), task.pan ? h('span', { class: 'mono' }, task.pan) : null],
      [t('task.txn'), task.txn ? h('span', { class: 'mono' }, task.txn) : null],
      [t('task.relatedTxn'), task.relatedTxn ? h('span', { class: 'mono' }, task.relatedTxn) : null],
      [t('task.rrn'), task.rrn ? h('span', { class: 'mono' }, task.rrn) : null],
      [t('task.subject'), task.txn ? null : subjectText(task)],
      [t('task.since'), task.since ? timeEl(task.since) : null],
      [t('task.detected'), timeEl(task.detectedAt)],
      [t('task.ackDue'), task.ackDueAt ? timeEl(task.ackDueAt) : null],
      [t('task.detail'), task.detail],
    ]);
    const step = h('section', { class: 'next-step', 'aria-labelledby': 'next-step-h' },
        h('h2', { id: 'next-step-h' }, t('task.nextStep')), h('p', { id: 'next-step' }, nextStep(task)));
    const parts = [heading, what, facts, step];
    if (task.state === 'RESOLVED') {
      parts.push(h('p', { id: 'task-resolved', class: 'resolved' }, t('task.resolvedAs', {
        resolution: resolutionLabel(task.resolution) || '—', by: task.resolvedBy || '—',
      }), task.note ? h('q', { class: 'note' }, task.note) : null));
    }
    parts.push(msg);
    if (api.canAct() && task.state !== 'RESOLVED') parts.push(actions(task));
    parts.push(evidence(task), timelineList(task.timeline), historyList(task.history));
    const kept = typed();
    fill(section, ...parts);
    restore(kept);
  }

  /** What the operator chose or typed, so a live redraw (another operator acknowledged) does not wipe it. */
  function typed() {
    const note = section.querySelector('#note');
    const resolution = section.querySelector('#resolution');
    const focused = document.activeElement && section.contains(document.activeElement) ? document.activeElement.id : null;
    return { note: note ? note.value : null, resolution: resolution ? resolution.value : null, focused };
  }

  function restore(kept) {
    const note = section.querySelector('#note');
    const resolution = section.querySelector('#resolution');
    if (note && kept.note) note.value = kept.note;
    if (resolution && kept.resolution && Array.from(resolution.options).some((o) => o.value === kept.resolution)) {
      resolution.value = kept.resolution;
    }
    const focus = kept.focused && document.getElementById(kept.focused);
    if (focus && section.contains(focus)) focus.focus({ preventScroll: true });
  }

  function actions(task) {
    const box = h('section', { id: 'actions', class: 'actions', 'aria-label': t('task.actions') });
    const row = h('div', { class: 'button-row' });
    if (task.state === 'OPEN') {
      row.append(h('button', { type: 'button', id: 'ack', class: 'primary', onclick: () => act('ack') }, t('task.ack')));
    }
    if (REPRINT_KINDS.has(task.kind) && task.txn) {
      row.append(h('button', { type: 'button', id: 'reprint', onclick: () => act('reprint') }, t('task.reprint')));
    }
    box.append(row);
    const allowed = task.allowedResolutions;
    const resolution = select('resolution', allowed.map((r) => [r, resolutionLabel(r)]), allowed[0]);
    const note = h('textarea', { id: 'note', name: 'note', rows: '3', maxlength: '2000' });
    const form = h('form', { id: 'resolve-form', class: 'resolve' },
        h('h2', null, t('task.resolveTitle')),
        h('div', { class: 'field' }, h('label', { for: 'resolution' }, t('task.resolution')), resolution),
        h('div', { class: 'field' }, h('label', { for: 'note' }, t('task.note')), note),
        h('button', { type: 'submit', id: 'resolve' }, t('task.resolve')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act('resolve', resolution.value, note.value.trim());
    });
    box.append(form);
    return box;
  }

  async function act(what, resolution, note) {
    if (busy) return;
    busy = true;
    section.querySelectorAll('#actions button').forEach((b) => { b.disabled = true; });
    message(msg, 'ok', t('task.working'));
    try {
      let task;
      if (what === 'ack') {
        task = await api.ack(id);
        message(msg, 'ok', t('task.acked'));
      } else if (what === 'reprint') {
        task = await api.reprint(id);
        const cmd = task && task.followUp && task.followUp.commandId;
        message(msg, 'ok', cmd ? t('task.reprintSentId', { id: cmd }) : t('task.reprintSent'));
      } else {
        task = await api.resolve(id, resolution, note);
        message(msg, 'ok', t('task.resolved', { resolution: resolutionLabel(resolution) }));
      }
      await load();
    } catch (e) {
      await failed(e);
    } finally {
      busy = false;
      section.querySelectorAll('#actions button').forEach((b) => { b.disabled = false; });
      // The pressed button may be gone (acknowledged, resolved): keyboard focus goes to the outcome.
      if (!section.contains(document.activeElement)) msg.focus({ preventScroll: true });
    }
  }

  async function failed(e) {
    if (e.status === 409) {
      // Someone else changed it first: say so, then show what it is now.
      const now = await load();
      const state = now ? describe(now) : '';
      message(msg, 'conflict', t('task.conflict', { detail: e.message, now: state }));
    } else if (e.status === 422) {
      message(msg, 'error', t('task.notAllowed', { detail: e.message }));
    } else if (e.status === 503) {
      message(msg, 'error', t('task.unavailable', { detail: e.message }));
    } else if (e.status === 403) {
      message(msg, 'error', t('error.forbidden', { detail: e.message }));
    } else {
      message(msg, 'error', problemText(e));
    }
  }

  const off = live.subscribe((ev) => {
    if (ev.type === 'reload' || (ev.task && ev.task.id === id)) {
      if (busy) return; // our own change: its answer reloads
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(load, 150);
    }
  });

  load();
  return () => { off(); clearTimeout(refetchTimer); seq++; };
}

function describe(task) {
  if (task.state === 'RESOLVED') {
    return t('task.nowResolved', { resolution: resolutionLabel(task.resolution) || '—', by: task.resolvedBy || '—' });
  }
  return t('task.nowState', { state: stateLabel(task.state) });
}

function evidence(task) {
  const f = task.followUp;
  const box = h('section', { id: 'evidence', class: 'card', 'aria-labelledby': 'evidence-h' }, h('h2', { id: 'evidence-h' }, t('task.evidence')));
  if (!f) {
    box.append(h('p', { class: 'muted' }, t('evidence.none')));
    return box;
  }
  const verdict = f.verdict
    ? f.verdict.split('+').map((v) => (has('verdict.' + v) ? t('verdict.' + v) : v)).join(' + ')
    : null;
  box.append(dl([
    [t('evidence.state'), has('followup.' + f.state) ? t('followup.' + f.state) : f.state],
    [t('evidence.backOffice'), f.backOffice],
    [t('evidence.verdict'), verdict],
    [t('evidence.reference'), f.reference ? h('span', { class: 'mono' }, f.reference) : null],
    [t('evidence.checkedAt'), f.checkedAt ? timeEl(f.checkedAt) : null],
    [t('evidence.attempts'), f.attempts ? String(f.attempts) : null],
    [t('evidence.nextCheckAt'), f.nextCheckAt ? timeEl(f.nextCheckAt) : null],
    [t('evidence.command'), f.commandId ? h('span', { class: 'mono' }, f.commandId) : null],
  ]));
  return box;
}

function timelineList(events) {
  const list = h('ol', { id: 'timeline', class: 'timeline' });
  for (const e of events) {
    const late = e.receivedAt && e.at ? new Date(e.receivedAt) - new Date(e.at) : null;
    const bits = [
      e.amount !== null && e.amount !== undefined ? money(e.amount, e.currency) : null,
      e.method, e.rrn ? 'RRN ' + e.rrn : null, e.authCode ? t('timeline.auth', { code: e.authCode }) : null, e.pan, e.ref,
    ].filter(Boolean);
    list.append(h('li', { dataset: { event: e.event } },
        timeEl(e.at), ' ', h('strong', null, eventLabel(e.event)),
        bits.length ? h('span', { class: 'sub' }, bits.join(' · ')) : null,
        late !== null && Math.abs(late) >= 1000 ? h('span', { class: 'sub' }, t('timeline.received', { d: duration(late) })) : null));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, t('task.timeline')),
      events.length ? list : [list, h('p', { class: 'muted' }, t('timeline.none'))]);
}

function historyList(entries) {
  const list = h('ol', { id: 'history', class: 'history' });
  for (const e of entries) {
    list.append(h('li', null, timeEl(e.at), ' ', h('strong', null, has('change.' + e.change) ? t('change.' + e.change) : e.change),
        e.by ? h('span', { class: 'by' }, t('history.by', { by: e.by })) : null,
        e.state ? h('span', { class: 'sub' }, stateLabel(e.state)) : null,
        e.note ? h('span', { class: 'note' }, e.note) : null));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'history-h' }, h('h2', { id: 'history-h' }, t('task.history')), list);
}
