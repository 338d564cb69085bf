/**
 * System-versioned tables (as SQL:2011 has them): every table the read API reads has a
 * `<table>_versions` twin holding each version of each row, valid for the event ids
 * `sys_from <= e < sys_to` (`sys_to` NULL while it is current). Triggers on the table keep it
 * (migrations/0013_versions.sql); an as-of read (src/db/as-of.ts) reads it through temporary views
 * named like the tables. This module is where the shape is defined once: the migration was written
 * from `versionsSql` (scripts/versions-migration.ts), and a restore rebuilds the versions with
 * `rebuildVersions`.
 */
import type Database from 'better-sqlite3';

/**
 * The versioned tables, each with how the backfill dates a row written before versioning: the
 * first event about the row's own subject (kind and id), else about the subject it belongs to
 * (an alias its person's, an attribution its fact's), else 0 (always there).
 */
export const VERSIONED_TABLES: Readonly<Record<string, readonly (readonly [subjectType: string, idColumn: string])[]>> = {
  conflicts: [['CONFLICT', 'id']],
  actors: [['ACTOR', 'id']],
  actor_aliases: [['ACTOR', 'actor_id']],
  people: [['PERSON', 'id']],
  person_aliases: [['PERSON', 'person_id']],
  person_titles: [
    ['PERSON_TITLE', 'id'],
    ['PERSON', 'person_id'],
  ],
  talks: [['TALK', 'id']],
  talk_outcomes: [
    ['TALK_OUTCOME', 'id'],
    ['TALK', 'talk_id'],
  ],
  delegations: [
    ['DELEGATION', 'id'],
    ['TALK', 'talk_id'],
  ],
  participations: [
    ['PARTICIPATION', 'id'],
    ['DELEGATION', 'delegation_id'],
  ],
  incidents: [['INCIDENT', 'id']],
  incident_actors: [['INCIDENT', 'incident_id']],
  topics: [['TOPIC', 'id']],
  positions: [['POSITION', 'id']],
  proposals: [['PROPOSAL', 'id']],
  provisions: [
    ['PROVISION', 'id'],
    ['PROPOSAL', 'proposal_id'],
  ],
  statements: [['STATEMENT', 'id']],
  statement_subjects: [['STATEMENT', 'statement_id']],
  figures: [
    ['FIGURE', 'id'],
    ['INCIDENT', 'incident_id'],
  ],
  sources: [['SOURCE', 'id']],
  attributions: [['', '']],
};

/**
 * Tables whose new rows change another fact's search document (a person's alias, a proposal's
 * provision): the as-of search finds them by when they were written, so they get an index on it.
 */
export const SEARCH_DEPENDENTS = ['person_aliases', 'person_titles', 'actor_aliases', 'provisions', 'participations'] as const;

/** The id of the event the open transaction's next command appends: what its rows are stamped with. */
export const NEXT_EVENT = '(SELECT coalesce(max(id), 0) + 1 FROM events)';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function columnsOf(sqlite: Database.Database, table: string): string[] {
  return (sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]).map((c) => c.name);
}

/** How a row of `table` (aliased `t`) is dated by the backfill. */
function firstEvent(table: string): string {
  if (table === 'attributions') {
    return '(SELECT min(e.id) FROM events e WHERE e.subject_type = t.subject_type AND e.subject_id = t.subject_id)';
  }
  return VERSIONED_TABLES[table]!.map(
    ([type, column]) => `(SELECT min(e.id) FROM events e WHERE e.subject_type = '${type}' AND e.subject_id = t.${q(column)})`,
  ).join(', ');
}

/** The statement filling `table`'s versions from its rows as they are now (the backfill). */
export function backfillSql(table: string, columns: readonly string[]): string {
  const list = columns.map(q).join(', ');
  return `INSERT INTO ${q(`${table}_versions`)} (${list}, sys_from)
  SELECT ${columns.map((c) => `t.${q(c)}`).join(', ')}, coalesce(${firstEvent(table)}, 0) FROM ${q(table)} t ORDER BY t.id`;
}

/**
 * The `CREATE INDEX` statements of `table` (from sqlite_master), made non-unique on its versions
 * with the version's bounds appended, so that an as-of read takes the same index as the present
 * one and tests visibility in the index before reading the row.
 */
function versionIndexes(sqlite: Database.Database, table: string): string[] {
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`)
    .all(table) as { name: string; sql: string }[];
  return indexes.map(({ name, sql }) => {
    const match = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+\S+\s+ON\s+\S+\s*\(([\s\S]*)\)(\s+WHERE[\s\S]*)?$/i.exec(sql.trim());
    if (!match) throw new Error(`Cannot read the index ${name}: ${sql}`);
    const [, columns, where = ''] = match;
    return `CREATE INDEX ${q(`${name}_v`)} ON ${q(`${table}_versions`)} (${columns!.trim()}, sys_from, sys_to)${where}`;
  });
}

/** The migration's statements for one table: its versions table, indexes, backfill and triggers. */
export function versionsSql(sqlite: Database.Database, table: string): string[] {
  const info = sqlite.prepare(`SELECT name, type FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string; type: string }[];
  const columns = info.map((c) => c.name);
  const versions = q(`${table}_versions`);
  const list = columns.map(q).join(', ');
  const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${q(c)}`).join(', ');
  const close = `DELETE FROM ${versions} WHERE id = old.id AND sys_to IS NULL AND sys_from = ${NEXT_EVENT};
  UPDATE ${versions} SET sys_to = ${NEXT_EVENT} WHERE id = old.id AND sys_to IS NULL;`;
  return [
    `CREATE TABLE ${versions} (
  version_id integer PRIMARY KEY,
${info.map((c) => `  ${q(c.name)} ${c.type.toLowerCase()},`).join('\n')}
  sys_from integer NOT NULL,
  sys_to integer
)`,
    backfillSql(table, columns),
    `CREATE INDEX ${q(`${table}_versions_id`)} ON ${versions} (id, sys_from)`,
    `CREATE INDEX ${q(`${table}_versions_closed`)} ON ${versions} (sys_to) WHERE sys_to IS NOT NULL`,
    ...((SEARCH_DEPENDENTS as readonly string[]).includes(table)
      ? [`CREATE INDEX ${q(`${table}_versions_opened`)} ON ${versions} (sys_from)`]
      : []),
    ...versionIndexes(sqlite, table),
    `CREATE TRIGGER ${q(`${table}_versions_insert`)} AFTER INSERT ON ${q(table)} BEGIN
  INSERT INTO ${versions} (${list}, sys_from) VALUES (${values('new')}, ${NEXT_EVENT});
END`,
    `CREATE TRIGGER ${q(`${table}_versions_update`)} AFTER UPDATE ON ${q(table)} BEGIN
  ${close}
  INSERT INTO ${versions} (${list}, sys_from) VALUES (${values('new')}, ${NEXT_EVENT});
END`,
    `CREATE TRIGGER ${q(`${table}_versions_delete`)} AFTER DELETE ON ${q(table)} BEGIN
  ${close}
END`,
  ];
}

/**
 * Rebuilds every versions table from the rows as they are now, dated as the migration dates them:
 * after a restore, whose inserts the triggers stamped with the event that would follow the log.
 */
export function rebuildVersions(sqlite: Database.Database): void {
  for (const table of Object.keys(VERSIONED_TABLES)) {
    sqlite.prepare(`DELETE FROM ${q(`${table}_versions`)}`).run();
    sqlite.prepare(backfillSql(table, columnsOf(sqlite, table))).run();
  }
}
