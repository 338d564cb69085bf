/** `search`: full-text search over the facts people look for, most relevant first. */
import { GraphQLError } from 'graphql';
import { builder } from './builder.js';
import { pageConnection } from './connection.js';
import { rowIdOf } from './ids.js';
import { loadSubject } from './subject.js';
import { ActorRef } from './actor.js';
import { DelegationRef } from './delegation.js';
import { FigureRef } from './figure.js';
import { IncidentRef } from './incident.js';
import { PersonRef } from './person.js';
import { ProposalRef } from './proposal.js';
import { SourceRef } from './source.js';
import { StatementRef } from './statement.js';
import { TalkOutcomeRef, TalkRef } from './talk.js';
import {
  MAX_QUERY_LENGTH,
  MAX_QUERY_PHRASES,
  search,
  SEARCH_KINDS,
  type SearchHit,
  type SearchKind,
  type SnippetPart,
} from '../domain/search.js';

const KIND_DESCRIPTIONS: Record<SearchKind, string> = {
  INCIDENT: 'Incidents, by title, description and location.',
  STATEMENT: 'Statements, by speaker, quote, paraphrase and context.',
  PROPOSAL: 'Proposals, by title, description and the text of their provisions.',
  PERSON: 'People, by name, alias, titles held and description.',
  TALK: 'Rounds of talks, by title, description and venue (city and country).',
  TALK_OUTCOME: "What came of a round (or failed to), by its description and the round's title.",
  FIGURE: 'Reported figures, by metric, what they measure, value with unit ("472 drones") and comparison.',
  ACTOR: 'Actors (states, bodies, forces, organizations, outlets), by name, alias and description.',
  SOURCE: 'Sources, by name and description.',
  DELEGATION: "Delegations, by the actor they speak for, description, the round's title and city, and their members.",
};

export const SearchKindEnum = builder.enumType('SearchKind', {
  description: 'The kinds of fact `search` looks through.',
  values: Object.fromEntries(SEARCH_KINDS.map((kind) => [kind, { description: KIND_DESCRIPTIONS[kind] }])) as {
    [K in SearchKind]: { description: string };
  },
});

const SearchResultRef = builder.unionType('SearchResult', {
  description:
    'What a search finds: an incident, a statement, a proposal, a person, a talk, an outcome of a talk, a figure, an actor, ' +
    'a source or a delegation (`SearchHit.kind` says which).',
  types: () => [IncidentRef, StatementRef, ProposalRef, PersonRef, TalkRef, TalkOutcomeRef, FigureRef, ActorRef, SourceRef, DelegationRef],
});

const SnippetPartRef = builder.objectRef<SnippetPart>('SnippetPart').implement({
  description: 'A piece of a snippet, as plain text: matched words and the text between them.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The text, unescaped, exactly as stored ("…" where the snippet cuts).' }),
    match: t.exposeBoolean('match', { description: 'Whether this piece is a word the query matched.' }),
  }),
});

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The snippet as HTML: the text escaped, each matched run wrapped in <mark>…</mark>. */
export const snippetHtml = (parts: readonly SnippetPart[]) =>
  parts.map((p) => (p.match ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  description: 'One search result: what was found, the passage that matched, and how relevant it is.',
  fields: (t) => ({
    kind: t.expose('kind', { type: SearchKindEnum, description: 'The kind of fact found.' }),
    snippet: t.string({
      description:
        'The best-matching passage (of the title or the body: a name, a quote, a description…) as HTML: the text is ' +
        'escaped (`&amp;`, `&lt;`, …) and every matched word is wrapped in `<mark>`…`</mark>`; "…" marks where the ' +
        'passage is cut. Safe to insert as HTML as it is; use `snippetParts` to render it any other way.',
      resolve: (hit) => snippetHtml(hit.snippet),
    }),
    snippetParts: t.field({
      type: [SnippetPartRef],
      description: 'The same passage as `snippet`, as plain-text pieces, each flagged as matched or not.',
      resolve: (hit) => hit.snippet,
    }),
    rank: t.exposeFloat('rank', {
      description:
        "Relevance, as FTS5's bm25 score: negative, and the lower the more relevant (hits come in ascending order). " +
        'Comparable only within one search. A word found in more than a tenth of all documents, and in tens of ' +
        'thousands of them, weighs next to nothing in bm25 and is not scored, like a stop word: hits still contain ' +
        'it and snippets mark it.',
    }),
    retracted: t.exposeBoolean('retracted', {
      description: 'Whether the fact has been retracted (found only with `includeRetracted: true`).',
    }),
    item: t.field({
      type: SearchResultRef,
      description: 'The fact itself.',
      resolve: async (hit, _args, ctx) => {
        const item = await loadSubject(ctx, hit.kind, hit.subjectId);
        if (!item) throw new GraphQLError('This search result no longer exists.', { extensions: { code: 'NOT_FOUND' } });
        return item as never;
      },
    }),
  }),
});

const SearchConnection = builder.connectionObject(
  { type: SearchHitRef, name: 'SearchConnection', description: 'A page of search results, most relevant first.' },
  { name: 'SearchEdge', description: 'A search result and its cursor.' },
);

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Full-text search over incidents, statements, proposals, people (names and aliases), talks, their outcomes, ' +
      'figures, actors (names and aliases), sources and delegations, most relevant first (`SearchKind` says what ' +
      'each kind is found by). ' +
      'Case and diacritics are ignored in every script ("erdogan" finds "Erdoğan", "зеленський" finds "Зеленський"). ' +
      'Every word must match; "double quotes" match a phrase; a trailing `*` matches any word beginning with it ' +
      '(`zelensk*`). Everything else is plain text: there are no operators. A query without any word (letters or ' +
      'digits) is refused with BAD_USER_INPUT. Retracted incidents and statements are left out unless ' +
      '`includeRetracted` is true; amended ones are found by their current text.',
    args: {
      ...t.arg.connectionArgs(),
      query: t.arg.string({
        required: true,
        description: `What to look for: words, "phrases" and \`prefix*\`es (at most ${MAX_QUERY_LENGTH} characters and ${MAX_QUERY_PHRASES} words or phrases).`,
      }),
      kinds: t.arg({ type: [SearchKindEnum], required: false, description: 'Only these kinds of fact (all by default).' }),
      conflict: t.arg.id({
        required: false,
        description: 'Only facts of this conflict. People, actors and sources belong to no one conflict, so they are found whatever it is.',
      }),
      includeRetracted: t.arg.boolean({
        required: false,
        defaultValue: false,
        description: 'Find retracted incidents and statements too.',
      }),
    },
    resolve: (_root, args, ctx) => {
      const input = {
        query: args.query,
        kinds: args.kinds ?? undefined,
        conflictId: args.conflict != null ? rowIdOf(String(args.conflict), 'Conflict') : undefined,
        includeRetracted: args.includeRetracted ?? false,
      };
      return pageConnection(args, (page) => search(ctx.db, input, page, ctx.ranking));
    },
  }),
);
