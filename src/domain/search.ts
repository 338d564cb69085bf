/**
 * Full-text search over incidents, statements, proposals, people, talks, their outcomes, figures,
 * actors, sources and delegations, with SQLite FTS5.
 *
 * The index (`search_index`, migrations/0002_search.sql, 0009_search_every_kind.sql) is kept in
 * step by triggers on the base tables, inside the transaction of whatever writes them. The Writer
 * alone defers the indexing of its new incidents, statements and figures to the end of its
 * transaction (`deferIndexing`, `indexDeferred`, migrations/0006_search_deferred.sql); the rest of
 * this module only reads the index.
 *
 * What a query means — the user's text is never handed to FTS5's query language as such:
 * - it is cut at whitespace into chunks; each chunk's words (runs of letters, digits and marks)
 *   become ONE quoted FTS5 phrase, so punctuation splits words the way the tokenizer splits the
 *   indexed text ("U.S." is the phrase "u s", "472-drone" the phrase "472 drone");
 * - text between a pair of double quotes is one phrase ("walk away"); an unpaired quote is ignored;
 * - a chunk or phrase ending in `*` is a prefix query on its last word (`zelensk*`);
 * - every phrase must match (AND). FTS5 operators (`OR`, `NOT`, `NEAR(`, `col:`, `^`, `+`) have no
 *   special meaning: they are words or punctuation like any other. The generated expression
 *   contains only double-quoted phrases of letters, digits and marks, a space and `*`, so it can
 *   never be an FTS5 syntax error.
 * - a query with no word at all (empty, only punctuation, a lone `*`) is refused with
 *   BAD_USER_INPUT, rather than answered with an empty page that would read as "nothing matches";
 *   so is a query longer than MAX_QUERY_LENGTH characters or with more than MAX_QUERY_PHRASES phrases.
 * Case and diacritics are ignored in every script (the index's unicode61 tokenizer folds both).
 *
 * Order: relevance (FTS5's bm25, title weighted above body: lower is more relevant), then the
 * index rowid. bm25 weighs each phrase by how few documents hold it, and FTS5 counts those documents
 * on every search by reading the phrase's whole list of documents: for a word in half of a million
 * incidents ("shelling") that count alone takes 12-25 ms, for a weight (idf) of nearly nothing. So a
 * phrase held by more than `commonDocuments` documents and by more than a tenth of all documents is
 * treated like a stop word: hits must still contain it and snippets mark it, but bm25 scores the
 * other phrases only. Which phrases are that common is counted (at most up to the threshold) and
 * remembered for a minute. When every phrase is that common, bm25 scores them all: exact, and as
 * slow as the number of matches is large. A cursor is [bm25, rowid]; the bm25 value is a double
 * that JSON carries exactly, so the next page compares against the same float the previous page
 * returned. bm25 depends on the whole index (term frequencies across documents), so a write
 * between two page requests can shift scores: a cursor never fails, but such a page may then skip
 * or repeat a hit, as with any relevance-ordered search.
 */
import { and, inArray, isNull, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asOfOf, type AsOfSearch } from '../db/as-of.js';
import { DomainError } from './errors.js';
import { decodeCursor, encodeCursor, keyset, type KeysetSort, type Page, type PageRequest } from './pagination.js';

