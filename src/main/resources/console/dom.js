// Building the DOM from data without markup: every string becomes a text node or an attribute value,
// so a "<script>" typed by a terminal or an operator stays text.

/**
 * h('a', {href: '#/x', class: 'task-link'}, 'text', childNode, null, [more])
 * Attributes: strings set with setAttribute; `on*` functions become listeners; false/null/undefined skip.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'dataset') {
        for (const [dk, dv] of Object.entries(v)) {
          if (dv !== null && dv !== undefined) el.dataset[dk] = String(dv);
        }
      } else if (v === true) {
        el.setAttribute(k, '');
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** A labelled control: <label for=id>text</label> + the control. */
export function field(labelText, control, hint) {
  const wrap = h('div', { class: 'field' });
  const label = h('label', { for: control.id }, labelText);
  wrap.append(label, control);
  if (hint) wrap.append(h('small', { class: 'hint' }, hint));
  return wrap;
}

/** <select> with [value, label] options. */
export function select(id, options, value) {
  const s = h('select', { id, name: id });
  for (const [v, label] of options) {
    const o = h('option', { value: v }, label);
    if (v === value) o.selected = true;
    s.appendChild(o);
  }
  return s;
}

/** A definition list from [term, value-node-or-text, id?] rows; rows with null values are skipped. */
export function dl(rows, cls) {
  const list = h('dl', { class: cls || 'facts' });
  for (const [term, value, id] of rows) {
    if (value === null || value === undefined || value === '') continue;
    list.append(h('dt', null, term), h('dd', id ? { id } : null, value));
  }
  return list;
}
