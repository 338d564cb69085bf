/**
 * The kinds of field a desk form is made of. A field is declared once (label, input name, the
 * GraphQL input path it fills, its kind); its control then builds itself, reads its value for the
 * input, keeps and restores its draft, and shows a refusal on itself.
 */
import { dateControl } from './desk-dates.js';
import type { Desk, Option } from './desk-context.js';
import { Combobox, placeLabel, type PickerKind } from './desk-pickers.js';
import { h } from './dom.js';

type Choices = readonly (readonly [value: string, label: string])[];

interface Common {
  /** The control's name, unique in its form; also its draft's key. */
  name: string;
  label: string;
  /** Where its value goes in the mutation's input, dotted: `title`, `figure.metric`. */
  path: string;
  required?: boolean;
  hint?: string;
  /** Offered when amending (incidents and statements). */
  amend?: boolean;
}

export type FieldSpec = Common &
  (
    | { kind: 'text' | 'textarea' | 'number' }
    | { kind: 'select'; options: Choices }
    /** One item per line, each sent as `{ [item]: line }` (a proposal's provisions). */
    | { kind: 'lines'; item?: string }
    | { kind: 'date' }
    /** One choice; a place may also be typed freely. */
    | { kind: 'pick'; picker: PickerKind }
    /** Several choices, each sent as `{ [item]: id, [qualifier.name]: … }`, shown as removable chips. */
    | { kind: 'chips'; picker: PickerKind; item: string; qualifier?: { name: string; label: string; options: Choices } }
  );

export interface Control {
  readonly spec: FieldSpec;
  readonly element: HTMLElement;
  /** The value for the GraphQL input; undefined when left empty. */
  value(): unknown;
  /** Shows a value read from Parley (what an amendment starts from). */
  setValue?(value: unknown): void;
  draft(): unknown;
  restore(draft: unknown): void;
  /** `rest` is what the refused path names below this field, e.g. `end` of `date.end`. */
  showError(message: string | null, rest?: string): void;
  focus(): void;
  reset(): void;
}

/**
 * The label (or legend), hint and error of a field around its controls. `describe` is what each
 * control's aria-describedby names; `showError` marks the given control invalid.
 */
