import { startServer } from '../tests/support/server.js';
import { createToken } from '../src/domain/token.js';
const s = await startServer();
const { token } = createToken(s.app.database.db, { name: 'ed', role: 'EDITOR' });
const h = { authorization: `Bearer ${token}` };
const UE = `__typename ... on UserError { code message fields { field message } }`;
const C = 'Q29uZmxpY3Q6MQ';
const cases: [string, string, any][] = [
 ['date literal 02-30', `mutation { recordConflict(input:{slug:"x-y", name:"X", began:{start:"2025-02-30", precision: DAY}}) { ${UE} } }`, {}],
 ['date var 02-30', `mutation($d: Date!) { recordConflict(input:{slug:"x-y", name:"X", began:{start:$d, precision: DAY}}) { ${UE} } }`, {d:'2025-02-30'}],
 ['input var 02-30', `mutation($i: RecordConflictInput!) { recordConflict(input:$i) { ${UE} } }`, {i:{slug:'x-y',name:'X',began:{start:'2025-02-30',precision:'DAY'}}}],
 ['end before start', `mutation($i: RecordConflictInput!) { recordConflict(input:$i) { ${UE} } }`, {i:{slug:'x-y',name:'X',began:{start:'2025-03-05',end:'2025-03-01',precision:'RANGE'}}}],
 ['range no end', `mutation($i: RecordConflictInput!) { recordConflict(input:$i) { ${UE} } }`, {i:{slug:'x-y',name:'X',began:{start:'2025-03-05',precision:'RANGE'}}}],
 ['lat 91', `mutation($i: RecordIncidentInput!) { recordIncident(input:$i) { ${UE} } }`, {i:{conflict:C,eventType:'BATTLES',title:'t',date:{start:'2025-03-05',precision:'DAY'},location:{latitude:91,longitude:10}}}],
 ['round -1', `mutation($i: ScheduleTalkInput!) { scheduleTalk(input:$i) { ${UE} } }`, {i:{conflict:C,title:'t',round:-1,date:{start:'2025-03-05',precision:'DAY'}}}],
 ['first 101', `{ incidents(first: 101) { totalCount } }`, {}],
 ['first 101 in mutation?', `mutation($i: RecordActorInput!) { recordActor(input:$i) { ${UE} } }`, {i:{name:'Russia',kind:'STATE'}}],
 ['amend no changes', `mutation($i: AmendIncidentInput!) { amendIncident(input:$i) { ${UE} } }`, {i:{incident:'SW5jaWRlbnQ6MQ',reason:'x'}}],
 ['amend title blank', `mutation($i: AmendIncidentInput!) { amendIncident(input:$i) { ${UE} } }`, {i:{incident:'SW5jaWRlbnQ6MQ',reason:'x', title:'  '}}],
 ['amend missing', `mutation($i: AmendIncidentInput!) { amendIncident(input:$i) { ${UE} } }`, {i:{incident:'SW5jaWRlbnQ6OTk5',reason:'x', title:'a'}}],
 ['source missing', `mutation($i: RecordActorInput!) { recordActor(input:$i) { ${UE} } }`, {i:{name:'Zed',kind:'STATE',sources:[{source:'U291cmNlOjk5OQ'}]}}],
 ['figure value', `mutation($i: RecordFigureInput!) { recordFigure(input:$i) { ${UE} } }`, {i:{conflict:C,figure:{metric:'m',value:1e16,unit:'u',about:'a',asOf:{start:'2025-01-01',precision:'DAY'}}}}],
 ['attach wrong subject type', `mutation($i: AttachSourcesInput!) { attachSources(input:$i) { ${UE} } }`, {i:{subject:'RXZlbnQ6MQ',sources:[{source:'U291cmNlOjE'}]}}],
 ['attach missing subject', `mutation($i: AttachSourcesInput!) { attachSources(input:$i) { ${UE} } }`, {i:{subject:'SW5jaWRlbnQ6OTk5',sources:[{source:'U291cmNlOjE'}]}}],
 ['title validTo < validFrom', `mutation($i: AddPersonTitleInput!) { addPersonTitle(input:$i) { ${UE} } }`, {i:{person:'UGVyc29uOjE',title:{title:'x',validFrom:'2025-01-02',validTo:'2025-01-01'}}}],
];
for (const [name, q, v] of cases) {
  const before = (await (await fetch(s.url.replace('/graphql','/health'))).json()).lastEventId;
  const r = await s.post(q, v, h);
  const after = (await (await fetch(s.url.replace('/graphql','/health'))).json()).lastEventId;
  console.log('==', name, r.status, before, after, JSON.stringify(r.body));
}
await s.stop();
