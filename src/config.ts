/** Settings from the environment, with their defaults. The README lists each one. */
export interface Config {
  /** PORT: where the server listens. 0 lets the OS pick (tests). */
  port: number;
  /** HOST: the interface to bind. */
  host: string;
  /** PARLEY_DB_PATH: the SQLite file; created and migrated on start. */
  dbPath: string;
  /** PARLEY_SEED: load the article dataset into an empty database on start. */
  seed: boolean;
  /** PARLEY_GRAPHIQL: serve GraphiQL at /graphql to browsers. */
  graphiql: boolean;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dbPath: env.PARLEY_DB_PATH || 'data/parley.sqlite',
    seed: flag(env.PARLEY_SEED, true),
    graphiql: flag(env.PARLEY_GRAPHIQL, true),
  };
}
