import { builder } from './builder.js';
import { groupBy, pageConnection, rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { inputObject, inputShape, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { ActorRef } from './actor.js';
import { StatementConnection, resolveStatements, statementArgs } from './statement.js';
import { DelegationRef } from './delegation.js';
import { ParticipationRef } from './participation.js';
import {
  addPersonAlias,
  addPersonTitle,
  aliasesOf,
  recordPerson,
  listPeople,
  loadPeople,
  loadPersonTitles,
  titlesOf,
  type PersonTitle,
} from '../domain/person.js';
import { delegationsOfPeople, participationsOfPeople, type Delegation, type Participation } from '../domain/talk.js';

export const PersonRef = builder.loadableNodeRef(
  'Person',
  rowNode((ctx, ids) => loadPeople(ctx.db, ids)),
);
export const PersonTitleRef = builder.loadableNodeRef(
  'PersonTitle',
  rowNode((ctx, ids) => loadPersonTitles(ctx.db, ids)),
);

PersonRef.implement({
  description: 'A person in the story, found by any name they go by ("Zelensky" and "Zelenskiy" are one person).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name Parley files the person under.' }),
    aliases: t.loadableList({
      type: 'String',
      description: 'Other spellings and names the person is found by.',
      load: (ids: number[], ctx) => {
        const rows = aliasesOf(ctx.db, ids);
        return Promise.resolve(ids.map((id) => rows.filter((a) => a.personId === id).map((a) => a.alias)));
      },
      resolve: (p) => p.id,
    }),
    description: t.exposeString('description', { nullable: true, description: 'More about the person.' }),
    titles: t.loadableGroup({
      type: PersonTitleRef,
      description: 'Titles the person held, oldest first, each with the actor it was held for and its period.',
      load: (ids: number[], ctx) => Promise.resolve(titlesOf(ctx.db, ids)),
      group: groupBy<PersonTitle>((pt) => pt.personId),
      resolve: (p) => p.id,
    }),
    participations: t.loadableGroup({
      type: ParticipationRef,
      description: 'Every delegation the person took part in, and in which role.',
      load: (ids: number[], ctx) => Promise.resolve(participationsOfPeople(ctx.db, ids)),
      group: groupBy<Participation>((p) => p.personId),
      resolve: (p) => p.id,
    }),
    delegations: t.loadableGroup({
      type: DelegationRef,
      description: 'Every delegation the person took part in, once each, in the order recorded.',
      load: (ids: number[], ctx) => Promise.resolve(delegationsOfPeople(ctx.db, ids)),
      // The loader reads each delegation beside the person it was read for.
      group: groupBy<Delegation>((d) => (d as Delegation & { personId: number }).personId),
      resolve: (p) => p.id,
    }),
    statements: t.field({
      type: StatementConnection,
      description: 'What the person said, in chronological order.',
      args: statementArgs(t.arg),
      resolve: (p, args, ctx) => resolveStatements(ctx, args, { speakerPersonId: p.id }),
    }),
    sources: sourcesField(t, 'PERSON'),
  }),
});

PersonTitleRef.implement({
  description: 'A title a person held, for which actor, over which period.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The title ("Defence Minister", "Kremlin aide").' }),
    actor: t.field({ type: ActorRef, nullable: true, description: 'The actor the title was held for.', resolve: (pt) => pt.actorId }),
    validFrom: t.field({ type: 'Date', nullable: true, description: 'When the title began, when known.', resolve: (pt) => pt.validFrom }),
    validTo: t.field({
      type: 'Date',
      nullable: true,
      description: 'When the title ended; null while held or unknown.',
      resolve: (pt) => pt.validTo,
    }),
    person: t.field({ type: PersonRef, description: 'Who held the title.', resolve: (pt) => pt.personId }),
    sources: sourcesField(t, 'PERSON_TITLE'),
  }),
});

const PersonFilter = builder.inputType('PersonFilter', {
  description: 'Which people to list.',
  fields: (t) => ({
    name: t.string({
      required: false,
      description: 'Case-insensitive part of the name or of any alias: "zelenskiy" finds Volodymyr Zelensky.',
    }),
  }),
});

builder.queryField('people', (t) =>
  t.connection(
    {
      type: PersonRef,
      description: 'People, by name.',
      args: { filter: t.arg({ type: PersonFilter, required: false, description: 'Which people to list.' }) },
      resolve: (_root, args, ctx) => pageConnection(args, (page) => listPeople(ctx.db, { name: args.filter?.name ?? undefined }, page)),
    },
    { name: 'PersonConnection', description: 'A page of people.' },
    { name: 'PersonEdge', description: 'A person and its cursor.' },
  ),
);

const PersonTitleInput = inputObject('PersonTitleInput', 'A title a person held.', () => ({
  title: value({ type: 'String', required: true, description: 'The title.' }),
  actor: ref('Actor', { required: false, description: 'The actor it was held for.' }),
  validFrom: value({ type: 'Date', required: false, description: 'When it began.' }),
  validTo: value({ type: 'Date', required: false, description: 'When it ended.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

const RecordPersonInput = inputShape(() => ({
  name: value({ type: 'String', required: true, description: 'The name to file them under.' }),
  aliases: value({ type: ['String'], required: false, description: 'Other spellings and names ("Zelenskiy").' }),
  titles: PersonTitleInput.list({ required: false, description: 'Titles held.' }),
  description: value({ type: 'String', required: false, description: 'More about them.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'recordPerson',
  { description: 'A new person, with the other names they go by and their titles.', inputFields: RecordPersonInput.fields },
  {
    description: 'Records a person. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordPerson'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordPersonInput, recordPerson),
  },
  payload('person', PersonRef, 'The person as recorded.'),
);

const AddPersonAliasInput = inputShape(() => ({
  person: ref('Person', { required: true, description: 'The person.' }),
  alias: value({ type: 'String', required: true, description: 'The other name.' }),
}));

builder.relayMutationField(
  'addPersonAlias',
  { description: 'Another name a person goes by.', inputFields: AddPersonAliasInput.fields },
  {
    description: 'Adds an alias. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddPersonAlias'),
    resolve: (_root, { input }, ctx, info) =>
      write(
        { ctx, info, input },
        AddPersonAliasInput,
        (scope, data) => addPersonAlias(scope, data).personId,
        (event) => event.subjectId,
      ),
  },
  payload('person', PersonRef, 'The person, with the alias.'),
);

const AddPersonTitleInput = inputShape(() => ({
  person: ref('Person', { required: true, description: 'The person.' }),
  title: PersonTitleInput.one({ required: true, description: 'The title.' }),
}));

builder.relayMutationField(
  'addPersonTitle',
  { description: 'A title a person holds or held.', inputFields: AddPersonTitleInput.fields },
  {
    description: 'Adds a title. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddPersonTitle'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, AddPersonTitleInput, addPersonTitle),
  },
  payload('title', PersonTitleRef, 'The title as recorded.'),
);
