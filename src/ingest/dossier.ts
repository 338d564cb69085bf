/**
 * Dossier files into Parley: `npm run import -- dossier FILE`, and the bundled article dossier
 * that `npm start` loads into an empty database.
 *
 * A dossier (docs/dossier-format.md) is loaded through the domain commands, in one transaction:
 * all of it or nothing. Each entry's key is remembered with a digest of the entry
 * (dossier_entries), so loading the file again records nothing, and an entry that changed is
 * amended through the command the domain has for that change; a change no command can make is
 * refused, naming where it is in the file, and nothing is written.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowById } from '../db/prepared.js';
import {
  actorAliases,
  actors,
  attributions,
  conflicts,
  delegations,
  figures,
  incidentActors,
  incidents,
  participations,
  personAliases,
  personTitles,
  people,
  positions,
  proposals,
  provisions,
  sources,
  statementSubjects,
  statements,
  talkOutcomes,
  talks,
  topics,
} from '../db/schema.js';
import { addActorAlias, findActorByNameOrAlias, recordActor } from '../domain/actor.js';
import { findConflictBySlug, recordConflict } from '../domain/conflict.js';
import { entriesOfDossier, rememberDossierEntry, type DossierEntry } from '../domain/dossier.js';
import { DomainError } from '../domain/errors.js';
import { latestEventId, type Writer, type WriteScope } from '../domain/events.js';
import { recordFigure } from '../domain/figure.js';
import { amendIncident, recordIncident } from '../domain/incident.js';
import { addPersonAlias, addPersonTitle, findPersonByNameOrAlias, recordPerson } from '../domain/person.js';
import { submitProposal, updateProposal } from '../domain/proposal.js';
import { attachSourcesTo, findSourceByName, registerSource } from '../domain/source.js';
import { amendStatement, recordStatement } from '../domain/statement.js';
import { addDelegation, addParticipant, changeTalkStatus, recordTalkOutcome, scheduleTalk } from '../domain/talk.js';
import { defineTopic, findTopicBySlug, recordPosition } from '../domain/topic.js';
import type { StoredDate } from '../domain/dated.js';
import { dateColumns, type AttributionInput, type PartialDateInput } from '../domain/validation.js';
import type { SubjectType } from '../domain/vocabulary.js';
import {
  conflictOf,
  DossierError,
  leadingSources,
  readDossierFile,
  REFERENCE_SECTIONS,
  SECTIONS,
  type ActorEntry,
  type Citation,
  type ConflictEntry,
  type DateEntry,
  type DelegationEntry,
  type DossierFile,
  type FigureEntry,
  type FigureFields,
  type IncidentEntry,
  type Path,
  type PersonEntry,
  type PositionEntry,
  type Problem,
  type ProposalEntry,
  type Reference,
  type Section,
  type SourceEntry,
  type StatementEntry,
  type TalkEntry,
  type TopicEntry,
} from './dossier-file.js';
import type { Importer } from './importers.js';

/** The article dataset (the second round of Russia–Ukraine talks in Istanbul, 2 June 2025). */
export const BUNDLED_DOSSIER = new URL('../../datasets/article.yaml', import.meta.url);

/** What loading a dossier did, entry by entry. */
export interface DossierSummary {
  dossier: string;
  recorded: number;
  amended: number;
  unchanged: number;
  /** Entries that name a fact recorded before (an actor, a source, a person, a conflict or a topic of that name). */
  matched: number;
}

/** Loads a dossier file in one transaction; throws DossierError, having written nothing, if any of it is refused. */
export function loadDossier(writer: Writer, file: string | URL): DossierSummary {
  const read = readDossierFile(file);
  return writer.run((scope) => new DossierLoad(scope, read).run());
}

/**
 * Loads the bundled dossier into a database in which nothing is recorded yet; returns whether it
 * did. A database that holds anything is left as it is without reading the file (parsing and
 * checking it costs some 100 ms of every start otherwise). Safe with several processes sharing
 * one file: only one of them loads it.
 */
export function loadBundledDossier(writer: Writer, db: Db): boolean {
  if (latestEventId(db) > 0) return false;
  const read = readDossierFile(BUNDLED_DOSSIER);
  return writer.run((scope) => {
    // Checked again under the write lock: another process sharing the file may have loaded it meanwhile.
    if (latestEventId(scope.tx) > 0) return false;
    new DossierLoad(scope, read).run();
    return true;
  });
}

