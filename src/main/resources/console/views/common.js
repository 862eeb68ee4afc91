// What several views show the same way: kinds, severities, states, the task's plain-words sentence.
import { h } from '../dom.js';
import { localTime, subjectText, taskAmount } from '../format.js';
import { has, lang, t } from '../i18n.js';

export const KINDS = ['UNPRINTED_RECEIPT', 'UNCONFIRMED_SALE', 'DOUBLE_CHARGE_RISK', 'STUCK_REVERSAL',
  'SETTLED_NOT_SEEN', 'TERMINAL_SILENT', 'TELEMETRY_GAP', 'UPLOAD_BACKLOG'];
/** Kinds where sending the terminal a reprint can help (the API refuses the others). */
export const REPRINT_KINDS = new Set(['UNPRINTED_RECEIPT', 'UNCONFIRMED_SALE']);
export const SEVERITIES = ['critical', 'warning', 'info'];
export const RESOLUTIONS = ['REPRINTED', 'FOUND_IN_BACKOFFICE', 'COLLECTED_AGAIN', 'REFUNDED', 'NO_CHARGE', 'FALSE_ALARM'];

export const kindLabel = (k) => (has('kind.' + k) ? t('kind.' + k) : k);
export const stateLabel = (s) => (has('state.' + s) ? t('state.' + s) : s);
export const resolutionLabel = (r) => (r && has('resolution.' + r) ? t('resolution.' + r) : r);
export const eventLabel = (e) => (has('event.' + e) ? t('event.' + e) : e);

export function severityBadge(sev) {
  return h('span', { class: 'badge sev-' + sev }, has('severity.' + sev) ? t('severity.' + sev) : sev);
}

export function stateBadge(state) {
  return h('span', { class: 'badge state-' + String(state).toLowerCase() }, stateLabel(state));
}

export const taskHref = (id) => '#/tasks/' + encodeURIComponent(id);
export const terminalHref = (merchant, terminal) =>
  '#/terminals/' + encodeURIComponent(merchant) + '/' + encodeURIComponent(terminal);

/** A short label of what the task is about: the sale, or the terminal-level subject as words. */
export function subjectLabel(task) {
  return task.txn || subjectText(task);
}

/** What happened, in plain words, in the chosen language; a missing amount or time is said, not left blank. */
export function whatHappened(task) {
  const params = {
    amount: taskAmount(task) || t('what.unknownAmount'),
    time: localTime(task.saleAt) || t('what.unknownTime'),
    terminal: task.terminal,
    store: task.store ? t('what.store', { store: task.store }) : '',
    card: task.pan ? t('what.card', { pan: task.pan }) : '',
    related: task.relatedTxn || t('what.unknownSale'),
    since: localTime(task.since) || t('what.unknownTime'),
    subject: subjectText(task),
  };
  const key = 'what.' + task.kind;
  return has(key) ? t(key, params) : task.detail || task.kind;
}

/** The guided next step: the back office's answer when there is one, else the kind's own advice. */
export function nextStep(task) {
  const f = task.followUp;
  if (f && f.nextStep && f.nextStep !== 'NONE') {
    if (lang() === 'zh-CN' && f.nextStepZh) return f.nextStepZh; // the daemon's own words first
    if (has('next.' + f.nextStep)) return t('next.' + f.nextStep);
    return task.action || f.nextStep;
  }
  if (has('action.' + task.kind)) return t('action.' + task.kind);
  return task.action || '';
}

/** A message box; kind: ok | error | conflict. */
export function message(el, kind, text) {
  el.dataset.kind = kind;
  el.textContent = text;
  el.hidden = !text;
}

/** The API's problem as a sentence to show. */
export function problemText(e) {
  if (!e) return '';
  if (e.status === 0) return t('error.network');
  return t('error.generic', { detail: e.message });
}
