// Amounts, times and ages in the chosen language and the browser's time zone.
import { h } from './dom.js';
import { lang, t } from './i18n.js';

const moneyFormats = new Map();

function moneyFormat(currency) {
  const key = lang() + '|' + currency;
  if (!moneyFormats.has(key)) {
    // narrowSymbol: "¥128.50" in English too, not "CN¥128.50".
    moneyFormats.set(key, new Intl.NumberFormat(lang(), { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }));
  }
  return moneyFormats.get(key);
}

/** Minor units → "¥128.50" by the currency's own number of decimals; fallbackText when the browser cannot format the currency. */
export function money(amount, currency, fallbackText) {
  if (amount === null || amount === undefined) return fallbackText || null;
  if (!currency) return String(amount);
  try {
    const f = moneyFormat(currency);
    const digits = f.resolvedOptions().maximumFractionDigits;
    return f.format(amount / 10 ** digits);
  } catch (e) {
    return fallbackText || (amount / 100).toFixed(2) + ' ' + currency; // an unknown currency code
  }
}

/** The task's amount in the chosen language; null for terminal-level tasks (they have none). */
export function taskAmount(task) {
  return money(task.amount, task.currency, task.amountText);
}

const dateTimeFormats = new Map();

function dateTimeFormat(style) {
  const key = lang() + '|' + style;
  if (!dateTimeFormats.has(key)) {
    const opts = style === 'time' ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'medium' };
    dateTimeFormats.set(key, new Intl.DateTimeFormat(lang(), opts));
  }
  return dateTimeFormats.get(key);
}

/** Local text of an RFC 3339 instant (browser's zone); today's instants as time only. */
export function localTime(iso, now = new Date()) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const sameDay = d.toDateString() === now.toDateString();
  return dateTimeFormat(sameDay ? 'time' : 'full').format(d);
}

/** <time datetime="UTC" title="UTC instant">local text</time>, or a dash. */
export function timeEl(iso, attrs) {
  if (!iso) return h('span', { class: 'none' }, '—');
  return h('time', Object.assign({ datetime: iso, title: iso }, attrs || {}), localTime(iso));
}

const units = [['day', 86400000], ['hour', 3600000], ['minute', 60000], ['second', 1000]];

/** "5 minutes ago" / "5分钟前". */
export function ago(iso, nowMs = Date.now()) {
  if (!iso) return null;
  const diff = new Date(iso).getTime() - nowMs;
  const rtf = new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' });
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.round(diff / ms), unit);
  }
  return null;
}

/** A span of milliseconds in words: "1.3 s", "4 min". */
export function duration(ms) {
  if (ms === null || ms === undefined) return null;
  const a = Math.abs(ms);
  if (a < 1000) return t('unit.ms', { n: ms });
  if (a < 60000) return t('unit.s', { n: (ms / 1000).toFixed(1) });
  if (a < 3600000) return t('unit.min', { n: Math.round(ms / 60000) });
  return t('unit.h', { n: (ms / 3600000).toFixed(1) });
}

/** Overdue: still OPEN after the acknowledge deadline. */
export function isOverdue(task, nowMs = Date.now()) {
  return task.state === 'OPEN' && !!task.ackDueAt && new Date(task.ackDueAt).getTime() < nowMs;
}

const SINCE_KEYS = { TERMINAL_SILENT: 'subject.silentSince', UPLOAD_BACKLOG: 'subject.backlogSince' };

/**
 * A terminal-level subject for people in the chosen language: "silent since 10:02" from the API's
 * `since`, "events 7–8" from a seq range; otherwise the API's own subjectText.
 */
export function subjectText(task) {
  if (task.since && SINCE_KEYS[task.kind]) return t(SINCE_KEYS[task.kind], { time: localTime(task.since) });
  const g = /^seq:(\d+)-(\d+)$/.exec(task.subject);
  if (g) return g[1] === g[2] ? t('subject.seq1', { first: g[1] }) : t('subject.seqs', { first: g[1], last: g[2] });
  return task.subjectText;
}
