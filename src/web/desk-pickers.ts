/**
 * Pickers instead of IDs: a combobox (ARIA APG, list autocomplete) that asks Parley for actors,
 * people, sources or places as the editor types part of a name or an alias, or filters the
 * conflict's talks, delegations and topics, which the desk already holds. Arrow keys move through
 * the options, Enter picks, Escape closes; a "Create source “X”…" option opens a small form.
 */
import { request } from './api.js';
import type { Creatable, Desk, Option } from './desk-context.js';
import { h } from './dom.js';
import { formatPartialDate, humanize } from './format.js';

export type PickerKind = 'actor' | 'person' | 'source' | 'place' | 'talk' | 'delegation' | 'topic' | 'subject';

interface Kind {
  search(text: string, desk: Desk): Promise<Option[]>;
  /** A kind the editor may create from the picker when nothing fits. */
  create?: Creatable;
}

const LIMIT = 8;

interface NamedNode {
  id: string;
  name: string;
  aliases?: string[];
  kind?: string;
}

/** The alias that matched, when the name did not: why "Military Forces…" found "Ukraine". */
function aliasDetail(node: NamedNode, text: string): string | undefined {
  const needle = text.trim().toLowerCase();
  if (!needle || node.name.toLowerCase().includes(needle)) return node.kind ? humanize(node.kind) : undefined;
  const alias = node.aliases?.find((a) => a.toLowerCase().includes(needle));
  return alias ? `also known as “${alias}”` : undefined;
}

function named(field: 'actors' | 'people' | 'sources', selection: string): Kind['search'] {
  const query = `query DeskPick($name: String, $first: Int!) { ${field}(first: $first, filter: { name: $name }) { nodes { id name ${selection} } } }`;
  return async (text) => {
    const data = await request<Record<string, { nodes: NamedNode[] }>>(query, { name: text.trim() || null, first: LIMIT });
    return data[field]!.nodes.map((node) => ({ id: node.id, label: node.name, detail: aliasDetail(node, text), value: node.id }));
  };
}

