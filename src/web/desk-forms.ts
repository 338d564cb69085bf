/**
 * What the desk records during talks, declared once per form: each field's label, name, input
 * path and kind. desk-form.ts builds, reads, drafts and maps refusals from these; the amend forms
 * take the fields marked `amend`.
 */
import type { FieldSpec } from './desk-fields.js';
import type { Mutation } from './desk-writes.js';
import {
  ACTOR_KINDS,
  ATTRIBUTION_RELATIONS,
  FIGURE_QUALIFIERS,
  INCIDENT_EVENT_TYPES,
  PARTICIPATION_ROLES,
  PROPOSAL_STATUSES,
  SOURCE_KINDS,
  TALK_STATUSES,
} from '../domain/vocabulary.js';
import { humanize, incidentType, relationLabel } from './format.js';

type Choices = readonly (readonly [string, string])[];

const choices = (values: readonly string[], label: (value: string) => string = humanize): Choices =>
  values.map((v) => [v, label(v)] as const);

/** The domain's values (so the desk cannot drift from them), the usual one first: it is selected by default. */
const leading = <T extends string>(values: readonly T[], first: T): T[] => [first, ...values.filter((v) => v !== first)];

const RELATIONS = choices(ATTRIBUTION_RELATIONS, relationLabel);

/** The sources of a fact, each with how it attributes it. */
const sources = (path = 'sources'): FieldSpec => ({
  kind: 'chips',
  name: 'sources',
  // One source is typed at a time; the chosen ones are listed under it.
  label: 'Source',
  path,
  picker: 'source',
  item: 'source',
  qualifier: { name: 'relation', label: 'Attribution', options: RELATIONS },
  hint: 'Type part of a source’s name and pick it; it is added with the attribution chosen beside. A new source can be created from the list.',
});

const talk = (required = false): FieldSpec => ({
  kind: 'pick',
  name: 'talk',
  label: 'Round of talks',
  path: 'talk',
  picker: 'talk',
  required,
  hint: required ? undefined : 'The round it bears on, if any.',
});

export interface Correctable {
  typename: 'Incident' | 'Statement';
  /** The input field naming the item: `incident`, `statement`. */
  idPath: string;
  amend: Mutation;
  retract: Mutation;
}

export interface Recordable {
  id: string;
  /** The short name on the form's switch. */
  tab: string;
  heading: string;
  submit: string;
  mutation: Mutation;
  /** Where the conflict's id goes, for facts that belong to a conflict directly. */
  conflictPath?: string;
  fields: FieldSpec[];
  correctable?: Correctable;
}

