/**
 * Corrections of an incident or a statement: its history (every version, with the reason for each
 * change), "Amend" (the fields the editor changes, and a required reason) and "Retract" (admins
 * only: an editor who tries is told so in plain words, from Parley's own refusal).
 */
import { request } from './api.js';
import type { Desk } from './desk-context.js';
import type { FieldSpec } from './desk-fields.js';
import { DeskForm } from './desk-form.js';
import { RECORDABLE, type Recordable } from './desk-forms.js';
import { placeLabel } from './desk-pickers.js';
import { h, fill } from './dom.js';
import { formatInstant, formatPartialDate, humanize } from './format.js';
import type { PartialDate, Retraction } from './types.js';

type Version = Record<string, unknown>;

interface Item extends Version {
  __typename: string;
  id: string;
  revision: number;
  retraction: Retraction | null;
  history: { id: string; kind: string; summary: string; reason: string | null; recordedAt: string; subject: Version }[];
}

const amendable = (recordable: Recordable) => recordable.fields.filter((f) => f.amend);

/** What to read of a field, to show it and to start an amendment from it. */
function selection(field: FieldSpec): string {
  if (field.kind === 'date') return `${field.path} { start end precision text }`;
  if (field.kind === 'pick') return `${field.path} { name region country latitude longitude }`;
  return field.path;
}

function itemQuery(recordable: Recordable, typename: string): string {
  const fields = amendable(recordable).map(selection).join(' ');
  return `query DeskItem($id: ID!) {
  node(id: $id) {
    __typename
    ... on ${typename} {
      id revision retraction { at reason } ${fields}
      history { id kind summary reason recordedAt subject { ... on ${typename} { ${fields} } } }
    }
  }
}`;
}

function shown(field: FieldSpec, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (field.kind === 'date') return formatPartialDate(value as PartialDate);
  if (field.kind === 'pick') return placeLabel(value as Record<string, string>) || null;
  if (field.kind === 'select') return field.options.find(([v]) => v === value)?.[1] ?? String(value);
  return String(value);
}

/** One version of the item, as a list of its amendable fields. */
function version(recordable: Recordable, values: Version): HTMLElement {
  return h(
    'dl',
    { class: 'version' },
    amendable(recordable).map((field) => {
      const text = shown(field, values[field.path]);
      return text ? [h('dt', null, field.label), h('dd', null, text)] : null;
    }),
  );
}

const REASON: FieldSpec = {
  kind: 'textarea',
  name: 'reason',
  label: 'Reason',
  path: 'reason',
  required: true,
  hint: 'Why it is corrected; shown with its history.',
};

export class Corrections {
  private subject: { __typename: string; id: string } | undefined;

  constructor(
    private readonly host: HTMLElement,
    private readonly desk: Desk,
  ) {}

  async open(subject: { __typename: string; id: string }, note = ''): Promise<void> {
    const recordable = RECORDABLE.find((r) => r.correctable?.typename === subject.__typename);
    if (!recordable?.correctable) return;
    this.subject = subject;
    this.host.hidden = false;
    const heading = h('h2', { id: 'corrections-heading', tabindex: -1 }, `Correct this ${recordable.id}`);
    fill(this.host, heading, h('p', { class: 'muted' }, 'Loading its history…'));
    heading.focus();
    let item: Item | null;
    try {
      item = (await request<{ node: Item | null }>(itemQuery(recordable, subject.__typename), { id: subject.id })).node;
    } catch (error) {
      fill(this.host, heading, h('p', { class: 'form-error' }, `Its history could not be read (${(error as Error).message}).`));
      return;
    }
    // Another item was opened meanwhile.
    if (this.subject !== subject) return;
    if (!item) {
      fill(this.host, heading, h('p', { class: 'form-error' }, 'Parley no longer has this item.'));
      return;
    }
    this.render(recordable, item, heading, note);
  }

  private render(recordable: Recordable, item: Item, heading: HTMLElement, note: string): void {
    const { idPath, amend, retract } = recordable.correctable!;
    const reopen = (what: string) => () => {
      void this.open(this.subject!, what);
      return '';
    };
    const fields = amendable(recordable);
    const amendForm = new DeskForm(
      {
        id: `amend-${recordable.id}`,
        slot: `amend.${item.id}`,
        heading: 'Amend',
        submit: `Amend ${recordable.id}`,
        mutation: amend,
        fields: [...fields, REASON],
        fixed: () => ({ [idPath]: item.id }),
        initial: Object.fromEntries(fields.map((f) => [f.name, item[f.path]])),
        changedOnly: true,
        always: ['reason'],
        done: reopen('Amended: the history below shows the version before and the reason.'),
      },
      this.desk,
    );
    const retractForm = new DeskForm(
      {
        id: `retract-${recordable.id}`,
        slot: `retract.${item.id}`,
        heading: 'Retract',
        submit: `Retract ${recordable.id}`,
        mutation: retract,
        fields: [{ ...REASON, hint: 'Why it should no longer stand, e.g. “the report was false”. Only an admin can retract.' }],
        fixed: () => ({ [idPath]: item.id }),
        forbidden: 'Only an admin can retract.',
        done: reopen('Retracted.'),
      },
      this.desk,
    );
    fill(
      this.host,
      heading,
      note ? h('p', { class: 'notice', role: 'status' }, note) : null,
      h('p', { class: 'muted' }, `Revision ${item.revision}`),
      item.retraction
        ? h(
            'p',
            { class: 'notice notice--retracted' },
            h('strong', null, 'Retracted'),
            ` ${formatInstant(item.retraction.at)}: ${item.retraction.reason}`,
          )
        : null,
      h('h3', null, 'History'),
      h(
        'ol',
        { class: 'history', 'aria-label': 'History, oldest first' },
        item.history.map((event) =>
          h(
            'li',
            { class: 'history__event' },
            h(
              'p',
              { class: 'history__meta' },
              h('time', { datetime: event.recordedAt }, formatInstant(event.recordedAt)),
              ' · ',
              humanize(event.kind),
            ),
            event.reason ? h('p', { class: 'history__reason' }, h('strong', null, 'Reason: '), event.reason) : null,
            version(recordable, event.subject),
          ),
        ),
      ),
      item.retraction ? null : amendForm.element,
      item.retraction ? null : retractForm.element,
    );
    // Moved by `fill`, the heading lost the focus it was given while loading.
    heading.focus();
  }
}
