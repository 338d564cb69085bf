/**
 * `viewer`: who the request's token stands for, as the desk shows it. Null without a token, with a
 * garbage or revoked one; never answered from the response cache to another token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const VIEWER = '{ viewer { name role } }';
const asToken = (token: string | undefined) => server.post(VIEWER, {}, token ? { authorization: `Bearer ${token}` } : {});

describe('viewer', () => {
  it('names the token holder and their role, and is null for anyone else', async () => {
    const editor = createToken(server.app.database.db, { name: 'Desk editor', role: 'EDITOR' });
    const admin = createToken(server.app.database.db, { name: 'Desk admin', role: 'ADMIN' });

    expect((await asToken(undefined)).body.data).toEqual({ viewer: null });
    // The same document, one token after another: the cache must not hand one holder's answer to the next.
    expect((await asToken(editor.token)).body.data).toEqual({ viewer: { name: 'Desk editor', role: 'EDITOR' } });
    expect((await asToken(admin.token)).body.data).toEqual({ viewer: { name: 'Desk admin', role: 'ADMIN' } });
    expect((await asToken('parley_not-a-real-token')).body.data).toEqual({ viewer: null });

    revokeToken(server.app.database.db, editor.row.id);
    expect((await asToken(editor.token)).body.data).toEqual({ viewer: null });
  });
});