const payload = (name: string, inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`) => ({
  field: name,
  inputType,
  payload: `${name[0]!.toUpperCase()}${name.slice(1)}Payload`,
});

export const RECORDABLE: Recordable[] = [
  {
    id: 'incident',
    tab: 'Incident',
    heading: 'Record an incident',
    submit: 'Record incident',
    mutation: payload('recordIncident'),
    conflictPath: 'conflict',
    correctable: { typename: 'Incident', idPath: 'incident', amend: payload('amendIncident'), retract: payload('retractIncident') },
    fields: [
      { kind: 'text', name: 'title', label: 'Title', path: 'title', required: true, amend: true },
      {
        kind: 'select',
        name: 'eventType',
        label: 'Event type',
        path: 'eventType',
        required: true,
        amend: true,
        options: choices(leading(INCIDENT_EVENT_TYPES, 'EXPLOSIONS_REMOTE_VIOLENCE'), (v) => incidentType(v, null)),
      },
      { kind: 'date', name: 'date', label: 'Date', path: 'date', required: true, amend: true },
      {
        kind: 'pick',
        name: 'place',
        label: 'Place',
        path: 'location',
        picker: 'place',
        amend: true,
        hint: 'Type part of a place’s name; a place Parley does not know yet can simply be typed.',
      },
      {
        kind: 'chips',
        name: 'actors',
        label: 'Actors',
        path: 'actors',
        picker: 'actor',
        item: 'actor',
        qualifier: {
          name: 'side',
          label: 'Side',
          options: [
            ['INITIATOR', 'By (initiator)'],
            ['TARGET', 'Against (target)'],
          ],
        },
        hint: 'Type part of an actor’s name or alias and pick it; it is added on the side chosen beside.',
      },
      talk(),
      { kind: 'textarea', name: 'description', label: 'Description', path: 'description', amend: true },
      sources(),
    ],
  },
  {
    id: 'statement',
    tab: 'Statement',
    heading: 'Record a statement',
    submit: 'Record statement',
    mutation: payload('recordStatement'),
    conflictPath: 'conflict',
    correctable: { typename: 'Statement', idPath: 'statement', amend: payload('amendStatement'), retract: payload('retractStatement') },
    fields: [
      { kind: 'pick', name: 'speaker', label: 'Speaker', path: 'speaker', picker: 'person', hint: 'Type part of a name or alias.' },
      {
        kind: 'pick',
        name: 'speakingActor',
        label: 'Speaking for',
        path: 'speakingActor',
        picker: 'actor',
        hint: 'The actor, when the statement is an institution’s (“the Kremlin said”) rather than a named person’s.',
      },
      { kind: 'textarea', name: 'quote', label: 'Quote', path: 'quote', amend: true, hint: 'The words as said, without quotation marks.' },
      {
        kind: 'textarea',
        name: 'paraphrase',
        label: 'Paraphrase',
        path: 'paraphrase',
        amend: true,
        hint: 'Or what was said, in the reporter’s words.',
      },
      {
        kind: 'chips',
        name: 'about',
        label: 'About',
        path: 'about',
        picker: 'subject',
        item: 'id',
        hint: 'Topics, rounds or actors it is about.',
      },
      { kind: 'date', name: 'date', label: 'Date', path: 'date', required: true, amend: true },
      talk(),
      { kind: 'textarea', name: 'context', label: 'Context', path: 'context', amend: true },
      sources(),
    ],
  },
  {
    id: 'proposal',
    tab: 'Proposal',
    heading: 'Record a proposal',
    submit: 'Record proposal',
    mutation: payload('submitProposal'),
    conflictPath: 'conflict',
    fields: [
      { kind: 'text', name: 'title', label: 'Title', path: 'title', required: true },
      { kind: 'pick', name: 'submittedBy', label: 'Submitted by', path: 'submittedBy', picker: 'actor', required: true },
      {
        kind: 'select',
        name: 'status',
        label: 'Status',
        path: 'status',
        required: true,
        options: choices(leading(PROPOSAL_STATUSES, 'SUBMITTED')),
      },
      { kind: 'date', name: 'date', label: 'Date', path: 'date', required: true },
      talk(),
      { kind: 'textarea', name: 'description', label: 'Description', path: 'description' },
      { kind: 'lines', name: 'provisions', label: 'Provisions', path: 'provisions', item: 'text', hint: 'One provision per line.' },
      sources(),
    ],
  },
  {
    id: 'figure',
    tab: 'Figure',
    heading: 'Record a figure',
    submit: 'Record figure',
    mutation: payload('recordFigure'),
    conflictPath: 'conflict',
    fields: [
      {
        kind: 'text',
        name: 'metric',
        label: 'Metric',
        path: 'figure.metric',
        required: true,
        hint: 'What is measured, e.g. “casualties”.',
      },
      {
        kind: 'select',
        name: 'qualifier',
        label: 'Qualifier',
        path: 'figure.qualifier',
        required: true,
        options: choices(FIGURE_QUALIFIERS),
      },
      { kind: 'number', name: 'value', label: 'Value', path: 'figure.value', required: true, hint: 'A number, e.g. 1200000 or 0.2.' },
      { kind: 'text', name: 'unit', label: 'Unit', path: 'figure.unit', required: true, hint: 'e.g. “people”, “km²”.' },
      {
        kind: 'text',
        name: 'about',
        label: 'About',
        path: 'figure.about',
        required: true,
        hint: 'What the number counts, in a few words.',
      },
      { kind: 'date', name: 'asOf', label: 'As of', path: 'figure.asOf', required: true },
      { kind: 'pick', name: 'actor', label: 'Actor', path: 'figure.actor', picker: 'actor', hint: 'Whose figure it is, if one actor’s.' },
      {
        kind: 'text',
        name: 'comparison',
        label: 'Comparison',
        path: 'figure.comparison',
        hint: 'The source’s own comparison, e.g. “just under one fifth”.',
      },
      sources('figure.sources'),
    ],
  },
  {
    id: 'talk-status',
    tab: 'Talk status',
    heading: 'Change the status of a round of talks',
    submit: 'Change status',
    mutation: payload('changeTalkStatus'),
    fields: [
      talk(true),
      {
        kind: 'select',
        name: 'status',
        label: 'New status',
        path: 'status',
        required: true,
        options: choices(leading(TALK_STATUSES, 'IN_PROGRESS')),
      },
      { kind: 'date', name: 'date', label: 'Date', path: 'date', hint: 'A new date, if it moved.' },
      { kind: 'textarea', name: 'reason', label: 'Reason', path: 'reason' },
      sources(),
    ],
  },
  {
    id: 'member',
    tab: 'Delegation member',
    heading: 'Add a delegation member',
    submit: 'Add member',
    mutation: payload('addParticipant'),
    fields: [
      {
        kind: 'pick',
        name: 'delegation',
        label: 'Delegation',
        path: 'delegation',
        picker: 'delegation',
        required: true,
        hint: 'Type part of the actor’s name or of the round’s title.',
      },
      {
        kind: 'pick',
        name: 'person',
        label: 'Person',
        path: 'participant.person',
        picker: 'person',
        hint: 'Leave empty for a member described but not named.',
      },
      {
        kind: 'select',
        name: 'role',
        label: 'Role',
        path: 'participant.role',
        required: true,
        options: choices(leading(PARTICIPATION_ROLES, 'MEMBER')),
      },
      {
        kind: 'text',
        name: 'description',
        label: 'Description',
        path: 'participant.description',
        hint: 'e.g. “a deputy foreign minister”.',
      },
      sources('participant.sources'),
    ],
  },
];

/** The small forms a picker opens to create what it did not find. */
export const CREATE: Record<'source' | 'actor', { heading: string; submit: string; mutation: Mutation; fields: FieldSpec[] }> = {
  source: {
    heading: 'New source',
    submit: 'Create source',
    mutation: { ...payload('registerSource'), result: 'source { id name }' },
    fields: [
      { kind: 'text', name: 'name', label: 'Name', path: 'name', required: true },
      {
        kind: 'select',
        name: 'kind',
        label: 'Kind',
        path: 'kind',
        required: true,
        options: choices(leading(SOURCE_KINDS, 'MEDIA')),
      },
      { kind: 'text', name: 'url', label: 'Web address', path: 'url' },
    ],
  },
  actor: {
    heading: 'New actor',
    submit: 'Create actor',
    mutation: { ...payload('recordActor'), result: 'actor { id name }' },
    fields: [
      { kind: 'text', name: 'name', label: 'Name', path: 'name', required: true },
      {
        kind: 'select',
        name: 'kind',
        label: 'Kind',
        path: 'kind',
        required: true,
        options: choices(ACTOR_KINDS),
      },
      { kind: 'lines', name: 'aliases', label: 'Other names', path: 'aliases', hint: 'One per line, e.g. a dataset’s name for it.' },
    ],
  },
};
