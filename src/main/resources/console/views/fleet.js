// The fleet at a glance: open tasks by kind and severity (links into the filtered inbox), silent
// terminals, the oldest open money task.
import * as api from '../api.js';
import { fill, h } from '../dom.js';
import { ago, taskAmount, timeEl } from '../format.js';
import { t } from '../i18n.js';
import * as live from '../live.js';
import { KINDS, SEVERITIES, kindLabel, message, problemText, severityBadge, taskHref, terminalHref } from './common.js';

export function renderFleet(main) {
  const msg = h('p', { id: 'fleet-message', class: 'message', role: 'status', hidden: true });
  const totals = h('div', { id: 'fleet-totals', class: 'tiles' });
  const severity = h('div', { id: 'fleet-severity', class: 'tiles' });
  const kinds = h('div', { id: 'fleet-kinds', class: 'tiles' });
  const oldest = h('div', { id: 'fleet-oldest' });
  const silent = h('ul', { id: 'fleet-silent', class: 'task-list' });
  main.append(h('section', { id: 'fleet', class: 'view' },
      h('h1', null, t('fleet.title')), msg, totals,
      h('section', { class: 'card', 'aria-labelledby': 'fs-h' }, h('h2', { id: 'fs-h' }, t('fleet.bySeverity')), severity),
      h('section', { class: 'card', 'aria-labelledby': 'fk-h' }, h('h2', { id: 'fk-h' }, t('fleet.byKind')), kinds),
      h('section', { class: 'card', 'aria-labelledby': 'fo-h' }, h('h2', { id: 'fo-h' }, t('fleet.oldest')), oldest),
      h('section', { class: 'card', 'aria-labelledby': 'fsi-h' }, h('h2', { id: 'fsi-h' }, t('fleet.silent')), silent)));
  let timer = null;
  let seq = 0;

  async function load() {
    const mine = ++seq;
    try {
      const [summary, terminals] = await Promise.all([api.summary(), api.listTerminals({ liveness: 'SILENT', limit: 100 })]);
      if (mine !== seq) return;
      draw(summary, terminals);
      message(msg, 'info', '');
    } catch (e) {
      if (mine === seq) message(msg, 'error', problemText(e));
    }
  }

  function draw(s, terminals) {
    const open = s.open;
    fill(totals,
        tile(t('fleet.open'), open.total, '#/inbox', { id: 'fleet-open' }),
        tile(t('fleet.overdue'), s.overdue, '#/inbox?sort=urgent', { id: 'fleet-overdue', class: s.overdue ? 'tile alert' : 'tile' }),
        tile(t('fleet.terminals'), s.terminals, null, {}),
        tile(t('fleet.silentCount'), s.silentTerminals, null, { id: 'fleet-silent-count' }));
    fill(severity, SEVERITIES.map((sev) => tile(null, open.bySeverity[sev] || 0, '#/inbox?severity=' + sev,
        { dataset: { severity: sev } }, severityBadge(sev))));
    fill(kinds, KINDS.map((k) => tile(kindLabel(k), open.byKind[k] || 0, '#/inbox?kind=' + k, { dataset: { kind: k } })));
    const o = s.oldestMoneyTask;
    fill(oldest, o
      ? h('p', null, h('a', { class: 'task-link', href: taskHref(o.id) }, kindLabel(o.kind)), ' · ',
          h('span', { class: 'amount' }, taskAmount(o) || '—'), ' · ',
          h('a', { href: terminalHref(o.merchant, o.terminal) }, o.merchant + ' / ' + o.terminal), ' · ',
          timeEl(o.detectedAt), ' ', h('span', { class: 'sub' }, ago(o.detectedAt)))
      : h('p', { class: 'muted' }, t('fleet.noMoneyTask')));
    const list = terminals.items;
    fill(silent, list.map((x) => h('li', { dataset: { terminal: x.merchant + '/' + x.terminal } },
        h('a', { href: terminalHref(x.merchant, x.terminal) }, x.merchant + ' / ' + x.terminal),
        x.store ? h('span', { class: 'sub' }, t('store.short', { store: x.store })) : null,
        x.lastHeardAt ? h('span', { class: 'sub' }, t('fleet.lastHeard'), ' ', timeEl(x.lastHeardAt)) : null)));
    if (!list.length) silent.append(h('li', { class: 'muted' }, t('fleet.noSilent')));
  }

  const off = live.subscribe(() => {
    if (timer) return;
    timer = setTimeout(() => { timer = null; load(); }, 1000);
  });
  const poll = setInterval(load, 15000);
  load();
  return () => { off(); clearTimeout(timer); clearInterval(poll); seq++; };
}

function tile(label, n, href, attrs, ...extra) {
  const content = [h('span', { class: 'tile-n' }, n === null || n === undefined ? '—' : String(n)),
    label ? h('span', { class: 'tile-label' }, label) : null, ...extra];
  const a = Object.assign({ class: 'tile' }, attrs);
  return href ? h('a', Object.assign(a, { href }), ...content) : h('div', a, ...content);
}