/** The kinds of fact the index holds (the `kind` column the migration writes). */
export const SEARCH_KINDS = [
  'INCIDENT',
  'STATEMENT',
  'PROPOSAL',
  'PERSON',
  'TALK',
  'TALK_OUTCOME',
  'FIGURE',
  'ACTOR',
  'SOURCE',
  'DELEGATION',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_PHRASES = 16;
/** How many tokens a snippet shows around the match (FTS5 allows up to 64). */
const SNIPPET_TOKENS = 16;
/** How much more a match in the title (a name, an incident's or a proposal's title, a speaker) counts than one in the body. */
const TITLE_WEIGHT = 4;

/** The markers snippet() puts around matched tokens; the index never holds them (the migration blanks them out). */
const OPEN = '\u0002';
const CLOSE = '\u0003';

export interface SearchInput {
  query: string;
  /** Only these kinds (all when absent or empty). */
  kinds?: readonly SearchKind[];
  /** Only facts of this conflict; people, actors and sources, who belong to no one conflict, are always included. */
  conflictId?: number;
  /** Retracted incidents and statements are left out unless asked for. */
  includeRetracted?: boolean;
}

/** A piece of a snippet: text as stored, and whether it is a matched token. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  /** The index rowid: the cursor's tie-breaker. */
  docId: number;
  kind: SearchKind;
  /** The id of the fact, in its own table. */
  subjectId: number;
  /** FTS5 bm25: negative, lower is more relevant; comparable only within one search. */
  rank: number;
  retracted: boolean;
  /** The best-matching fragment of the title or body, in parts ("…" marks cut text). */
  snippet: SnippetPart[];
}

const badQuery = (message: string) => new DomainError('BAD_USER_INPUT', message, [{ field: 'query', message }]);

/** Words as the index's tokenizer sees them: letters, digits (and private-use characters), with any marks. */
const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{M}\p{Co}]*/gu;
/** A "quoted phrase" (optionally followed by *), or a run of anything but whitespace and quotes. */
const CHUNK = /"([^"]*)"(\*?)|([^\s"]+)/gu;

/**
 * The FTS5 phrases of a user's query, all required (joined by spaces they are its FTS5 expression):
 * one double-quoted phrase per chunk, `*` for a prefix. Throws BAD_USER_INPUT when there is nothing
 * to search for or too much.
 */
export function ftsPhrases(query: string): string[] {
  if (query.length > MAX_QUERY_LENGTH) throw badQuery(`A search query has at most ${MAX_QUERY_LENGTH} characters.`);
  const phrases: string[] = [];
  for (const match of query.normalize('NFC').matchAll(CHUNK)) {
    const [, quoted, quotedStar, bare] = match;
    const text = quoted ?? bare ?? '';
    const words = text.match(WORD);
    if (!words) continue;
    const prefix = quoted !== undefined ? quotedStar === '*' : /\*[^\p{L}\p{N}\p{M}\p{Co}]*$/u.test(text);
    phrases.push(`"${words.join(' ')}"${prefix ? ' *' : ''}`);
  }
  if (!phrases.length) throw badQuery('Give at least one word (letters or digits) to search for.');
  if (phrases.length > MAX_QUERY_PHRASES) throw badQuery(`A search query has at most ${MAX_QUERY_PHRASES} words or phrases.`);
  return phrases;
}

/** Splits a snippet at the markers FTS5 put around matched tokens. */
export function snippetParts(raw: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, match });
    text = '';
  };
  for (const char of raw) {
    if (char === OPEN || char === CLOSE) {
      flush();
      match = char === OPEN;
    } else {
      text += char;
    }
  }
  flush();
  return parts;
}

/**
 * An index a search reads: the present's `search_index`, or on an as-of connection also the
 * documents that changed since its event, as they stood then (`search_asof`, src/db/as-of.ts).
 */
type Index = 'search_index' | 'search_asof';
const column = (name: string, index: Index = 'search_index') => sql.raw(`"${index}"."${name}"`);
const rankOf = (index: Index) => sql.raw(`bm25("${index}", 0, 0, 0, 0, ${TITLE_WEIGHT}, 1)`);
const rowidOf = (index: Index) => sql.raw(`"${index}"."rowid"`);
const snippetOf = (index: Index) => sql.raw(`snippet("${index}", -1, char(2), char(3), '…', ${SNIPPET_TOKENS})`);
const RANK = rankOf('search_index');
const ROWID = rowidOf('search_index');

const sort: KeysetSort<SearchHit> = {
  key: RANK,
  id: ROWID,
  direction: 'asc',
  cursorOf: (hit) => [hit.rank, hit.docId],
};

/** The same order over the union of an as-of search's two indexes. */
const unionSort: KeysetSort<SearchHit> = { ...sort, key: sql.raw('rank'), id: sql.raw('doc_id') };

