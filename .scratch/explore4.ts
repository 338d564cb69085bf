import { startServer } from '../tests/support/server.js';
import { createToken } from '../src/domain/token.js';
const s = await startServer();
const { token } = createToken(s.app.database.db, { name: 'ed', role: 'EDITOR' });
const h = { authorization: `Bearer ${token}` };
const UE = `__typename ... on UserError { code message fields { field message } }`;
const Q = `mutation($input: RecordConflictInput!) { recordConflict(input: $input) { ${UE} } }`;
for (const start of ['2025-02-30', '2022-02-24', '2022-02-24']) {
  const r = await s.post(Q, { input: { slug: 'russia-ukraine-war', name: 'Again', began: { start, precision: 'DAY' } } }, h);
  console.log(start, r.status, JSON.stringify(r.body));
}
const Q2 = `mutation($input: RecordConflictInput!) { recordConflict(input: $input) { __typename } }`;
for (const start of ['2025-02-30', '2022-02-24']) {
  const r = await s.post(Q2, { input: { slug: 'russia-ukraine-war', name: 'Again', began: { start, precision: 'DAY' } } }, h);
  console.log(start, r.status, JSON.stringify(r.body));
}
const p = await s.query(`{ proposals(first:1){nodes{id}} }`);
const r = await s.post(`mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { ${UE} } }`, { input: { proposal: p.proposals.nodes[0].id, addProvisions: [{ text: 'More.', topic: Buffer.from('Topic:9999').toString('base64url') }] } }, h);
console.log(JSON.stringify(r.body));
await s.stop();
