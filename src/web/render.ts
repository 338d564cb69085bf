/** Markup for each part of the page, from the API's data. Pure: data in, elements out. */
import { h, join, type Child } from './dom.js';
import {
  capitalize,
  formatFigure,
  formatInstant,
  formatPartialDate,
  humanize,
  incidentType,
  qualifierLabel,
  relationLabel,
} from './format.js';
import { graphiqlHref } from './queries.js';
import {
  KIND_OF,
  type Attribution,
  type Correction,
  type Delegation,
  type Figure,
  type Incident,
  type LogEvent,
  type PartialDate,
  type Proposal,
  type SearchHit,
  type SearchItem,
  type Statement,
  type Talk,
  type TalkSummary,
  type TimelineItem,
  type TimelineKind,
} from './types.js';

export const KIND_LABEL: Record<TimelineKind, string> = {
  INCIDENT: 'Incident',
  STATEMENT: 'Statement',
  PROPOSAL: 'Proposal',
  TALK: 'Talk',
};

/** A `<time>` for a partial date, with the source's own words beside it when they add something. */
function when(date: PartialDate, long = false): Child {
  return h('time', { datetime: date.start }, formatPartialDate(date, long));
}

function sourceWords(date: PartialDate): Child {
  return date.text ? h('span', { class: 'source-words' }, `“${date.text}”`) : null;
}

/** "According to U.S. estimates · Reported by Reuters". */
export function sources(list: readonly Attribution[]): Child {
  if (!list.length) return null;
  return h(
    'p',
    { class: 'sources' },
    h('span', { class: 'sources__label' }, 'Sources'),
    ' ',
    join(
      list.map((a) =>
        h(
          'span',
          { class: 'source' },
          `${relationLabel(a.relation)} `,
          a.source.url
            ? h('a', { href: a.source.url, rel: 'noopener noreferrer external' }, h('cite', null, a.source.name))
            : h('cite', null, a.source.name),
          a.note ? h('span', { class: 'source__note' }, ` (${a.note})`) : null,
        ),
      ),
      h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
    ),
  );
}

export function graphiqlLink(typename: string, id: string, label: string, text = 'Query in GraphiQL'): HTMLAnchorElement {
  return h(
    'a',
    { class: 'graphiql-link', href: graphiqlHref(typename, id, label), target: '_blank', rel: 'noopener' },
    text,
    h('span', { class: 'visually-hidden' }, `: ${label} (opens in a new tab)`),
  );
}

// ---------------------------------------------------------------------------------------------
// The conflict and its figures