export const dossierImporter: Importer = {
  usage: 'FILE   a dossier of facts (YAML or JSON, docs/dossier-format.md)',
  async run(args, { writer, out, err }) {
    if (args.length !== 1) {
      err.write('Usage: npm run import -- dossier FILE\n');
      return 2;
    }
    try {
      const s = loadDossier(writer, args[0]!);
      const matched = s.matched ? `, matched ${s.matched} already recorded` : '';
      out.write(`${args[0]}: dossier ${s.dossier}: recorded ${s.recorded}, amended ${s.amended}, unchanged ${s.unchanged}${matched}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof DossierError)) throw error;
      err.write(`${error.message}\nNothing was written.\n`);
      return 1;
    }
  },
};

/** Sorted keys, no undefined: the same entry always digests the same, however its fields are ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sameDate = (row: StoredDate, d: DateEntry) => {
  const columns = dateColumns(dateOf(d));
  return (
    row.dateStart === columns.dateStart &&
    row.dateEnd === columns.dateEnd &&
    row.datePrecision === columns.datePrecision &&
    row.dateText === columns.dateText
  );
};

const dateOf = (d: DateEntry): PartialDateInput => ({ start: d.start, end: d.end ?? null, precision: d.precision, text: d.text ?? null });

const shown = (value: unknown) => (value === null || value === undefined ? 'nothing' : JSON.stringify(value));

/** Input fields of the commands whose names differ from the dossier's. */
const FIELD_NAMES: Record<string, Path> = {
  speakerPersonId: ['speaker', 'person'],
  speakerActorId: ['speaker', 'actor'],
  hostActorId: ['host'],
  respondedToId: ['respondsTo'],
  parentId: ['parent'],
  validFrom: ['from'],
  validTo: ['to'],
};

/** A command's input field (`titles.0.actorId`) as a path in the dossier (`titles[0].actor`). */
function dossierPath(field: string): Path {
  return field
    .split('.')
    .filter((part) => part !== 'changes' && part !== '(input)')
    .flatMap((part) => (/^\d+$/.test(part) ? [Number(part)] : (FIELD_NAMES[part] ?? [part.replace(/Id$/, '')])));
}

/** Thrown to stop at a command's refusal; the problems say why. */
class Stop extends Error {}

/** One load of one dossier, inside one WriteScope. */
class DossierLoad {
  private readonly ids = Object.fromEntries(Object.keys(SECTIONS).map((s) => [s, new Map<string, number>()])) as Record<
    Section,
    Map<string, number>
  >;
  private readonly known: Map<string, DossierEntry>;
  private readonly problems: Problem[] = [];
  private readonly summary: DossierSummary;
  private readonly reason: string;
  private readonly tx: Db;

  constructor(
    private readonly scope: WriteScope,
    private readonly read: DossierFile,
  ) {
    const { dossier } = read;
    this.tx = scope.tx;
    this.known = new Map(entriesOfDossier(scope.tx, dossier.id).map((e) => [e.key, e]));
    this.summary = { dossier: dossier.id, recorded: 0, amended: 0, unchanged: 0, matched: 0 };
    this.reason = `Reloaded from dossier ${dossier.id} (${basename(read.file)})`;
  }

  /** Every entry, in the order that keeps ids and the event log as the entries are listed. */
  run(): DossierSummary {
    const d = this.read.dossier;
    const leading = new Set(leadingSources(d));
    try {
      this.section<SourceEntry>(
        'sources',
        (key) => leading.has(key),
        (p, s) => this.source(p, s),
      );
      this.section<ConflictEntry>(
        'conflicts',
        () => true,
        (p, c, key) => this.conflict(p, c, key),
      );
      this.section<ActorEntry>(
        'actors',
        () => true,
        (p, a) => this.actor(p, a),
      );
      this.section<SourceEntry>(
        'sources',
        (key) => !leading.has(key),
        (p, s) => this.source(p, s),
      );
      this.section<PersonEntry>(
        'people',
        () => true,
        (p, x) => this.person(p, x),
      );
      this.section<TalkEntry>(
        'talks',
        () => true,
        (p, t) => this.talk(p, t),
      );
      this.section<IncidentEntry>(
        'incidents',
        () => true,
        (p, x) => this.incident(p, x),
      );
      this.section<TopicEntry>(
        'topics',
        () => true,
        (p, t, key) => this.topic(p, t, key),
      );
      this.section<PositionEntry>(
        'positions',
        () => true,
        (p, x) => this.position(p, x),
      );
      this.section<ProposalEntry>(
        'proposals',
        () => true,
        (p, x) => this.proposal(p, x),
      );
      this.section<StatementEntry>(
        'statements',
        () => true,
        (p, s) => this.statement(p, s),
      );
      this.section<FigureEntry>(
        'figures',
        () => true,
        (p, f) => this.figure(p, f),
      );
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
    }
    if (this.problems.length) throw new DossierError(this.read.describe(this.problems));
    return this.summary;
  }

  /**
   * Loads a section's entries: an entry loaded before as it is now is left alone; one loaded
   * before and edited since is reconciled with what is recorded; a new one is matched to a fact
   * recorded before (`find`) or recorded.
   */
  private section<T>(
    section: Section,
    include: (key: string) => boolean,
    handle: (
      path: Path,
      entry: T,
      key: string,
    ) => { find?: () => number | undefined; record: () => number; reconcile: (id: number) => boolean },
  ) {
    const d = this.read.dossier;
    for (const [key, entry] of Object.entries((d[section] ?? {}) as Record<string, T>)) {
      if (!include(key)) continue;
      const path: Path = [section, key];
      const stored = `${section}.${key}`;
      const digest = createHash('sha256')
        .update(
          canonical(section === 'sources' ? { entry } : { entry, conflict: conflictOf(d, entry as { conflict?: string }), cite: d.cite }),
        )
        .digest('hex');
      const known = this.known.get(stored);
      if (known?.digest === digest) {
        this.ids[section].set(key, known.subjectId);
        this.summary.unchanged++;
        continue;
      }
      const problemsBefore = this.problems.length;
      let id: number;
      try {
        const how = handle(path, entry, key);
        const found = known?.subjectId ?? how.find?.();
        if (found === undefined) {
          id = how.record();
          this.summary.recorded++;
        } else {
          this.ids[section].set(key, found);
          id = found;
          const changed = how.reconcile(id);
          if (!known) this.summary.matched++;
          else if (changed) this.summary.amended++;
          else this.summary.unchanged++;
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const issues = error.issues.length ? error.issues : [{ field: '', message: '' }];
        for (const issue of issues) {
          this.problems.push({ path: [...path, ...dossierPath(issue.field)], message: error.message });
        }
        throw new Stop();
      }
      this.ids[section].set(key, id);
      if (this.problems.length === problemsBefore) {
        rememberDossierEntry(this.scope, { dossier: d.id, key: stored, subjectType: SECTIONS[section], subjectId: id, digest });
      }
    }
  }

  /** Notes a problem; false, so that a check reads `ok || this.refuse(path, why)`. */
  private refuse(path: Path, message: string): false {
    this.problems.push({ path, message });
    return false;
  }

  /**
   * Refuses a change no command can make: the field as recorded and as the dossier states it
   * differ. `stated` undefined says nothing, for the facts a dossier may share with others.
   */
  private fixed(path: Path, what: string, recorded: unknown, stated: unknown, optional = false): boolean {
    if (optional && stated === undefined) return true;
    if ((recorded ?? null) === (stated ?? null)) return true;
    this.refuse(path, `${what} cannot be changed by reloading yet (recorded: ${shown(recorded)})`);
    return false;
  }

  private id(section: Section, key: string): number;
  private id(section: Section, key: string | undefined): number | null;
  private id(section: Section, key: string | undefined): number | null {
    if (key === undefined) return null;
    const id = this.ids[section].get(key);
    if (id === undefined) throw new Error(`${section}.${key} is not loaded yet`);
    return id;
  }

  private conflictId(entry: { conflict?: string }): number {
    return this.id('conflicts', conflictOf(this.read.dossier, entry)!);
  }

  /** A fact's sources: its own, then the dossier's `cite`. */
  private cited(list: Citation[] | undefined): AttributionInput[] {
    return [...(list ?? []), ...(this.read.dossier.cite ?? [])].map((c) => ({
      sourceId: this.id('sources', c.source),
      relation: c.relation ?? 'ACCORDING_TO',
      note: c.note ?? null,
    }));
  }

  private attributionsOf(subjectType: SubjectType, subjectId: number) {
    return this.tx
      .select()
      .from(attributions)
      .where(and(eq(attributions.subjectType, subjectType), eq(attributions.subjectId, subjectId)))
      .orderBy(asc(attributions.id))
      .all();
  }

  /** Attaches the sources the dossier gives that the fact does not carry yet; sources are never removed by reloading. */
  private addSources(subjectType: SubjectType, subjectId: number, list: Citation[] | undefined): boolean {
    const have = this.attributionsOf(subjectType, subjectId);
    const missing = this.cited(list).filter(
      (w) => !have.some((h) => h.sourceId === w.sourceId && h.relation === w.relation && (w.note === null || h.note === w.note)),
    );
    if (!missing.length) return false;
    attachSourcesTo(this.scope, { subjectType, subjectId, sources: missing });
    return true;
  }

  private source(path: Path, s: SourceEntry) {
    return {
      find: () => findSourceByName(this.tx, s.name)?.id,
      record: () =>
        registerSource(this.scope, {
          name: s.name,
          kind: s.kind,
          actorId: this.id('actors', s.actor),
          url: s.url,
          description: s.description,
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, sources, id)!;
        this.fixed([...path, 'name'], "A source's name", row.name.toLowerCase(), s.name.toLowerCase());
        this.fixed([...path, 'kind'], "A source's kind", row.kind, s.kind, true);
        this.fixed([...path, 'actor'], "A source's actor", row.actorId, s.actor && this.id('actors', s.actor), true);
        this.fixed([...path, 'url'], "A source's url", row.url, s.url, true);
        this.fixed([...path, 'description'], "A source's description", row.description, s.description, true);
        return false;
      },
    };
  }

  private conflict(path: Path, c: ConflictEntry, key: string) {
    return {
      find: () => findConflictBySlug(this.tx, key)?.id,
      record: () =>
        recordConflict(this.scope, {
          slug: key,
          name: c.name,
          description: c.description,
          began: dateOf(c.began),
          sources: this.cited(c.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, conflicts, id)!;
        const ok = [
          this.fixed([...path, 'name'], "A conflict's name", row.name, c.name),
          this.fixed([...path, 'description'], "A conflict's description", row.description, c.description, true),
          sameDate(row, c.began) ||
            this.refuse(
              [...path, 'began'],
              `When a conflict began cannot be changed by reloading yet (recorded: ${row.dateStart}, ${row.datePrecision})`,
            ),
        ].every(Boolean);
        return ok && this.addSources('CONFLICT', id, c.sources);
      },
    };
  }

  private actor(path: Path, a: ActorEntry) {
    return {
      find: () => findActorByNameOrAlias(this.tx, a.name)?.id,
      record: () =>
        recordActor(this.scope, {
          name: a.name,
          kind: a.kind,
          parentId: this.id('actors', a.parent),
          countryCode: a.countryCode,
          description: a.description,
          aliases: a.aliases ?? [],
          sources: this.cited(a.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, actors, id)!;
        const ok = [
          findActorByNameOrAlias(this.tx, a.name)?.id === id ||
            this.refuse(
              [...path, 'name'],
              `An actor's name cannot be changed by reloading yet (recorded: "${row.name}"); add the new name to its aliases`,
            ),
          this.fixed([...path, 'kind'], "An actor's kind", row.kind, a.kind),
          this.fixed([...path, 'parent'], "An actor's parent", row.parentId, a.parent && this.id('actors', a.parent), true),
          this.fixed([...path, 'countryCode'], "An actor's country code", row.countryCode, a.countryCode, true),
          this.fixed([...path, 'description'], "An actor's description", row.description, a.description, true),
        ].every(Boolean);
        if (!ok) return false;
        const names = [
          row.name,
          ...this.tx
            .select()
            .from(actorAliases)
            .where(eq(actorAliases.actorId, id))
            .all()
            .map((x) => x.alias),
        ].map((n) => n.toLowerCase());
        let changed = false;
        for (const alias of a.aliases ?? []) {
          if (names.includes(alias.toLowerCase())) continue;
          addActorAlias(this.scope, { actorId: id, alias });
          changed = true;
        }
        return this.addSources('ACTOR', id, a.sources) || changed;
      },
    };
  }

  private titleInput(t: NonNullable<PersonEntry['titles']>[number]) {
    return {
      title: t.title,
      actorId: this.id('actors', t.actor),
      validFrom: t.from ?? null,
      validTo: t.to ?? null,
      sources: this.cited(t.sources),
    };
  }

  private person(path: Path, p: PersonEntry) {
    return {
      find: () => findPersonByNameOrAlias(this.tx, p.name)?.id,
      record: () =>
        recordPerson(this.scope, {
          name: p.name,
          aliases: p.aliases ?? [],
          description: p.description,
          titles: (p.titles ?? []).map((t) => this.titleInput(t)),
          sources: this.cited(p.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, people, id)!;
        const ok = [
          findPersonByNameOrAlias(this.tx, p.name)?.id === id ||
            this.refuse(
              [...path, 'name'],
              `A person's name cannot be changed by reloading yet (recorded: "${row.name}"); add the new name to their aliases`,
            ),
          this.fixed([...path, 'description'], "A person's description", row.description, p.description, true),
        ].every(Boolean);
        if (!ok) return false;
        let changed = false;
        const names = [
          row.name,
          ...this.tx
            .select()
            .from(personAliases)
            .where(eq(personAliases.personId, id))
            .all()
            .map((x) => x.alias),
        ].map((n) => n.toLowerCase());
        for (const alias of p.aliases ?? []) {
          if (names.includes(alias.toLowerCase())) continue;
          addPersonAlias(this.scope, { personId: id, alias });
          changed = true;
        }
        const held = this.tx.select().from(personTitles).where(eq(personTitles.personId, id)).all();
        for (const t of p.titles ?? []) {
          const title = this.titleInput(t);
          const same = held.find(
            (h) => h.title === title.title && h.actorId === title.actorId && h.validFrom === title.validFrom && h.validTo === title.validTo,
          );
          if (same) changed = this.addSources('PERSON_TITLE', same.id, t.sources) || changed;
          else {
            addPersonTitle(this.scope, { personId: id, title });
            changed = true;
          }
        }
        return this.addSources('PERSON', id, p.sources) || changed;
      },
    };
  }

  private delegationInput(g: DelegationEntry) {
    return {
      actorId: this.id('actors', g.actor),
      role: g.role,
      attendance: g.attendance ?? 'CONFIRMED',
      description: g.description,
      participants: (g.participants ?? []).map((p) => this.participantInput(p)),
      sources: this.cited(g.sources),
    };
  }

  private participantInput(p: NonNullable<DelegationEntry['participants']>[number]) {
    return { personId: this.id('people', p.person), role: p.role, description: p.description ?? null, sources: this.cited(p.sources) };
  }

  private talk(path: Path, t: TalkEntry) {
    return {
      record: () =>
        scheduleTalk(this.scope, {
          conflictId: this.conflictId(t),
          title: t.title,
          round: t.round,
          venueCity: t.venue?.city,
          venueCountry: t.venue?.country,
          hostActorId: this.id('actors', t.host),
          status: t.status ?? 'SCHEDULED',
          date: dateOf(t.date),
          description: t.description,
          outcomes: (t.outcomes ?? []).map((o) => ({ description: o.description, achieved: o.achieved, sources: this.cited(o.sources) })),
          delegations: (t.delegations ?? []).map((g) => this.delegationInput(g)),
          sources: this.cited(t.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, talks, id)!;
        const refusedBefore = this.problems.length;
        this.fixed([...path, 'conflict'], "A talk's conflict", row.conflictId, this.conflictId(t));
        this.fixed([...path, 'title'], "A talk's title", row.title, t.title);
        this.fixed([...path, 'round'], "A talk's round", row.round, t.round);
        this.fixed([...path, 'venue', 'city'], "A talk's venue", row.venueCity, t.venue?.city);
        this.fixed([...path, 'venue', 'country'], "A talk's venue", row.venueCountry, t.venue?.country);
        this.fixed([...path, 'host'], "A talk's host", row.hostActorId, this.id('actors', t.host));
        this.fixed([...path, 'description'], "A talk's description", row.description, t.description);
        const recordedOutcomes = this.tx.select().from(talkOutcomes).where(eq(talkOutcomes.talkId, id)).all();
        const newOutcomes: { entry: NonNullable<TalkEntry['outcomes']>[number] }[] = [];
        t.outcomes?.forEach((o, i) => {
          const same = recordedOutcomes.find((r) => r.description === o.description);
          if (!same) newOutcomes.push({ entry: o });
          else this.fixed([...path, 'outcomes', i, 'achieved'], 'Whether an outcome was achieved', same.achieved, o.achieved);
        });
        const recordedDelegations = this.tx.select().from(delegations).where(eq(delegations.talkId, id)).all();
        t.delegations?.forEach((g, i) => {
          const same = recordedDelegations.find((r) => r.actorId === this.id('actors', g.actor));
          if (!same) return;
          const at: Path = [...path, 'delegations', i];
          this.fixed([...at, 'role'], "A delegation's role", same.role, g.role);
          this.fixed([...at, 'attendance'], "A delegation's attendance", same.attendance, g.attendance ?? 'CONFIRMED');
          this.fixed([...at, 'description'], "A delegation's description", same.description, g.description);
        });
        if (this.problems.length > refusedBefore) return false;

        let changed = false;
        const statusChanged = row.status !== (t.status ?? 'SCHEDULED') || !sameDate(row, t.date);
        const outcomes = newOutcomes.map(({ entry: o }) => ({
          description: o.description,
          achieved: o.achieved,
          sources: this.cited(o.sources),
        }));
        if (statusChanged) {
          changeTalkStatus(this.scope, {
            talkId: id,
            status: t.status ?? 'SCHEDULED',
            date: sameDate(row, t.date) ? null : dateOf(t.date),
            outcomes,
            reason: this.reason,
          });
          changed = true;
        } else {
          for (const outcome of outcomes) recordTalkOutcome(this.scope, { talkId: id, outcome });
          changed = outcomes.length > 0;
        }
        for (const o of t.outcomes ?? []) {
          const same = recordedOutcomes.find((r) => r.description === o.description);
          if (same) changed = this.addSources('TALK_OUTCOME', same.id, o.sources) || changed;
        }
        for (const g of t.delegations ?? []) {
          const same = recordedDelegations.find((r) => r.actorId === this.id('actors', g.actor));
          if (!same) {
            addDelegation(this.scope, { talkId: id, delegation: this.delegationInput(g) });
            changed = true;
            continue;
          }
          const members = this.tx.select().from(participations).where(eq(participations.delegationId, same.id)).all();
          for (const p of g.participants ?? []) {
            const input = this.participantInput(p);
            const member = members.find(
              (m) => m.personId === input.personId && m.role === input.role && m.description === input.description,
            );
            if (member) changed = this.addSources('PARTICIPATION', member.id, p.sources) || changed;
            else {
              addParticipant(this.scope, { delegationId: same.id, participant: input });
              changed = true;
            }
          }
          changed = this.addSources('DELEGATION', same.id, g.sources) || changed;
        }
        return this.addSources('TALK', id, t.sources) || changed;
      },
    };
  }

  private figureInput(f: FigureFields) {
    return {
      metric: f.metric,
      value: f.value,
      unit: f.unit,
      qualifier: f.qualifier ?? 'EXACT',
      comparison: f.comparison ?? null,
      record: f.record ?? null,
      about: f.about,
      actorId: this.id('actors', f.actor),
      asOf: dateOf(f.asOf),
      sources: this.cited(f.sources),
    };
  }

  private incidentInput(x: IncidentEntry) {
    return {
      eventType: x.eventType,
      subEventType: x.subEventType ?? null,
      title: x.title,
      description: x.description ?? null,
      location: {
        name: x.location?.name,
        region: x.location?.region,
        country: x.location?.country,
        latitude: x.location?.latitude,
        longitude: x.location?.longitude,
      },
      date: dateOf(x.date),
      actors: (x.actors ?? []).map((a) => ({ actorId: this.id('actors', a.actor), side: a.side })),
      respondedToId: this.id('incidents', x.respondsTo),
      talkId: this.id('talks', x.talk),
      figures: (x.figures ?? []).map((f) => this.figureInput(f)),
      sources: this.cited(x.sources),
    };
  }

  /** Whether a fact's sources are exactly these (an incident's are replaced when amended). */
  private sameSources(subjectType: SubjectType, subjectId: number, wanted: AttributionInput[]): boolean {
    const key = (a: { sourceId: number; relation?: string; note?: string | null }) => `${a.sourceId} ${a.relation} ${a.note ?? ''}`;
    const have = this.attributionsOf(subjectType, subjectId).map(key).sort();
    return canonical(have) === canonical([...new Set(wanted.map(key))].sort());
  }

  private incident(path: Path, x: IncidentEntry) {
    return {
      record: () => recordIncident(this.scope, { conflictId: this.conflictId(x), ...this.incidentInput(x) }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, incidents, id)!;
        if (!this.fixed([...path, 'conflict'], "An incident's conflict", row.conflictId, this.conflictId(x))) return false;
        const input = this.incidentInput(x);
        const location = input.location;
        const sides = this.tx.select().from(incidentActors).where(eq(incidentActors.incidentId, id)).orderBy(asc(incidentActors.id)).all();
        const reported = this.tx.select().from(figures).where(eq(figures.incidentId, id)).all();
        const sameFigure = (f: ReturnType<DossierLoad['figureInput']>) => {
          const r = reported.find((r) => r.metric === f.metric);
          return (
            r &&
            r.value === f.value &&
            r.unit === f.unit &&
            r.qualifier === f.qualifier &&
            r.comparison === f.comparison &&
            r.record === (f.record?.extreme ?? null) &&
            r.recordAmong === (f.record?.among ?? null) &&
            r.about === f.about &&
            r.actorId === f.actorId &&
            sameDate(r, x.figures!.find((e) => e.metric === f.metric)!.asOf) &&
            this.sameSources('FIGURE', r.id, f.sources)
          );
        };
        const differs = {
          eventType: row.eventType !== input.eventType,
          subEventType: row.subEventType !== input.subEventType,
          title: row.title !== input.title,
          description: row.description !== input.description,
          date: !sameDate(row, x.date),
          respondedToId: row.respondedToId !== input.respondedToId,
          talkId: row.talkId !== input.talkId,
          location:
            row.locationName !== (location.name ?? null) ||
            row.region !== (location.region ?? null) ||
            row.country !== (location.country ?? null) ||
            row.latitude !== (location.latitude ?? null) ||
            row.longitude !== (location.longitude ?? null),
          actors: canonical(sides.map((s) => [s.actorId, s.side])) !== canonical(input.actors.map((a) => [a.actorId, a.side])),
          figures: !input.figures.every(sameFigure),
          sources: !this.sameSources('INCIDENT', id, input.sources),
        };
        const fields = (Object.keys(differs) as (keyof typeof differs)[]).filter((k) => differs[k]);
        if (!fields.length) return false;
        amendIncident(this.scope, {
          incidentId: id,
          reason: `${this.reason}: ${fields.map((f) => f.replace(/Id$/, '')).join(', ')} changed`,
          changes: Object.fromEntries(fields.map((f) => [f, input[f]])),
        });
        return true;
      },
    };
  }

  private topic(path: Path, t: TopicEntry, key: string) {
    return {
      find: () => findTopicBySlug(this.tx, this.conflictId(t), key)?.id,
      record: () =>
        defineTopic(this.scope, {
          conflictId: this.conflictId(t),
          slug: key,
          name: t.name,
          description: t.description,
          sources: this.cited(t.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, topics, id)!;
        const ok = [
          this.fixed([...path, 'name'], "A topic's name", row.name, t.name),
          this.fixed([...path, 'description'], "A topic's description", row.description, t.description, true),
        ].every(Boolean);
        return ok && this.addSources('TOPIC', id, t.sources);
      },
    };
  }

  private position(path: Path, p: PositionEntry) {
    return {
      record: () =>
        recordPosition(this.scope, {
          topicId: this.id('topics', p.topic),
          actorId: this.id('actors', p.actor),
          stance: p.stance,
          talkId: this.id('talks', p.talk),
          date: dateOf(p.date),
          sources: this.cited(p.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, positions, id)!;
        const newStance = '; a new stance is a new position, with its own key and date';
        const ok = [
          this.fixed([...path, 'topic'], "A position's topic", row.topicId, this.id('topics', p.topic)),
          this.fixed([...path, 'actor'], "A position's actor", row.actorId, this.id('actors', p.actor)),
          this.fixed([...path, 'talk'], "A position's talk", row.talkId, this.id('talks', p.talk)),
          row.stance === p.stance || this.refuse([...path, 'stance'], `A position's stance cannot be changed by reloading yet${newStance}`),
          sameDate(row, p.date) || this.refuse([...path, 'date'], `A position's date cannot be changed by reloading yet${newStance}`),
        ].every(Boolean);
        return ok && this.addSources('POSITION', id, p.sources);
      },
    };
  }

  private provisionInput(v: NonNullable<ProposalEntry['provisions']>[number]) {
    return { text: v.text, topicId: this.id('topics', v.topic), sources: this.cited(v.sources) };
  }

  private proposal(path: Path, p: ProposalEntry) {
    return {
      record: () =>
        submitProposal(this.scope, {
          conflictId: this.conflictId(p),
          actorId: this.id('actors', p.actor),
          talkId: this.id('talks', p.talk),
          title: p.title,
          status: p.status,
          description: p.description,
          date: dateOf(p.date),
          provisions: (p.provisions ?? []).map((v) => this.provisionInput(v)),
          sources: this.cited(p.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, proposals, id)!;
        const refusedBefore = this.problems.length;
        this.fixed([...path, 'conflict'], "A proposal's conflict", row.conflictId, this.conflictId(p));
        this.fixed([...path, 'actor'], "A proposal's actor", row.actorId, this.id('actors', p.actor));
        this.fixed([...path, 'talk'], "A proposal's talk", row.talkId, this.id('talks', p.talk));
        this.fixed([...path, 'title'], "A proposal's title", row.title, p.title);
        if (row.description && !p.description)
          this.refuse([...path, 'description'], "A proposal's description cannot be removed by reloading yet");
        const recorded = this.tx.select().from(provisions).where(eq(provisions.proposalId, id)).orderBy(asc(provisions.ordinal)).all();
        const wanted = p.provisions ?? [];
        recorded.forEach((r, i) => {
          const w = wanted[i];
          if (!w || w.text !== r.text || this.id('topics', w.topic) !== r.topicId) {
            this.refuse(
              w ? [...path, 'provisions', i] : [...path, 'provisions'],
              `Provisions can only be added after the ${recorded.length} recorded, in order; provision ${i + 1} as recorded: ${JSON.stringify(r.text)}`,
            );
          }
        });
        if (this.problems.length > refusedBefore) return false;
        const changes = {
          ...(row.status !== p.status && { status: p.status }),
          ...(p.description && row.description !== p.description && { description: p.description }),
          ...(!sameDate(row, p.date) && { date: dateOf(p.date) }),
        };
        const added = wanted.slice(recorded.length).map((v) => this.provisionInput(v));
        let changed = false;
        if (Object.keys(changes).length || added.length) {
          updateProposal(this.scope, { proposalId: id, ...changes, addProvisions: added });
          changed = true;
        }
        for (const [i, r] of recorded.entries()) changed = this.addSources('PROVISION', r.id, wanted[i]!.sources) || changed;
        return this.addSources('PROPOSAL', id, p.sources) || changed;
      },
    };
  }

  private subjectOf(about: Reference): { type: SubjectType; id: number } {
    const [kind, value] = Object.entries(about)[0]!;
    if (typeof value === 'object') {
      const talkId = this.id('talks', value.talk);
      const actorId = this.id('actors', value.actor);
      const delegation = this.tx
        .select()
        .from(delegations)
        .where(and(eq(delegations.talkId, talkId), eq(delegations.actorId, actorId)))
        .get()!;
      return { type: 'DELEGATION', id: delegation.id };
    }
    const section = REFERENCE_SECTIONS[kind as Exclude<keyof Reference, 'delegation'>];
    return { type: SECTIONS[section], id: this.id(section, value) };
  }

  private statement(path: Path, s: StatementEntry) {
    const about = () => (s.about ?? []).map((a) => this.subjectOf(a));
    return {
      record: () =>
        recordStatement(this.scope, {
          conflictId: this.conflictId(s),
          speakerPersonId: this.id('people', s.speaker.person),
          speakerActorId: this.id('actors', s.speaker.actor),
          quote: s.quote,
          paraphrase: s.paraphrase,
          context: s.context,
          talkId: this.id('talks', s.talk),
          date: dateOf(s.date),
          about: about(),
          sources: this.cited(s.sources),
        }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, statements, id)!;
        const recordedAbout = this.tx
          .select()
          .from(statementSubjects)
          .where(eq(statementSubjects.statementId, id))
          .orderBy(asc(statementSubjects.id))
          .all();
        const ok = [
          this.fixed([...path, 'conflict'], "A statement's conflict", row.conflictId, this.conflictId(s)),
          this.fixed([...path, 'speaker'], "A statement's speaker", row.speakerPersonId, this.id('people', s.speaker.person)),
          this.fixed([...path, 'speaker'], "A statement's speaker", row.speakerActorId, this.id('actors', s.speaker.actor)),
          this.fixed([...path, 'talk'], "A statement's talk", row.talkId, this.id('talks', s.talk)),
          canonical(recordedAbout.map((a) => [a.subjectType, a.subjectId])) === canonical(about().map((a) => [a.type, a.id])) ||
            this.refuse([...path, 'about'], 'What a statement is about cannot be changed by reloading yet'),
        ].every(Boolean);
        if (!ok) return false;
        const changes = {
          ...(row.quote !== (s.quote ?? null) && { quote: s.quote ?? null }),
          ...(row.paraphrase !== (s.paraphrase ?? null) && { paraphrase: s.paraphrase ?? null }),
          ...(row.context !== (s.context ?? null) && { context: s.context ?? null }),
          ...(!sameDate(row, s.date) && { date: dateOf(s.date) }),
        };
        const fields = Object.keys(changes);
        if (fields.length) amendStatement(this.scope, { statementId: id, reason: `${this.reason}: ${fields.join(', ')} changed`, changes });
        return this.addSources('STATEMENT', id, s.sources) || fields.length > 0;
      },
    };
  }

  private figure(path: Path, f: FigureEntry) {
    return {
      record: () => recordFigure(this.scope, { conflictId: this.conflictId(f), ...this.figureInput(f) }).id,
      reconcile: (id: number) => {
        const row = rowById(this.tx, figures, id)!;
        const input = this.figureInput(f);
        const ok = [
          this.fixed([...path, 'conflict'], "A figure's conflict", row.conflictId, this.conflictId(f)),
          this.fixed([...path, 'metric'], "A figure's metric", row.metric, input.metric),
          this.fixed([...path, 'value'], "A figure's value", row.value, input.value),
          this.fixed([...path, 'unit'], "A figure's unit", row.unit, input.unit),
          this.fixed([...path, 'qualifier'], "A figure's qualifier", row.qualifier, input.qualifier),
          this.fixed([...path, 'comparison'], "A figure's comparison", row.comparison, input.comparison),
          this.fixed([...path, 'record'], "A figure's record", row.record, input.record?.extreme ?? null),
          this.fixed([...path, 'record', 'among'], "What a figure's record is among", row.recordAmong, input.record?.among ?? null),
          this.fixed([...path, 'about'], 'What a figure is about', row.about, input.about),
          this.fixed([...path, 'actor'], "A figure's actor", row.actorId, input.actorId),
          sameDate(row, f.asOf) ||
            this.refuse(
              [...path, 'asOf'],
              "A figure's date cannot be changed by reloading yet; a newer figure is a new entry with its own key and date",
            ),
        ].every(Boolean);
        return ok && this.addSources('FIGURE', id, f.sources);
      },
    };
  }
}
