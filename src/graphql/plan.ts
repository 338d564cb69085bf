/**
 * Relation fields that plan their parent's subtree: the first relation field a request resolves on
 * a row reads, for every row at the same place in the answer, all the relations the query selects
 * below them, to any depth, in one statement (src/domain/plan.ts). The relation fields further
 * down then answer from what was read, without a loader, a batch or a promise per row. A row
 * reached some other way, or a relation the plan left out, goes through the field's loader as before.
 */
import DataLoader from 'dataloader';
import {
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { createContextCache } from '@pothos/core';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { hasRelation, loadRelated, RELATED, type Plan, type PlannedTable } from '../domain/plan.js';
import type { Context } from './context.js';

/** The table behind each GraphQL type whose rows may be planned. */
const TABLES: Record<string, PlannedTable> = {
  Talk: 'talks',
  Delegation: 'delegations',
  Participation: 'participations',
  Incident: 'incidents',
  IncidentActor: 'incidentActors',
};

/** A field's extension naming the relation of its parent's row that it reads. */
export const follows = (relation: string) => ({ plannedRelation: relation });

type Row = { id: number };
type Related = Record<string, unknown>;

const relatedOf = (row: Row) => (row as { [RELATED]?: Related })[RELATED];

/**
 * The parent's `relation` as planned, else what `otherwise` gives (its loader). The first relation
 * field resolved on an unplanned row plans the rows at its place in the answer.
 */
export function related<T>(
  row: Row,
  relation: string,
  ctx: Context,
  info: GraphQLResolveInfo,
  otherwise: () => T | Promise<T>,
): T | Promise<T> {
  const found = relatedOf(row);
  if (found) return relation in found ? (found[relation] as T) : otherwise();
  const table = TABLES[info.parentType.name];
  if (!table || !hasRelation(table, relation)) return otherwise();
  return planners(ctx)(table, info)
    .load(row)
    .then(() => {
      const planned = relatedOf(row);
      return planned && relation in planned ? (planned[relation] as T) : otherwise();
    });
}

/**
 * A list relation: planned, else its rows through a per-request loader that reads the groups of
 * every parent asked for in the same tick.
 */
export function relatedList<T>(relation: string, load: (ctx: Context, ids: number[]) => T[], key: (row: T) => number | null) {
  const loader = dataloaderGetter<number, T[], number>(
    undefined,
    (ids, ctx) => {
      const groups = new Map<number, T[]>(ids.map((id) => [id, []]));
      for (const row of load(ctx as Context, [...ids])) groups.get(key(row)!)?.push(row);
      return Promise.resolve(ids.map((id) => groups.get(id)!));
    },
    undefined,
    false,
  );
  return (row: Row, _args: unknown, ctx: Context, info: GraphQLResolveInfo): T[] | Promise<T[]> =>
    related(row, relation, ctx, info, () => loader(ctx).load(row.id));
}

/** Per request, a loader per place in the answer (its path without list indexes): one statement for its rows. */
const planners = createContextCache((ctx: Context) => {
  const byPlace = new Map<string, DataLoader<Row, Row>>();
  return (table: PlannedTable, info: GraphQLResolveInfo): DataLoader<Row, Row> => {
    const place = `${info.parentType.name}@${placeOf(info.path.prev)}`;
    let loader = byPlace.get(place);
    if (!loader) {
      const plan = planAt(info);
      loader = new DataLoader(
        (rows) => {
          const found = loadRelated(ctx.db, table, plan, [...new Set(rows.map((row) => row.id))]);
          for (const row of rows) (row as { [RELATED]?: Related })[RELATED] = found.get(row.id) ?? {};
          return Promise.resolve(rows);
        },
        { cache: false },
      );
      byPlace.set(place, loader);
    }
    return loader;
  };
});

function placeOf(path: GraphQLResolveInfo['path'] | undefined): string {
  const keys: string[] = [];
  for (let at = path; at; at = at.prev) if (typeof at.key === 'string') keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * The plan for the parent of the field being resolved: every planned relation selected below it.
 * Worked out once per place and request: @skip and @include may read the request's variables.
 */
function planAt(info: GraphQLResolveInfo): Plan {
  return planOf(info, info.parentType, parentSelections(info));
}

/** The selection sets of the field whose value the current field's parent is, found along the path. */
function parentSelections(info: GraphQLResolveInfo): SelectionSetNode[] {
  const keys: string[] = [];
  for (let at = info.path.prev; at; at = at.prev) if (typeof at.key === 'string') keys.unshift(at.key);
  let sets = [info.operation.selectionSet];
  for (const key of keys) {
    const next: SelectionSetNode[] = [];
    for (const set of sets) {
      for (const field of fieldsOf(info, set)) {
        if ((field.alias?.value ?? field.name.value) === key && field.selectionSet) next.push(field.selectionSet);
      }
    }
    sets = next;
  }
  return sets;
}

/** The fields of a selection set, through fragments, without those @skip or @include leave out. */
function* fieldsOf(info: GraphQLResolveInfo, set: SelectionSetNode, type?: GraphQLObjectType): Generator<FieldNode> {
  for (const selection of set.selections) {
    if (getDirectiveValues(GraphQLSkipDirective, selection, info.variableValues)?.if === true) continue;
    if (getDirectiveValues(GraphQLIncludeDirective, selection, info.variableValues)?.if === false) continue;
    if (selection.kind === Kind.FIELD) {
      yield selection;
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
    if (!fragment) continue;
    const condition = fragment.typeCondition && info.schema.getType(fragment.typeCondition.name.value);
    if (type && condition && condition !== type && !(isAbstractType(condition) && info.schema.isSubType(condition, type))) continue;
    yield* fieldsOf(info, fragment.selectionSet, type);
  }
}

/** Every planned relation selected on rows of `type`, with its own plan. */
function planOf(info: GraphQLResolveInfo, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Plan {
  const table = TABLES[type.name];
  if (!table) return {};
  const selected = new Map<string, SelectionSetNode[]>();
  const fields = type.getFields();
  for (const set of sets) {
    for (const node of fieldsOf(info, set, type)) {
      const relation = fields[node.name.value]?.extensions?.plannedRelation;
      if (typeof relation !== 'string' || !hasRelation(table, relation)) continue;
      const inner = selected.get(relation) ?? [];
      if (node.selectionSet) inner.push(node.selectionSet);
      selected.set(relation, inner);
    }
  }
  const plan: Record<string, Plan> = {};
  for (const [relation, inner] of selected) {
    const fieldType = getNamedType(Object.values(fields).find((f) => f.extensions?.plannedRelation === relation)!.type);
    plan[relation] = isObjectType(fieldType) ? planOf(info, fieldType, inner) : {};
  }
  return plan;
}