export function fieldFrame(spec: FieldSpec, id: string, tag: 'div' | 'fieldset' = 'div') {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // Seen, not heard: the control says it is required with aria-required. Outside the label, so a
  // control's name stays "Title".
  const required = spec.required ? h('span', { class: 'field__required', 'aria-hidden': 'true' }, ' (required)') : null;
  const label =
    tag === 'fieldset'
      ? h('legend', { class: 'field__label' }, spec.label, required)
      : h('div', { class: 'field__head' }, h('label', { class: 'field__label', for: id }, spec.label), required);
  const error = h('p', { class: 'field__error', id: errorId, hidden: true });
  // A fieldset has no control of that id: it takes the id itself, for the error summary's link.
  const element = h(
    tag,
    { class: `field field--${spec.kind}`, id: tag === 'fieldset' ? id : null, 'data-field': spec.name },
    label,
    spec.hint ? h('p', { class: 'field__hint', id: hintId }, spec.hint) : null,
    error,
  );
  return {
    element,
    describe: spec.hint ? `${hintId} ${errorId}` : errorId,
    showError(message: string | null, control: HTMLElement | null) {
      error.textContent = message ?? '';
      error.hidden = !message;
      element.classList.toggle('is-invalid', Boolean(message));
      for (const c of element.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
      if (message && control) control.setAttribute('aria-invalid', 'true');
    },
  };
}

/** Tells the form its content changed when a control changed it from script (a pick, a removed chip). */
function changed(element: HTMLElement): void {
  element.dispatchEvent(new Event('change', { bubbles: true }));
}

function simpleControl(spec: FieldSpec & { kind: 'text' | 'textarea' | 'number' | 'select' | 'lines' }, id: string): Control {
  const frame = fieldFrame(spec, id);
  const common = { id, name: spec.name, 'aria-describedby': frame.describe, 'aria-required': spec.required ? 'true' : null };
  const input =
    spec.kind === 'select'
      ? h(
          'select',
          common,
          spec.required ? null : h('option', { value: '' }, '—'),
          spec.options.map(([value, label]) => h('option', { value }, label)),
        )
      : spec.kind === 'textarea' || spec.kind === 'lines'
        ? h('textarea', { ...common, rows: spec.kind === 'lines' ? 5 : 3 })
        : h('input', { ...common, type: 'text', inputmode: spec.kind === 'number' ? 'decimal' : null });
  frame.element.insertBefore(input, frame.element.querySelector('.field__error'));
  const initial = input.value;
  return {
    spec,
    element: frame.element,
    value() {
      const text = input.value.trim();
      if (!text) return undefined;
      if (spec.kind === 'number') return Number(text.replace(/[\s,]/g, ''));
      if (spec.kind === 'lines') {
        const lines = text
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
        return spec.item ? lines.map((line) => ({ [spec.item!]: line })) : lines;
      }
      return text;
    },
    setValue(value) {
      input.value = value === null || value === undefined ? '' : String(value);
    },
    draft: () => input.value,
    restore(draft) {
      if (typeof draft === 'string') input.value = draft;
    },
    showError: (message) => frame.showError(message, input),
    focus: () => input.focus(),
    reset() {
      input.value = initial;
    },
  };
}

function placeOption(location: Record<string, unknown>): Option {
  const label = placeLabel(location);
  return { id: label, label, value: location };
}

function pickControl(spec: FieldSpec & { kind: 'pick' }, id: string, desk: Desk): Control {
  const frame = fieldFrame(spec, id);
  let chosen: Option | null = null;
  const combobox = new Combobox(
    id,
    spec.picker,
    desk,
    (option) => {
      chosen = option;
      combobox.input.value = option.label;
      changed(combobox.input);
    },
    frame.describe,
  );
  if (spec.required) combobox.input.setAttribute('aria-required', 'true');
  // Typing after a pick starts over: what is shown is what is sent.
  combobox.input.addEventListener('input', () => (chosen = null));
  frame.element.insertBefore(combobox.element, frame.element.querySelector('.field__error'));
  return {
    spec,
    element: frame.element,
    value() {
      const text = combobox.input.value.trim();
      if (chosen) return chosen.value;
      return spec.picker === 'place' && text ? { name: text } : undefined;
    },
    setValue(value) {
      chosen = value ? placeOption(value as Record<string, unknown>) : null;
      combobox.input.value = chosen?.label ?? '';
    },
    draft: () => ({ text: combobox.input.value, chosen }),
    restore(draft) {
      const d = draft as { text?: string; chosen?: Option | null };
      combobox.input.value = d.text ?? '';
      chosen = d.chosen ?? null;
    },
    showError: (message) => frame.showError(message, combobox.input),
    focus: () => combobox.input.focus(),
    reset() {
      chosen = null;
      combobox.input.value = '';
    },
  };
}

interface Chip {
  option: Option;
  qualifier?: string;
}

function chipsControl(spec: FieldSpec & { kind: 'chips' }, id: string, desk: Desk): Control {
  const frame = fieldFrame(spec, id);
  const qualifier = spec.qualifier;
  let chips: Chip[] = [];
  const select = qualifier
    ? h(
        'select',
        { id: `${id}-${qualifier.name}`, name: `${spec.name}.${qualifier.name}` },
        qualifier.options.map(([value, label]) => h('option', { value }, label)),
      )
    : null;
  const qualifierLabel = (value: string | undefined) => qualifier?.options.find(([v]) => v === value)?.[1];
  const chipName = (chip: Chip) => [chip.option.label, qualifierLabel(chip.qualifier)?.toLowerCase()].filter(Boolean).join(' — ');
  const list = h('ul', { class: 'chips', 'aria-label': `Chosen: ${spec.name}` });
  const render = () => {
    list.replaceChildren(
      ...chips.map((chip, i) =>
        h(
          'li',
          { class: 'chip' },
          h('span', { class: 'chip__label' }, chip.option.label),
          chip.qualifier ? h('span', { class: 'chip__qualifier' }, qualifierLabel(chip.qualifier)) : null,
          h(
            'button',
            {
              type: 'button',
              class: 'chip__remove',
              'aria-label': `Remove ${chipName(chip)}`,
              onClick: () => {
                chips = chips.filter((_, j) => j !== i);
                render();
                changed(list);
                combobox.input.focus();
              },
            },
            '×',
          ),
        ),
      ),
    );
    list.hidden = chips.length === 0;
  };
  const combobox = new Combobox(
    id,
    spec.picker,
    desk,
    (option) => {
      const chip = { option, qualifier: select?.value };
      if (!chips.some((c) => c.option.id === chip.option.id && c.qualifier === chip.qualifier)) chips = [...chips, chip];
      combobox.input.value = '';
      render();
      changed(list);
    },
    frame.describe,
  );
  frame.element.insertBefore(
    h(
      'div',
      { class: 'chips-picker' },
      combobox.element,
      select && qualifier ? h('div', { class: 'chips-picker__qualifier' }, h('label', { for: select.id }, qualifier.label), select) : null,
    ),
    frame.element.querySelector('.field__error'),
  );
  frame.element.append(list);
  render();
  return {
    spec,
    element: frame.element,
    value: () =>
      chips.length
        ? chips.map((chip) => ({ [spec.item]: chip.option.value, ...(qualifier ? { [qualifier.name]: chip.qualifier } : {}) }))
        : undefined,
    draft: () => chips,
    restore(draft) {
      chips = Array.isArray(draft) ? (draft as Chip[]) : [];
      render();
    },
    showError(message, rest) {
      // `sources.1.source` names the second chip: say which.
      const index = Number(rest?.split('.')[0]);
      const chip = Number.isInteger(index) ? chips[index] : undefined;
      frame.showError(message && chip ? `${chipName(chip)}: ${message}` : message, combobox.input);
    },
    focus: () => combobox.input.focus(),
    reset() {
      chips = [];
      combobox.input.value = '';
      render();
    },
  };
}

export function buildControl(spec: FieldSpec, formId: string, desk: Desk): Control {
  const id = `${formId}-${spec.name}`;
  switch (spec.kind) {
    case 'date':
      return dateControl(spec, formId, desk);
    case 'pick':
      return pickControl(spec, id, desk);
    case 'chips':
      return chipsControl(spec, id, desk);
    default:
      return simpleControl(spec, id);
  }
}
