/**
 * A date as precise as the source made it, and no more: a day, a weekday of a round's week
 * ("Monday", as reporters write during talks), a month, a year, a range, or "by" a day when the source
 * says only that it was before ("has insisted"), with the source's own words kept beside it. Sends
 * PartialDateInput; MONTH and YEAR start on their first day, a BEFORE has an end only.
 */
import type { Desk } from './desk-context.js';
import { fieldFrame, type Control, type FieldSpec } from './desk-fields.js';
import { h } from './dom.js';
import { talkLabel } from './desk-pickers.js';
import type { PartialDate } from './types.js';

type Mode = 'DAY' | 'WEEKDAY' | 'MONTH' | 'YEAR' | 'RANGE' | 'BEFORE';

const MODES: [Mode | '', string][] = [
  ['DAY', 'A day'],
  ['WEEKDAY', 'A weekday in the week of a round of talks'],
  ['MONTH', 'A month'],
  ['YEAR', 'A year'],
  ['RANGE', 'From one day to another'],
  ['BEFORE', 'By a day, how long before not known'],
];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const DAY_MS = 86_400_000;

/** The day named `weekday` in the Monday-to-Sunday week holding `talkStart` (YYYY-MM-DD). */
export function weekdayOf(talkStart: string, weekday: string): string {
  const start = Date.parse(`${talkStart}T00:00:00Z`);
  const monday = start - ((new Date(start).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday + WEEKDAYS.indexOf(weekday) * DAY_MS).toISOString().slice(0, 10);
}

type Draft = Partial<Record<'mode' | 'day' | 'weekday' | 'talk' | 'month' | 'year' | 'from' | 'to' | 'by' | 'text', string>>;

export function dateControl(spec: FieldSpec, formId: string, desk: Desk): Control {
  const id = `${formId}-${spec.name}`;
  const { element, describe, showError } = fieldFrame(spec, id, 'fieldset');
  const input = (name: keyof Draft, label: string, attributes: Record<string, string> = {}) => {
    const control = h('input', { id: `${id}-${name}`, name: `${spec.name}.${name}`, 'aria-describedby': describe, ...attributes });
    return { control, row: h('div', { class: 'date__part' }, h('label', { for: control.id }, label), control) };
  };
  const select = (name: keyof Draft, label: string, options: [string, string][]) => {
    const control = h(
      'select',
      { id: `${id}-${name}`, name: `${spec.name}.${name}`, 'aria-describedby': describe },
      options.map(([value, text]) => h('option', { value }, text)),
    );
    return { control, row: h('div', { class: 'date__part' }, h('label', { for: control.id }, label), control) };
  };
  const mode = select('mode', 'Precision', spec.required ? MODES : [['', 'No date'], ...MODES]);
  const day = input('day', 'Day', { type: 'date' });
  const weekday = select(
    'weekday',
    'Weekday',
    WEEKDAYS.map((d) => [d, d]),
  );
  const talk = select('talk', 'Of the week of', []);
  const month = input('month', 'Month', { type: 'month', placeholder: 'YYYY-MM' });
  const year = input('year', 'Year', { type: 'number', min: '1', max: '9999', inputmode: 'numeric' });
  const from = input('from', 'From', { type: 'date' });
  const to = input('to', 'To', { type: 'date' });
  const by = input('by', 'By', { type: 'date' });
  const text = input('text', 'In the source’s words (optional)', { type: 'text', placeholder: 'e.g. “Monday”, “early June”' });
  const parts: Record<Mode, HTMLElement[]> = {
    DAY: [day.row],
    WEEKDAY: [weekday.row, talk.row],
    MONTH: [month.row],
    YEAR: [year.row],
    RANGE: [from.row, to.row],
    BEFORE: [by.row],
  };
  const fields = { mode, day, weekday, talk, month, year, from, to, by, text };
  element.append(h('div', { class: 'date' }, mode.row, Object.values(parts).flat(), text.row));

  const fillTalks = () => {
    const chosen = talk.control.value;
    talk.control.replaceChildren(...desk.conflict().talks.map((t) => h('option', { value: t.id }, talkLabel(t))));
    if (chosen) talk.control.value = chosen;
  };
  const show = () => {
    const current = mode.control.value as Mode | '';
    for (const [m, rows] of Object.entries(parts)) for (const row of rows) row.hidden = m !== current;
    text.row.hidden = current === '';
  };
  mode.control.addEventListener('change', show);
  fillTalks();
  show();

  const start = (): string | undefined => {
    switch (mode.control.value as Mode | '') {
      case 'DAY':
        return day.control.value || undefined;
      case 'WEEKDAY': {
        const t = desk.conflict().talks.find((x) => x.id === talk.control.value);
        return t?.date.start ? weekdayOf(t.date.start, weekday.control.value) : undefined;
      }
      case 'MONTH':
        return month.control.value ? `${month.control.value}-01` : undefined;
      case 'YEAR':
        return /^\d{1,4}$/.test(year.control.value) ? `${year.control.value.padStart(4, '0')}-01-01` : undefined;
      case 'RANGE':
        return from.control.value || undefined;
      default:
        return undefined;
    }
  };

  return {
    spec,
    element,
    value() {
      const m = mode.control.value as Mode;
      const words = text.control.value.trim() || (m === 'WEEKDAY' ? weekday.control.value : '');
      if (m === 'BEFORE') return by.control.value ? { end: by.control.value, precision: m, ...(words ? { text: words } : {}) } : undefined;
      const first = start();
      if (!first) return undefined;
      return {
        start: first,
        ...(m === 'RANGE' && to.control.value ? { end: to.control.value } : {}),
        precision: m === 'WEEKDAY' ? 'DAY' : m,
        ...(words ? { text: words } : {}),
      };
    },
    setValue(value) {
      const date = value as PartialDate;
      const first = date.start ?? '';
      mode.control.value = date.precision;
      day.control.value = first;
      month.control.value = first.slice(0, 7);
      year.control.value = first.slice(0, 4);
      from.control.value = first;
      to.control.value = date.end ?? '';
      by.control.value = date.precision === 'BEFORE' ? (date.end ?? '') : '';
      text.control.value = date.text ?? '';
      show();
    },
    draft: () => Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.control.value])),
    restore(draft) {
      fillTalks();
      for (const [name, value] of Object.entries(draft as Draft)) {
        const field = fields[name as keyof typeof fields];
        if (field && typeof value === 'string') field.control.value = value;
      }
      show();
    },
    showError(message, rest) {
      const at =
        rest === 'end'
          ? mode.control.value === 'BEFORE'
            ? by
            : to
          : rest === 'start'
            ? (({ DAY: day, WEEKDAY: weekday, MONTH: month, YEAR: year, RANGE: from, BEFORE: by } as const)[mode.control.value as Mode] ??
              mode)
            : mode;
      showError(message, message ? at.control : null);
    },
    focus() {
      const invalid = element.querySelector<HTMLElement>('[aria-invalid="true"]');
      (invalid ?? mode.control).focus();
    },
    reset() {
      for (const f of Object.values(fields)) f.control.value = '';
      mode.control.value = spec.required ? 'DAY' : '';
      weekday.control.value = WEEKDAYS[0]!;
      fillTalks();
      show();
    },
  };
}