export function figureCard(figure: Figure): HTMLLIElement {
  const { number, unit } = formatFigure(figure.value, figure.unit);
  const qualifier = qualifierLabel(figure.qualifier);
  const label = `${capitalize(figure.metric)}: ${qualifier ? `${qualifier.toLowerCase()} ` : ''}${number} ${unit}`.trim();
  return h(
    'li',
    { class: 'figure' },
    h(
      'article',
      { 'aria-label': label },
      h('h3', { class: 'figure__metric' }, capitalize(figure.metric)),
      h(
        'p',
        { class: 'figure__value' },
        qualifier ? h('span', { class: 'figure__qualifier' }, qualifier) : null,
        h('strong', null, number),
        unit ? h('span', { class: 'figure__unit' }, unit) : null,
      ),
      h('p', { class: 'figure__about' }, figure.about),
      figure.comparison && figure.comparison.toLowerCase() !== number.toLowerCase()
        ? h('p', { class: 'figure__comparison' }, `“${figure.comparison}”`)
        : null,
      h('p', { class: 'figure__asof' }, 'As of ', when(figure.asOf), figure.asOf.text ? ` (${figure.asOf.text})` : null),
      sources(figure.sources),
      h('p', { class: 'card-actions' }, graphiqlLink('Figure', figure.id, label)),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The round of talks

const ATTENDANCE: Record<string, string> = {
  CONFIRMED: 'Confirmed',
  EXPECTED: 'Expected',
  UNCLEAR: 'Unclear',
  DECLINED: 'Declined',
};

const DELEGATION_ROLE: Record<string, string> = {
  PARTY: 'Party',
  HOST: 'Host',
  MEDIATOR: 'Mediator',
  OBSERVER: 'Observer',
  PARTICIPANT: 'Participant',
};

function delegationItem(delegation: Delegation): HTMLLIElement {
  const head = delegation.participants.find((p) => p.role === 'HEAD');
  const others = delegation.participants.filter((p) => p !== head);
  const attendance = delegation.attendance.toLowerCase();
  return h(
    'li',
    { class: `delegation delegation--${attendance}` },
    h(
      'div',
      { class: 'delegation__head' },
      h('h4', { class: 'delegation__actor' }, delegation.actor.name),
      h(
        'span',
        { class: 'delegation__tags' },
        h(
          'span',
          { class: 'tag' },
          h('span', { class: 'visually-hidden' }, 'Role: '),
          DELEGATION_ROLE[delegation.role] ?? humanize(delegation.role),
        ),
        h(
          'span',
          { class: `attendance attendance--${attendance}` },
          h('span', { class: 'visually-hidden' }, 'Attendance: '),
          ATTENDANCE[delegation.attendance] ?? humanize(delegation.attendance),
        ),
      ),
    ),
    head
      ? h(
          'p',
          { class: 'delegation__leader' },
          'Led by ',
          h('strong', null, head.person?.name ?? head.description ?? 'an unnamed head'),
          head.person && head.description ? h('span', { class: 'muted' }, ` — ${head.description}`) : null,
        )
      : null,
    others.length
      ? h(
          'ul',
          { class: 'delegation__members' },
          others.map((p) =>
            h(
              'li',
              null,
              p.person ? h('strong', null, p.person.name) : null,
              p.person && p.description ? ` — ${p.description}` : (p.description ?? ''),
              p.role !== 'MEMBER' ? h('span', { class: 'muted' }, ` (${humanize(p.role)})`) : null,
            ),
          ),
        )
      : null,
    delegation.description ? h('p', { class: 'delegation__description muted' }, delegation.description) : null,
  );
}

/** The heading for the round shown: in progress, next, or the latest one recorded. */
export function talkHeading(which: 'current' | 'next' | 'latest'): string {
  if (which === 'current') return 'Talks in progress';
  if (which === 'next') return 'Next round of talks';
  return 'Latest round of talks';
}

export function venueLine(talk: TalkSummary): Child[] {
  const place = [talk.venue?.city, talk.venue?.country].filter(Boolean).join(', ');
  return join(
    [when(talk.date, true), place ? h('span', null, place) : null, talk.host ? h('span', null, `hosted by ${talk.host.name}`) : null],
    h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
  );
}

/**
 * The round's card. `delegationsOpen: false` folds the delegations under a line naming them, where
 * the list would push the rest of a narrow page a screen further down.
 */
export function talkPanel(talk: Talk, options: { delegationsOpen?: boolean } = {}): HTMLElement {
  const status = talk.talkStatus.toLowerCase();
  return h(
    'article',
    { class: 'talk-card', 'aria-labelledby': 'talk-title' },
    h(
      'p',
      { class: 'eyebrow' },
      talk.round ? h('span', null, `Round ${talk.round}`) : null,
      h('span', { class: `status status--${status}` }, humanize(talk.talkStatus)),
    ),
    h('h3', { id: 'talk-title', class: 'talk-card__title' }, talk.title),
    h('p', { class: 'talk-card__when' }, venueLine(talk)),
    talk.description ? h('p', { class: 'talk-card__description' }, talk.description) : null,
    talk.outcomes.length
      ? h(
          'div',
          { class: 'outcomes' },
          h('h4', null, 'Outcomes'),
          h(
            'ul',
            null,
            talk.outcomes.map((o) =>
              h(
                'li',
                { class: o.achieved ? 'outcome outcome--achieved' : 'outcome outcome--missed' },
                h('span', { class: 'visually-hidden' }, o.achieved ? 'Achieved: ' : 'Not achieved: '),
                o.description,
              ),
            ),
          ),
        )
      : null,
    talk.delegations.length
      ? h(
          'details',
          { class: 'delegations-box', open: options.delegationsOpen ?? true },
          h(
            'summary',
            null,
            h('h4', { class: 'delegations-heading' }, `Delegations (${talk.delegations.length})`),
            h('span', { class: 'delegations-box__names' }, talk.delegations.map((d) => d.actor.name).join(', ')),
          ),
          h('ul', { class: 'delegations' }, talk.delegations.map(delegationItem)),
        )
      : [h('h4', { class: 'delegations-heading' }, 'Delegations (0)'), h('p', { class: 'muted' }, 'No delegation is recorded yet.')],
    sources(talk.sources),
    h('p', { class: 'card-actions' }, graphiqlLink('Talk', talk.id, talk.title)),
  );
}

// ---------------------------------------------------------------------------------------------
// Timeline entries

export interface EntryState {
  item: TimelineItem;
  kind: TimelineKind;
  corrections: Correction[];
  /** Set for what arrived live: when it was recorded. */
  fresh?: { as: 'new' | 'updated'; recordedAt: string };
}

function titleOf(item: TimelineItem | SearchItem): string {
  switch (item.__typename) {
    case 'Statement':
      return item.speaker?.name ?? item.speakingActor?.name ?? 'Unattributed statement';
    default:
      return item.title;
  }
}

/** A one-line label of an item, for links and announcements. */
export function labelOf(item: TimelineItem): string {
  if (item.__typename === 'Statement') {
    const words = item.quote ? `“${item.quote}”` : (item.paraphrase ?? '');
    return `${titleOf(item)}: ${words}`;
  }
  return titleOf(item);
}

function incidentBody(item: Incident): Child[] {
  const place = [item.location.name, item.location.region !== item.location.name ? item.location.region : null, item.location.country]
    .filter(Boolean)
    .join(', ');
  const initiators = item.actors.filter((a) => a.side === 'INITIATOR').map((a) => a.actor.name);
  const targets = item.actors.filter((a) => a.side === 'TARGET').map((a) => a.actor.name);
  return [
    item.description ? h('p', { class: 'entry__text' }, item.description) : null,
    h(
      'dl',
      { class: 'facts' },
      place ? [h('dt', null, 'Where'), h('dd', null, place)] : null,
      initiators.length ? [h('dt', null, 'By'), h('dd', null, initiators.join(', '))] : null,
      targets.length ? [h('dt', null, 'Against'), h('dd', null, targets.join(', '))] : null,
    ),
  ];
}

function statementBody(item: Statement): Child[] {
  return [
    item.quote ? h('blockquote', { class: 'quote' }, h('p', null, `“${item.quote}”`)) : null,
    item.paraphrase ? h('p', { class: 'entry__text' }, item.paraphrase) : null,
    item.context ? h('p', { class: 'entry__context' }, item.context) : null,
  ];
}

function proposalBody(item: Proposal): Child[] {
  return [
    h('p', { class: 'entry__facts-line' }, 'Put forward by ', h('strong', null, item.submittedBy.name)),
    item.description ? h('p', { class: 'entry__text' }, item.description) : null,
  ];
}

function talkBody(item: TalkSummary, inPanel: boolean): Child[] {
  return [
    h('p', { class: 'entry__facts-line' }, venueLine(item)),
    // The round shown in the talks panel has its description there, with its delegations.
    inPanel
      ? h('p', { class: 'entry__text' }, h('a', { href: '#talk-heading' }, 'Delegations, outcomes and sources of this round'))
      : item.description
        ? h('p', { class: 'entry__text' }, item.description)
        : null,
  ];
}

function subtitle(item: TimelineItem): Child {
  switch (item.__typename) {
    case 'Incident':
      return incidentType(item.eventType, item.subEventType);
    case 'Proposal':
      return humanize(item.proposalStatus);
    case 'Talk':
      return [item.round ? `Round ${item.round} · ` : '', humanize(item.talkStatus)];
    case 'Statement':
      return null;
  }
}

const CORRECTION_LABEL: Record<string, string> = {
  INCIDENT_AMENDED: 'Amended',
  STATEMENT_AMENDED: 'Amended',
  INCIDENT_RETRACTED: 'Retracted',
  STATEMENT_RETRACTED: 'Retracted',
};

export function isCorrection(kind: string): boolean {
  return kind in CORRECTION_LABEL;
}

function correctionsOf(entry: EntryState): Child {
  const item = entry.item;
  const retraction = 'retraction' in item ? item.retraction : null;
  const revision = 'revision' in item ? item.revision : 1;
  const amendments = entry.corrections.filter((c) => CORRECTION_LABEL[c.kind] === 'Amended');
  return [
    retraction
      ? h(
          'p',
          { class: 'notice notice--retracted' },
          h('strong', null, 'Retracted'),
          ` ${formatInstant(retraction.at)}: `,
          retraction.reason,
        )
      : null,
    revision > 1 || amendments.length
      ? h(
          'details',
          { class: 'corrections' },
          h(
            'summary',
            null,
            `Corrected: revision ${revision}`,
            amendments.length ? ` · ${amendments.length} amendment${amendments.length > 1 ? 's' : ''}` : '',
          ),
          amendments.length
            ? h(
                'ol',
                null,
                amendments.map((c) =>
                  h('li', null, h('time', { datetime: c.recordedAt }, formatInstant(c.recordedAt)), ': ', c.reason ?? 'no reason given'),
                ),
              )
            : h('p', { class: 'muted' }, 'The reasons are in its history (see GraphiQL).'),
        )
      : null,
  ];
}

export function entryId(item: { id: string }): string {
  return `entry-${item.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
}

export function timelineEntry(entry: EntryState, panelTalkId: string | undefined): HTMLLIElement {
  const item = entry.item;
  const id = entryId(item);
  const kind = entry.kind.toLowerCase();
  const retracted = 'retraction' in item && item.retraction !== null;
  const revision = 'revision' in item ? item.revision : 1;
  const classes = [
    'entry',
    `entry--${kind}`,
    retracted && 'is-retracted',
    revision > 1 && 'is-corrected',
    entry.fresh && `is-${entry.fresh.as}`,
  ]
    .filter(Boolean)
    .join(' ');
  const body =
    item.__typename === 'Incident'
      ? incidentBody(item)
      : item.__typename === 'Statement'
        ? statementBody(item)
        : item.__typename === 'Proposal'
          ? proposalBody(item)
          : talkBody(item, item.id === panelTalkId);
  return h(
    'li',
    { class: classes, id, 'data-kind': entry.kind, 'data-id': item.id },
    h(
      'article',
      { 'aria-labelledby': `${id}-title` },
      h('div', { class: 'entry__date' }, when(item.date), sourceWords(item.date)),
      h(
        'div',
        { class: 'entry__body' },
        h(
          'p',
          { class: 'entry__meta' },
          h('span', { class: `kind kind--${kind}` }, KIND_LABEL[entry.kind]),
          subtitle(item) ? h('span', { class: 'entry__subtitle' }, subtitle(item)) : null,
          entry.fresh
            ? h(
                'span',
                { class: `badge badge--${entry.fresh.as}` },
                entry.fresh.as === 'new' ? 'New' : 'Updated',
                h('span', { class: 'badge__time' }, ` ${formatInstant(entry.fresh.recordedAt)}`),
              )
            : null,
          retracted ? h('span', { class: 'badge badge--retracted' }, 'Retracted') : null,
          !retracted && revision > 1 ? h('span', { class: 'badge badge--corrected' }, `Corrected · rev. ${revision}`) : null,
        ),
        // Focusable from script: "N new", search results and the updates list move focus here.
        h('h3', { class: 'entry__title', id: `${id}-title`, tabindex: -1 }, titleOf(item)),
        correctionsOf(entry),
        body,
        h(
          'div',
          { class: 'entry__footer' },
          sources('sources' in item ? item.sources : []),
          graphiqlLink(item.__typename, item.id, labelOf(item)),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The log of updates

export function updateItem(event: LogEvent, options: { missed: boolean; live: boolean; inTimeline: boolean }): HTMLLIElement {
  const correction = isCorrection(event.kind);
  return h(
    'li',
    {
      class: ['update', correction && 'update--correction', options.live && 'is-live', options.missed && 'is-missed']
        .filter(Boolean)
        .join(' '),
      'data-event': event.id,
    },
    h(
      'p',
      { class: 'update__meta' },
      h('time', { datetime: event.recordedAt }, formatInstant(event.recordedAt)),
      h('span', { class: 'update__kind' }, humanize(event.kind)),
      options.missed ? h('span', { class: 'badge badge--missed' }, 'While disconnected') : null,
    ),
    h('p', { class: 'update__summary' }, event.summary),
    event.reason ? h('p', { class: 'update__reason' }, h('strong', null, 'Reason: '), event.reason) : null,
    h(
      'p',
      { class: 'update__links' },
      options.inTimeline ? h('a', { href: `#${entryId(event.subject)}`, 'data-item': event.subject.id }, 'Show in timeline') : null,
      graphiqlLink('Event', event.id, event.summary, 'GraphiQL'),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Search results

/** The passage that matched, its matched words in `<mark>`; every part is set as text. */
export function snippet(parts: SearchHit['snippetParts']): Child[] {
  return parts.map((part) => (part.match ? h('mark', null, part.text) : part.text));
}

/** A search result: what it is, when, its title linking to its timeline entry, and the passage that matched. */
export function searchHit(hit: SearchHit): HTMLLIElement {
  const kind = KIND_OF[hit.item.__typename];
  return h(
    'li',
    { class: `hit hit--${kind.toLowerCase()}` },
    h(
      'p',
      { class: 'hit__meta' },
      h('span', { class: `kind kind--${kind.toLowerCase()}` }, KIND_LABEL[kind]),
      when(hit.item.date),
      hit.retracted ? h('span', { class: 'badge badge--retracted' }, 'Retracted') : null,
    ),
    h('h3', { class: 'hit__title' }, h('a', { href: `#${entryId(hit.item)}`, 'data-item': hit.item.id }, titleOf(hit.item))),
    h('p', { class: 'hit__snippet' }, snippet(hit.snippetParts)),
  );
}

export function conflictMeta(began: PartialDate): Child[] {
  // The source's words, unless they only repeat the date ("the war began in 2022" for 2022).
  const words = began.text && !began.text.includes(formatPartialDate(began)) ? began.text : null;
  return ['Began ', when(began), words ? h('span', { class: 'source-words' }, ` “${words}”`) : null];
}
