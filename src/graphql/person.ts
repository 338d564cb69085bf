import { builder } from './builder.js';
import { groupBy, pageConnection, rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { ActorRef } from './actor.js';
import { ParticipationRef } from './participation.js';
import {
  aliasesOf,
  listPeople,
  loadPeople,
  loadPersonTitles,
  titlesOf,
  type PersonTitle,
} from '../domain/person.js';
import { participationsOfPeople, type Participation } from '../domain/talk.js';

export const PersonRef = builder.loadableNodeRef('Person', rowNode((ctx, ids) => loadPeople(ctx.db, ids)));
export const PersonTitleRef = builder.loadableNodeRef('PersonTitle', rowNode((ctx, ids) => loadPersonTitles(ctx.db, ids)));

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
    sources: sourcesField(t, 'PERSON'),
  }),
});

PersonTitleRef.implement({
  description: 'A title a person held, for which actor, over which period.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The title ("Defence Minister", "Kremlin aide").' }),
    actor: t.field({ type: ActorRef, nullable: true, description: 'The actor the title was held for.', resolve: (pt) => pt.actorId }),
    validFrom: t.field({ type: 'Date', nullable: true, description: 'When the title began, when known.', resolve: (pt) => pt.validFrom }),
    validTo: t.field({ type: 'Date', nullable: true, description: 'When the title ended; null while held or unknown.', resolve: (pt) => pt.validTo }),
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
  t.connection({
    type: PersonRef,
    description: 'People, by name.',
    args: { filter: t.arg({ type: PersonFilter, required: false, description: 'Which people to list.' }) },
    resolve: (_root, args, ctx) =>
      pageConnection(args, (page) => listPeople(ctx.db, { name: args.filter?.name ?? undefined }, page)),
  }, { name: 'PersonConnection', description: 'A page of people.' }, { name: 'PersonEdge', description: 'A person and its cursor.' }),
);
