/** Prints the schema's SDL to schema.graphql (or stdout with --stdout). A test checks the file is current. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from '../graphql/schema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

const sdl = `${printSchema(schema)}\n`;
if (process.argv.includes('--stdout')) process.stdout.write(sdl);
else writeFileSync(SCHEMA_FILE, sdl);