/** A search cursor is [bm25, rowid]: a list's cursor of another kind is refused, not misread. */
function requireSearchCursor(cursor: string | undefined): void {
  if (cursor === undefined) return;
  const [rank] = decodeCursor(cursor);
  if (typeof rank !== 'number' || !Number.isFinite(rank)) {
    throw new DomainError('INVALID_CURSOR', `"${cursor.slice(0, 64)}" is not a cursor of this search.`);
  }
}

/**
 * A document's rowid is its subject's id times 16 plus its kind's code (the views of
 * migrations/0002_search.sql and 0009_search_every_kind.sql), so the kind and the retracted filters test the rowid: reading an
 * UNINDEXED column makes FTS5 fetch the match's whole stored document, and these filters run on
 * every match, before the page is cut.
 */
const KIND_CODES: Record<SearchKind, number> = {
  INCIDENT: 1,
  STATEMENT: 2,
  PROPOSAL: 3,
  PERSON: 4,
  TALK: 5,
  TALK_OUTCOME: 6,
  FIGURE: 7,
  ACTOR: 8,
  SOURCE: 9,
  DELEGATION: 10,
};

/**
 * The filters of a search, on top of matching `expression`. As of an event, the present index
 * answers for the documents nothing changed in since (their subjects there by then: ids grow with
 * the log), and `search_asof` for the others.
 */
function conditions(input: SearchInput, expression: string, index: Index = 'search_index', asOf?: AsOfSearch): SQL {
  const kinds = input.kinds?.length ? [...new Set(input.kinds)] : undefined;
  const rowid = rowidOf(index);
  return and(
    sql`${sql.raw(`"${index}"`)} MATCH ${expression}`,
    kinds
      ? inArray(
          sql`${rowid} % 16`,
          kinds.map((kind) => KIND_CODES[kind]),
        )
      : undefined,
    input.conflictId !== undefined
      ? or(eq(column('conflict_id', index), input.conflictId), isNull(column('conflict_id', index)))
      : undefined,
    input.includeRetracted ? undefined : sql`${rowid} NOT IN (SELECT "doc_id" FROM "search_retracted_documents")`,
    asOf && index === 'search_index'
      ? sql`${rowid} NOT IN (SELECT "doc_id" FROM temp."search_stale") AND (${rowid} >> 4) <= CASE ${rowid} & 15 ${sql.raw(
          [...asOf.newestIds].map(([code, newest]) => `WHEN ${code} THEN ${newest}`).join(' '),
        )} ELSE 0 END`
      : undefined,
  )!;
}

/** The indexes a search on `db` reads: the present's, and as of an event the changed documents' too. */
function indexesOf(db: Db): { indexes: readonly Index[]; asOf?: AsOfSearch } {
  const asOf = asOfOf(db)?.search();
  return asOf ? { indexes: ['search_index', 'search_asof'], asOf } : { indexes: ['search_index'] };
}

/** How common phrases are told apart (see the header). */
export interface SearchRanking {
  /** A phrase in more documents than this, and in more than a tenth of them all, is matched but not scored. */
  commonDocuments: number;
}

/** How long a count of a phrase's documents is trusted: writes move counts slowly, and only across a threshold matters. */
const COUNTS_TTL_MS = 60_000;
/** Phrases remembered per database; the memory is dropped whole past this. */
const MAX_COUNTED_PHRASES = 10_000;

interface PhraseCounts {
  /** When `threshold` was computed; every entry of `common` is as old at most. */
  since: number;
  /** Documents beyond which a phrase is common, for this database at that time. */
  threshold: number;
  /** Whether each phrase counted so far holds more documents than `threshold`. */
  common: Map<string, boolean>;
}

const phraseCounts = new WeakMap<Db, PhraseCounts>();

/**
 * The number of documents in the index, from FTS5's averages record (row 1 of its data table: a
 * varint count of rows, then one per column; SQLite's varint: big-endian 7-bit groups, the ninth
 * byte whole) — one row read, where counting the documents reads them all.
 */
