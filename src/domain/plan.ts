/**
 * Reads planned from what a request selects: the related rows of many parents, to any depth, in
 * one statement. A loader per relation costs a statement, a batch and a promise per level and per
 * row; here SQLite builds the whole tree as JSON (json_object / json_group_array, correlated on
 * the parents' ids) and the process parses it once. The relations are declared below with the
 * tables' own columns; which of them a read follows is the caller's plan (src/graphql/plan.ts
 * makes it from a GraphQL selection), as are the columns read of each related row: those its
 * selection reads, or all of them, mapped as drizzle maps them.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { fromDriver, mapsFromDriver } from '../db/prepared.js';
import {
  actors,
  attributions,
  delegations,
  figures,
  incidentActors,
  incidents,
  participations,
  people,
  sources,
  talks,
} from '../db/schema.js';
import type { SubjectType } from './vocabulary.js';

/**
 * What to read of a row: its columns (drizzle keys; every column when absent) and which of its
 * relations to follow, each with a plan of its own.
 */
export interface Plan {
  readonly columns?: readonly string[];
  readonly relations: { readonly [relation: string]: Plan };
}

/** The property of a row that holds its planned relations (a row read without a plan has none). */
export const RELATED = '$related';

type TableWithId = SQLiteTable & { id: SQLiteColumn };

interface Relation {
  table: TableWithId;
  /** The related row whose id is in this column of the parent. */
  one?: SQLiteColumn;
  /** The related rows whose this column holds the parent's id, in the order they were recorded. */
  many?: SQLiteColumn;
  /** A column of the related rows and the value it must hold (an attribution's subject type). */
  where?: [SQLiteColumn, string];
}

const sourcesOf = (type: SubjectType): Relation => ({
  table: attributions,
  many: attributions.subjectId,
  where: [attributions.subjectType, type],
});

/** The tables a plan may read, by name. */
export const PLANNED_TABLES = {
  talks,
  delegations,
  participations,
  people,
  actors,
  attributions,
  sources,
  incidents,
  incidentActors,
  figures,
} as const;
export type PlannedTable = keyof typeof PLANNED_TABLES;

/** The relations a plan may follow, by table. */
const RELATIONS = new Map<SQLiteTable, Record<string, Relation>>([
  [
    talks,
    {
      host: { table: actors, one: talks.hostActorId },
      delegations: { table: delegations, many: delegations.talkId },
      sources: sourcesOf('TALK'),
    },
  ],
  [
    delegations,
    {
      actor: { table: actors, one: delegations.actorId },
      members: { table: participations, many: participations.delegationId },
      sources: sourcesOf('DELEGATION'),
    },
  ],
  [participations, { person: { table: people, one: participations.personId }, sources: sourcesOf('PARTICIPATION') }],
  [attributions, { source: { table: sources, one: attributions.sourceId } }],
  [
    incidents,
    {
      actors: { table: incidentActors, many: incidentActors.incidentId },
      figures: { table: figures, many: figures.incidentId },
      respondedTo: { table: incidents, one: incidents.respondedToId },
      sources: sourcesOf('INCIDENT'),
    },
  ],
  [incidentActors, { actor: { table: actors, one: incidentActors.actorId } }],
]);