interface Place {
  name: string;
  region: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export function placeLabel(place: Partial<Place>): string {
  return [place.name, place.region !== place.name ? place.region : null, place.country].filter(Boolean).join(', ');
}

const PLACES = /* GraphQL */ `query DeskPlaces($name: String!, $first: Int!) { places(name: $name, first: $first) { name region country latitude longitude } }`;

function matching<T>(items: T[], text: string, label: (item: T) => string): T[] {
  const needle = text.trim().toLowerCase();
  return items.filter((item) => label(item).toLowerCase().includes(needle)).slice(0, LIMIT);
}

export function talkLabel(talk: { title: string; date: Parameters<typeof formatPartialDate>[0] }): string {
  return `${talk.title} (${formatPartialDate(talk.date)})`;
}

const KINDS: Record<PickerKind, Kind> = {
  actor: { search: named('actors', 'aliases kind'), create: 'actor' },
  person: { search: named('people', 'aliases') },
  source: { search: named('sources', 'kind'), create: 'source' },
  place: {
    async search(text) {
      if (!text.trim()) return [];
      const data = await request<{ places: Place[] }>(PLACES, { name: text.trim(), first: LIMIT });
      return data.places.map((place) => ({ id: placeLabel(place), label: placeLabel(place), value: place }));
    },
  },
  talk: {
    search: async (text, desk) =>
      matching(desk.conflict().talks, text, talkLabel).map((t) => ({ id: t.id, label: talkLabel(t), value: t.id })),
  },
  delegation: {
    search: async (text, desk) =>
      matching(
        desk
          .conflict()
          .talks.flatMap((talk) =>
            talk.delegations.map((d) => ({ id: d.id, label: `${d.actor.name} delegation`, detail: talk.title, value: d.id })),
          ),
        text,
        (o) => `${o.label} ${o.detail}`,
      ),
  },
  topic: {
    search: async (text, desk) =>
      matching(desk.conflict().topics, text, (t) => t.name).map((t) => ({ id: t.id, label: t.name, value: t.id })),
  },
  subject: {
    // What a statement is about: a topic, a round of talks or an actor.
    async search(text, desk) {
      const [topics, talks, actors] = await Promise.all([
        KINDS.topic.search(text, desk),
        KINDS.talk.search(text, desk),
        KINDS.actor.search(text, desk),
      ]);
      const tag = (what: string) => (o: Option) => ({ ...o, detail: o.detail ? `${what} · ${o.detail}` : what });
      return [...topics.map(tag('Topic')), ...talks.map(tag('Talk')), ...actors.map(tag('Actor'))].slice(0, LIMIT);
    },
  },
};

const DEBOUNCE_MS = 150;
let comboboxes = 0;

/**
 * A combobox input and its listbox. `pick` gets the chosen option; the input then shows its label
 * (single pickers) or is cleared for the next one (chips). `id` is the input's, for its label.
 */
export class Combobox {
  readonly input: HTMLInputElement;
  readonly listbox: HTMLUListElement;
  readonly element: HTMLDivElement;
  private options: (Option | { create: Creatable; name: string })[] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    id: string,
    private readonly kind: PickerKind,
    private readonly desk: Desk,
    private readonly pick: (option: Option) => void,
    describedBy: string,
  ) {
    const listId = `${id}-options-${++comboboxes}`;
    this.input = h('input', {
      id,
      type: 'text',
      role: 'combobox',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'aria-describedby': describedBy,
      class: 'combobox__input',
    });
    this.listbox = h('ul', { id: listId, role: 'listbox', class: 'combobox__list', hidden: true, 'aria-label': 'Suggestions' });
    this.element = h('div', { class: 'combobox' }, this.input, this.listbox);
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => this.key(event));
    this.input.addEventListener('blur', () => this.close());
  }

  close(): void {
    clearTimeout(this.timer);
    this.asked++;
    this.active = -1;
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    const asked = ++this.asked;
    const text = this.input.value;
    let found: Option[];
    try {
      found = await KINDS[this.kind].search(text, this.desk);
    } catch {
      found = [];
    }
    // A slower answer to an older text must not replace a newer one.
    if (asked !== this.asked || document.activeElement !== this.input) return;
    const create = KINDS[this.kind].create;
    const exact = found.some((o) => o.label.toLowerCase() === text.trim().toLowerCase());
    this.options = create && text.trim() && !exact ? [...found, { create, name: text.trim() }] : found;
    this.render();
  }

  private render(): void {
    this.active = -1;
    this.listbox.replaceChildren(
      ...(this.options.length
        ? this.options.map((option, i) =>
            h(
              'li',
              {
                id: `${this.listbox.id}-${i}`,
                role: 'option',
                'aria-selected': 'false',
                class: 'create' in option ? 'combobox__option combobox__option--create' : 'combobox__option',
                // Keeps the focus in the input, so the listbox does not close before the click.
                onMousedown: (event: Event) => event.preventDefault(),
                onClick: () => this.choose(i),
              },
              'create' in option ? `Create ${option.create} “${option.name}”…` : option.label,
              'create' in option || !option.detail ? null : h('span', { class: 'combobox__detail' }, ` — ${option.detail}`),
            ),
          )
        : [
            h(
              'li',
              { class: 'combobox__empty', role: 'presentation' },
              this.input.value.trim() ? 'Nothing matches.' : 'Type part of a name.',
            ),
          ]),
    );
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.removeAttribute('aria-activedescendant');
  }

  private move(by: number): void {
    if (!this.options.length) return;
    this.active = (this.active + by + this.options.length) % this.options.length;
    this.listbox.querySelectorAll('[role="option"]').forEach((li, i) => {
      li.setAttribute('aria-selected', String(i === this.active));
      if (i === this.active) li.scrollIntoView({ block: 'nearest' });
    });
    this.input.setAttribute('aria-activedescendant', `${this.listbox.id}-${this.active}`);
  }

  private key(event: KeyboardEvent): void {
    const open = this.input.getAttribute('aria-expanded') === 'true';
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (open) this.move(event.key === 'ArrowDown' ? 1 : -1);
        else void this.search();
        return;
      case 'Enter':
        if (open && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        return;
      case 'Escape':
        if (open) {
          event.preventDefault();
          this.close();
        }
        return;
    }
  }

  private choose(index: number): void {
    const option = this.options[index];
    this.close();
    if (!option) return;
    if ('create' in option) {
      this.desk.createInline(option.create, option.name, this.element, (created) => {
        this.pick(created);
        this.input.focus();
      });
    } else this.pick(option);
  }
}
