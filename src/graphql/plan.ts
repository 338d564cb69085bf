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
  type DirectiveNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { hasRelation, loadRelated, RELATED, type Plan, type PlannedTable } from '../domain/plan.js';
import { type Context, perRequest } from './context.js';

/** The table behind each GraphQL type whose rows may be planned. */
const TABLES: Record<string, PlannedTable> = {
  Talk: 'talks',
  Delegation: 'delegations',
  Participation: 'participations',
  Person: 'people',
  Actor: 'actors',
  Attribution: 'attributions',
  Source: 'sources',
  Incident: 'incidents',
  IncidentActor: 'incidentActors',
  Figure: 'figures',
};

/**
 * A field's extension naming the relation of its parent's row that it reads, and the columns of
 * the related rows it reads itself (to pick among them) beyond what its selection reads.
 */
export const follows = (relation: string, columns: readonly string[] = []) => ({ plannedRelation: relation, plannedColumns: columns });

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
const planners = perRequest((ctx: Context) => {
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
 * Plans by operation, place and the values of the variables its @skip and @include read: yoga
 * keeps a document, so each plan is worked out once rather than in every request.
 */
const plansByOperation = new WeakMap<OperationDefinitionNode, { switches: string[]; plans: Map<string, Plan> }>();

/** The plan for the parent of the field being resolved: every planned relation selected below it. */
function planAt(info: GraphQLResolveInfo): Plan {
  let memo = plansByOperation.get(info.operation);
  if (!memo) plansByOperation.set(info.operation, (memo = { switches: switchesOf(info), plans: new Map() }));
  const key = `${info.parentType.name}@${placeOf(info.path.prev)}${JSON.stringify(memo.switches.map((name) => info.variableValues[name]))}`;
  let plan = memo.plans.get(key);
  if (!plan) memo.plans.set(key, (plan = planOf(info, info.parentType, parentSelections(info))));
  return plan;
}

/** The variables that @skip and @include read anywhere in the operation and its fragments. */
function switchesOf(info: GraphQLResolveInfo): string[] {
  const names = new Set<string>();
  const visitor = {
    Directive(node: DirectiveNode) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return;
      for (const argument of node.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  };
  visit(info.operation, visitor);
  for (const fragment of Object.values(info.fragments)) visit(fragment, visitor);
  return [...names].sort();
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

/**
 * What the selection on rows of `type` reads: the columns of the fields it selects, and each
 * planned relation with its own plan. A field that reads its row some other way than a column it
 * exposes or names (`extensions.columns`) makes the plan read every column.
 */
function planOf(info: GraphQLResolveInfo, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Plan {
  const table = TABLES[type.name];
  if (!table) return { relations: {} };
  const fields = type.getFields();
  const selected = new Map<string, { type: GraphQLObjectType | undefined; sets: SelectionSetNode[]; columns: string[] }>();
  let columns: Set<string> | undefined = new Set();
  for (const set of sets) {
    for (const node of fieldsOf(info, set, type)) {
      const name = node.name.value;
      const field = fields[name];
      if (!field) continue; // __typename
      const relation = field.extensions?.plannedRelation;
      if (typeof relation === 'string' && hasRelation(table, relation)) {
        const named = getNamedType(field.type);
        const entry = selected.get(relation) ?? { type: isObjectType(named) ? named : undefined, sets: [], columns: [] };
        if (node.selectionSet) entry.sets.push(node.selectionSet);
        entry.columns.push(...((field.extensions?.plannedColumns as readonly string[] | undefined) ?? []));
        selected.set(relation, entry);
        continue;
      }
      const reads = readsOf(name, field.extensions);
      if (reads) for (const column of reads) columns?.add(column);
      else columns = undefined;
    }
  }
  const relations: Record<string, Plan> = {};
  for (const [relation, entry] of selected) {
    const inner = entry.type ? planOf(info, entry.type, entry.sets) : { relations: {} };
    relations[relation] = inner.columns ? { ...inner, columns: [...new Set([...inner.columns, ...entry.columns])].sort() } : inner;
  }
  return columns ? { columns: [...columns].sort(), relations } : { relations };
}

/** The columns a field reads of its row, when known: those it names, or the one it exposes. */
function readsOf(name: string, extensions: Readonly<Record<string, unknown>> | null | undefined): readonly string[] | undefined {
  if (Array.isArray(extensions?.columns)) return extensions.columns as string[];
  // Pothos marks each field made with t.expose*() with the property it exposes.
  if (typeof extensions?.pothosExposedField === 'string') return [extensions.pothosExposedField];
  // A node's global id reads the row's id, which every plan reads.
  if (name === 'id') return [];
  return undefined;
}