function documentCount(db: Db): number {
  const record = db.get<{ block: Buffer } | undefined>(sql`SELECT "block" FROM "search_index_data" WHERE "id" = 1`);
  let count = 0;
  for (const [i, byte] of (record?.block ?? Buffer.alloc(0)).entries()) {
    if (i === 8) return count * 256 + byte;
    count = count * 128 + (byte & 0x7f);
    if (byte < 0x80) return count;
  }
  return count;
}

/** Which of `phrases` bm25 scores: the uncommon ones, or all of them when none is uncommon. */
function scoredPhrases(db: Db, phrases: readonly string[], ranking: SearchRanking): readonly string[] {
  let counts = phraseCounts.get(db);
  const now = Date.now();
  if (!counts || now - counts.since > COUNTS_TTL_MS || counts.common.size > MAX_COUNTED_PHRASES) {
    counts = { since: now, threshold: Math.max(ranking.commonDocuments, Math.floor(documentCount(db) / 10)), common: new Map() };
    phraseCounts.set(db, counts);
  }
  const { threshold, common } = counts;
  const isCommon = (phrase: string) => {
    let known = common.get(phrase);
    if (known === undefined) {
      // Counting stops past the threshold: how much more common a phrase is does not matter.
      const { n } = db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM (SELECT 1 FROM "search_index" WHERE "search_index" MATCH ${phrase} LIMIT ${threshold + 1})`,
      )!;
      known = n > threshold;
      common.set(phrase, known);
    }
    return known;
  };
  const scored = phrases.filter((phrase) => !isCommon(phrase));
  return scored.length ? scored : phrases;
}

/**
 * The statement that ranks one page of a search: bm25 over the scored phrases, restricted to the
 * documents matching the whole query when some phrases are not scored (the `+` keeps SQLite from
 * looking each of those documents up by rowid, one FTS5 query apiece, instead of reading the list
 * once). Exported so tests can EXPLAIN it.
 */
export function rankStatement(
  input: SearchInput,
  phrases: readonly string[],
  scored: readonly string[],
  page: PageRequest,
  asOf?: AsOfSearch,
): SQL {
  requireSearchCursor(page.after);
  requireSearchCursor(page.before);
  const unscored = scored.length < phrases.length;
  const matching = (index: Index) =>
    and(
      conditions(input, scored.join(' '), index, asOf),
      unscored
        ? sql`+${rowidOf(index)} IN (SELECT "rowid" FROM ${sql.raw(`"${index}"`)} WHERE ${sql.raw(`"${index}"`)} MATCH ${phrases.join(' ')})`
        : undefined,
    );
  if (!asOf) {
    const { where, orderBy } = keyset(sort as KeysetSort<never>, page);
    return sql`SELECT ${ROWID} AS doc_id, ${RANK} AS rank FROM "search_index"
    WHERE ${and(matching('search_index'), where)}
    ORDER BY ${sql.join(orderBy, sql`, `)}
    LIMIT ${page.limit}`;
  }
  // As of an event: both indexes' matches, ranked together (each by its own bm25 statistics).
  const { where, orderBy } = keyset(unionSort as KeysetSort<never>, page);
  const arm = (index: Index) =>
    sql`SELECT ${rowidOf(index)} AS doc_id, ${rankOf(index)} AS rank FROM ${sql.raw(`"${index}"`)} WHERE ${matching(index)}`;
  return sql`SELECT doc_id, rank FROM (${arm('search_index')} UNION ALL ${arm('search_asof')})
    ${where ? sql`WHERE ${where}` : sql``}
    ORDER BY ${sql.join(orderBy, sql`, `)}
    LIMIT ${page.limit}`;
}

interface HitRow {
  doc_id: number;
  kind: SearchKind;
  subject_id: number;
  retracted: number;
  snippet: string | null;
}

/**
 * What a page shows of its hits, read for the page's rows only: SQLite computes every selected
 * column of every match before it sorts them, and a snippet tokenizes its document again.
 */
function hitDetails(db: Db, expression: string, docIds: readonly number[], indexes: readonly Index[]): Map<number, HitRow> {
  const rows = indexes.flatMap((index) =>
    db.all<HitRow>(sql`SELECT ${rowidOf(index)} AS doc_id, ${column('kind', index)} AS kind, ${column('subject_id', index)} AS subject_id,
    ${column('retracted', index)} AS retracted, ${snippetOf(index)} AS snippet
    FROM ${sql.raw(`"${index}"`)}
    WHERE ${sql.raw(`"${index}"`)} MATCH ${expression} AND ${rowidOf(index)} IN (SELECT "value" FROM json_each(${JSON.stringify(docIds)}))`),
  );
  // A changed document's text as it stood (search_asof, read last) wins over its present one.
  return new Map(rows.map((row) => [row.doc_id, row]));
}

/** One keyset page of hits, most relevant first. */
export function search(db: Db, input: SearchInput, page: PageRequest, ranking: SearchRanking): Page<SearchHit> {
  const phrases = ftsPhrases(input.query);
  const expression = phrases.join(' ');
  const { indexes, asOf } = indexesOf(db);
  const ranked = db.all<{ doc_id: number; rank: number }>(rankStatement(input, phrases, scoredPhrases(db, phrases, ranking), page, asOf));
  const details = ranked.length
    ? hitDetails(
        db,
        expression,
        ranked.map((r) => r.doc_id),
        indexes,
      )
    : new Map<number, HitRow>();
  return {
    // Only another process can write between the two statements; a hit it deleted is left out.
    rows: ranked.flatMap(({ doc_id, rank }) => {
      const hit = details.get(doc_id);
      return hit
        ? [
            {
              docId: doc_id,
              kind: hit.kind,
              subjectId: hit.subject_id,
              rank,
              retracted: hit.retracted === 1,
              snippet: snippetParts(hit.snippet ?? ''),
            },
          ]
        : [];
    }),
    cursorOf: (hit) => encodeCursor(sort.cursorOf(hit)),
    totalCount: () =>
      indexes.reduce(
        (n, index) =>
          n +
          db.get<{ n: number }>(
            sql`SELECT count(*) AS n FROM ${sql.raw(`"${index}"`)} WHERE ${conditions(input, expression, index, asOf)}`,
          )!.n,
        0,
      ),
  };
}

/** Whether the database has what deferred indexing needs (migrations/0006_search_deferred.sql). */
export function canDeferIndexing(db: Db): boolean {
  return db.get(sql`SELECT 1 AS yes FROM sqlite_master WHERE type = 'table' AND name = 'search_pending'`) !== undefined;
}

/**
 * From now until `indexDeferred`, new incidents, statements and figures written in the open transaction are
 * noted instead of indexed one by one (FTS5 would write a segment of the index for each).
 */
export function deferIndexing(db: Db): void {
  db.run(sql`INSERT INTO search_pending (doc_id) VALUES (0)`);
}

/**
 * Indexes every document noted since `deferIndexing`, as it now stands, and stops deferring: the
 * last thing a transaction does before COMMIT. A noted document the index holds already (updated
 * in between, by a trigger that does not defer) is replaced, not added twice.
 */
export function indexDeferred(db: Db): void {
  db.run(sql`DELETE FROM search_index WHERE rowid IN (SELECT doc_id FROM search_pending WHERE doc_id > 0)`);
  db.run(sql`INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_incident_documents
    WHERE subject_id IN (SELECT doc_id >> 4 FROM search_pending WHERE doc_id & 15 = 1)
    UNION ALL
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents
    WHERE subject_id IN (SELECT doc_id >> 4 FROM search_pending WHERE doc_id & 15 = 2)
    UNION ALL
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_figure_documents
    WHERE subject_id IN (SELECT doc_id >> 4 FROM search_pending WHERE doc_id & 15 = 7)`);
  db.run(sql`DELETE FROM search_pending`);
}