/** Whether rows of `table` may have `relation` planned. */
export function hasRelation(table: PlannedTable, relation: string): boolean {
  return relation in (RELATIONS.get(PLANNED_TABLES[table]) ?? {});
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The columns a plan reads of `table`, by key: the id always, as rows are told apart by it. */
function columnsOf(table: SQLiteTable, plan: Plan) {
  const all = Object.entries(getTableColumns(table));
  return plan.columns ? all.filter(([key]) => key === 'id' || plan.columns!.includes(key)) : all;
}

/** A row's columns as JSON under their drizzle keys, and its planned relations under RELATED. */
function rowJson(table: SQLiteTable, alias: string, plan: Plan, depth: number): string {
  const parts = columnsOf(table, plan).map(([key, column]) => `'${key}', ${alias}.${quote(column.name)}`);
  const related = relatedJson(table, alias, plan, depth);
  if (related) parts.push(`'${RELATED}', ${related}`);
  return `json_object(${parts.join(', ')})`;
}

/** The planned relations of the row `alias` of `table`, as one JSON object; undefined when it follows none. */
function relatedJson(table: SQLiteTable, alias: string, plan: Plan, depth: number): string | undefined {
  const relations = RELATIONS.get(table) ?? {};
  const parts = Object.entries(plan.relations).map(([name, inner]) => {
    const relation = relations[name];
    if (!relation) throw new Error(`No relation "${name}" from ${getTableName(table)}`);
    return `'${name}', ${relationJson(relation, alias, inner, depth)}`;
  });
  return parts.length ? `json_object(${parts.join(', ')})` : undefined;
}

function relationJson(relation: Relation, parent: string, plan: Plan, depth: number): string {
  const alias = `r${depth + 1}`;
  const from = `${quote(getTableName(relation.table))} ${alias}`;
  const row = rowJson(relation.table, alias, plan, depth + 1);
  if (relation.one) return `json((SELECT ${row} FROM ${from} WHERE ${alias}."id" = ${parent}.${quote(relation.one.name)}))`;
  const conditions = [`${alias}.${quote(relation.many!.name)} = ${parent}."id"`];
  if (relation.where) conditions.push(`${alias}.${quote(relation.where[0].name)} = '${relation.where[1]}'`);
  return `json((SELECT json_group_array(json(x)) FROM (SELECT ${row} AS x FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY ${alias}."id")))`;
}

/** Per table: its columns that drizzle maps from what SQLite stores (timestamps, booleans). */
const mappedColumns = new Map<SQLiteTable, [string, (value: unknown) => unknown][]>();

function mappersOf(table: SQLiteTable) {
  let mappers = mappedColumns.get(table);
  if (!mappers) {
    mappers = Object.entries(getTableColumns(table))
      .filter(([, column]) => mapsFromDriver(column))
      .map(([key, column]) => [key, fromDriver(column)] as [string, (value: unknown) => unknown]);
    mappedColumns.set(table, mappers);
  }
  return mappers;
}

/** Maps the columns of the related rows under `related`, as drizzle would have. */
function mapRelated(table: SQLiteTable, related: Record<string, unknown>, plan: Plan): void {
  const relations = RELATIONS.get(table)!;
  for (const [name, inner] of Object.entries(plan.relations)) {
    const value = related[name];
    const rows = Array.isArray(value) ? value : value ? [value] : [];
    for (const row of rows) mapRow(relations[name]!.table, row, inner);
  }
}

function mapRow(table: SQLiteTable, row: Record<string, unknown>, plan: Plan): void {
  for (const [key, map] of mappersOf(table)) if (key in row) row[key] = map(row[key]);
  const related = row[RELATED] as Record<string, unknown> | undefined;
  if (related) mapRelated(table, related, plan);
}

/** The statements by table and plan: a plan's SQL is written once. */
const statements = new Map<string, string>();

/**
 * The planned relations of the rows of `table` with these ids, in one statement: by id, an object
 * holding each relation of the plan (a row or null for one, rows in recorded order for many).
 */
export function loadRelated(db: Db, name: PlannedTable, plan: Plan, ids: readonly number[]): Map<number, Record<string, unknown>> {
  const table = PLANNED_TABLES[name];
  const key = `${name} ${JSON.stringify(plan)}`;
  let text = statements.get(key);
  if (!text) {
    const related = relatedJson(table, 'r0', plan, 0) ?? 'json_object()';
    text = `SELECT json_group_array(json_object('id', r0."id", 'related', json(${related}))) FROM ${quote(getTableName(table))} r0 WHERE r0."id" IN (SELECT value FROM json_each(?))`;
    statements.set(key, text);
  }
  const json = db.$client.prepare(text).pluck().get(JSON.stringify(ids)) as string;
  const found = new Map<number, Record<string, unknown>>();
  for (const { id, related } of JSON.parse(json) as { id: number; related: Record<string, unknown> }[]) {
    mapRelated(table, related, plan);
    found.set(id, related);
  }
  return found;
}
