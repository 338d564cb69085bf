/**
 * `npm run token:create -- --name NAME [--role EDITOR|ADMIN]` prints a new token once;
 * `npm run token:revoke -- --id N` revokes one; `npm run token:list` lists them (never the tokens).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { createToken, listTokens, revokeToken } from '../domain/token.js';
import { DomainError } from '../domain/errors.js';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: { name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' } },
});

const { dbPath } = loadConfig();
const database = openDatabase(dbPath);
migrateDatabase(database.db);
try {
  if (command === 'create') {
    const { token, row } = createToken(database.db, {
      name: values.name ?? '',
      role: (values.role?.toUpperCase() ?? 'EDITOR') as 'EDITOR',
    });
    console.error(`Token #${row.id} "${row.name}" (${row.role}). It is shown only now; Parley keeps only its hash:`);
    console.log(token);
  } else if (command === 'revoke') {
    const row = revokeToken(database.db, Number(values.id));
    console.log(`Revoked token #${row.id} "${row.name}".`);
  } else if (command === 'list') {
    for (const t of listTokens(database.db)) {
      console.log(`#${t.id}\t${t.role}\t${t.revokedAt ? 'revoked' : 'active'}\t${t.name}`);
    }
  } else {
    throw new DomainError('BAD_USER_INPUT', 'Usage: token (create --name NAME [--role EDITOR|ADMIN] | revoke --id N | list)');
  }
} catch (error) {
  console.error(error instanceof DomainError ? error.message : error);
  process.exitCode = 2;
} finally {
  database.close();
}
