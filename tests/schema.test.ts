import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, isInputObjectType, isInterfaceType, isObjectType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { requireLiveFields } from '../src/graphql/live.js';
import { schema } from '../src/graphql/schema.js';

describe('the schema', () => {
  it('is committed as schema.graphql, current (run `npm run schema:print` after changing it)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });

  it('prints the same SDL from the script', () => {
    const printed = execFileSync('npx', ['tsx', 'src/cli/print-schema.ts', '--stdout'], { encoding: 'utf8' });
    expect(printed).toBe(`${printSchema(schema)}\n`);
  });

  it('documents every type, field and argument', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuses a subscription field not declared through liveField, whose resolver could read its arguments', () => {
    const stray = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: { ticks: { type: GraphQLBoolean, args: { every: { type: GraphQLBoolean } }, resolve: (_tick, args) => args.every } },
      }),
    });
    expect(() => requireLiveFields(stray)).toThrow(/ticks is not/);
    expect(requireLiveFields(schema)).toBe(schema);
  });
});
