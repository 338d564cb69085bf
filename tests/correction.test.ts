/**
 * Corrections and updates over HTTP: amending and retracting incidents and statements (revision,
 * history with each event's subject as that event committed it, retraction, default lists, node()),
 * a round concluding with its outcomes, a proposal gaining provisions after its existing ones, and
 * sources attached to a fact already recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let editor = '';
let admin = '';

const seed = { conflict: '', russia: '', ukraine: '', reuters: '', articleSource: '', incident: '', putin: '', topic: '' };

beforeAll(async () => {
  server = await startServer();
  editor = createToken(server.app.database.db, { name: 'correction-test editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'correction-test admin', role: 'ADMIN' }).token;
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") { id topics { id slug } }
    actors(first: 100) { nodes { id name } }
    sources(first: 100) { nodes { id name } }
    incidents(first: 1) { nodes { id } }
    people(filter: { name: "Putin" }) { nodes { id } }
  }`);
  const actor = (name: string) => data.actors.nodes.find((a: { name: string }) => a.name === name).id as string;
  seed.conflict = data.conflict.id;
  seed.russia = actor('Russia');
  seed.ukraine = actor('Ukraine');
  seed.reuters = data.sources.nodes.find((s: { name: string }) => s.name === 'Reuters').id;
  seed.articleSource = data.sources.nodes.find((s: { name: string }) => s.name.startsWith('Article:')).id;
  seed.incident = data.incidents.nodes[0].id;
  seed.putin = data.people.nodes[0].id;
  seed.topic = data.conflict.topics.find((t: { slug: string }) => t.slug === 'prisoners').id;
});

afterAll(async () => {
  await server?.stop();
});

async function lastEventId(): Promise<number> {
  const res = await fetch(new URL('/health', server.url));
  return ((await res.json()) as { lastEventId: number }).lastEventId;
}

const USER_ERROR = `__typename ... on UserError { code message fields { field message } }`;
const upper = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
let operations = 0;

/** Runs a mutation with a token; returns its result (payload or UserError) and how many events it appended. */
async function mutate(mutation: string, input: Record<string, unknown>, selection: string, token = editor) {
  const before = await lastEventId();
  const { body } = await server.post(
    `mutation ${upper(mutation)}_${++operations}($input: ${upper(mutation)}Input!) {
      ${mutation}(input: $input) { ${USER_ERROR} ... on ${upper(mutation)}Payload { event { id kind reason } ${selection} } }
    }`,
    { input },
    { authorization: `Bearer ${token}` },
  );
  expect(body.errors, JSON.stringify(body)).toBeUndefined();
  return { result: body.data[mutation], appended: (await lastEventId()) - before };
}

/** A mutation that must succeed with one event of `kind`. */
async function ok(mutation: string, input: Record<string, unknown>, selection: string, kind: string, token = editor) {
  const { result, appended } = await mutate(mutation, input, selection, token);
  expect(result.__typename, JSON.stringify(result)).toBe(`${upper(mutation)}Payload`);
  expect(result.event.kind).toBe(kind);
  expect(appended).toBe(1);
  return result;
}

const day = (start: string) => ({ start, precision: 'DAY' });

const HISTORY = (type: string, fields: string) =>
  `history { kind reason subjectType subject { __typename id ... on ${type} { ${fields} } } current { id ... on ${type} { ${fields} } } }`;

describe('incidents: amend, then retract', () => {
  let id = '';
  const INCIDENT_FIELDS = `title description revision retraction { at reason } location { name country }`;

  beforeAll(async () => {
    const r = await ok(
      'recordIncident',
      {
        conflict: seed.conflict,
        eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
        subEventType: 'SHELLING_ARTILLERY_MISSILE_ATTACK',
        title: 'Missile strike on Dnipro',
        description: 'Missiles hit the city centre.',
        date: day('2025-06-03'),
        location: { name: 'Dnipro', country: 'Ukraine' },
        actors: [{ actor: seed.russia, side: 'INITIATOR' }],
        sources: [{ source: seed.reuters }],
      },
      `incident { id revision }`,
      'INCIDENT_RECORDED',
    );
    id = r.incident.id;
    expect(r.incident.revision).toBe(1);
  });

  it('amendIncident with a reason changes only the fields given and bumps the revision', async () => {
    const r = await ok(
      'amendIncident',
      {
        incident: id,
        reason: 'The strike hit Zaporizhzhia, not Dnipro.',
        title: 'Missile strike on Zaporizhzhia',
        location: { name: 'Zaporizhzhia', country: 'Ukraine' },
      },
      `incident { id ${INCIDENT_FIELDS} }`,
      'INCIDENT_AMENDED',
    );
    expect(r.event.reason).toBe('The strike hit Zaporizhzhia, not Dnipro.');
    expect(r.incident).toEqual({
      id,
      title: 'Missile strike on Zaporizhzhia',
      description: 'Missiles hit the city centre.',
      revision: 2,
      retraction: null,
      location: { name: 'Zaporizhzhia', country: 'Ukraine' },
    });
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { ... on Incident { ${INCIDENT_FIELDS} sources { source { id } } } } }`,
      { id },
    );
    expect(data.node).toMatchObject({
      title: 'Missile strike on Zaporizhzhia',
      revision: 2,
      retraction: null,
      sources: [{ source: { id: seed.reuters } }],
    });
  });

  it('history lists INCIDENT_RECORDED then INCIDENT_AMENDED, each subject as that event committed it', async () => {
    const data = await server.query(`query($id: ID!) { node(id: $id) { ... on Incident { ${HISTORY('Incident', 'title revision')} } } }`, {
      id,
    });
    expect(data.node.history).toEqual([
      {
        kind: 'INCIDENT_RECORDED',
        reason: null,
        subjectType: 'INCIDENT',
        subject: { __typename: 'Incident', id, title: 'Missile strike on Dnipro', revision: 1 },
        current: { id, title: 'Missile strike on Zaporizhzhia', revision: 2 },
      },
      {
        kind: 'INCIDENT_AMENDED',
        reason: 'The strike hit Zaporizhzhia, not Dnipro.',
        subjectType: 'INCIDENT',
        subject: { __typename: 'Incident', id, title: 'Missile strike on Zaporizhzhia', revision: 2 },
        current: { id, title: 'Missile strike on Zaporizhzhia', revision: 2 },
      },
    ]);
  });

  it('retractIncident (admin) marks it retracted with when and why', async () => {
    const before = Date.now();
    const r = await ok(
      'retractIncident',
      { incident: id, reason: 'The report was fabricated.' },
      `incident { id revision retraction { at reason } }`,
      'INCIDENT_RETRACTED',
      admin,
    );
    expect(r.event.reason).toBe('The report was fabricated.');
    expect(r.incident.id).toBe(id);
    expect(r.incident.revision).toBe(3);
    expect(r.incident.retraction.reason).toBe('The report was fabricated.');
    const at = Date.parse(r.incident.retraction.at);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('a retracted incident leaves `incidents` by default and comes back with includeRetracted', async () => {
    const data = await server.query(
      `query($c: ID) {
      standing: incidents(first: 100, filter: { conflict: $c }) { totalCount nodes { id } }
      all: incidents(first: 100, filter: { conflict: $c, includeRetracted: true }) { totalCount nodes { id retraction { reason } } }
      conflict(slug: "russia-ukraine-war") { incidents(first: 100) { nodes { id } } }
    }`,
      { c: seed.conflict },
    );
    expect(data.standing.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    expect(data.conflict.incidents.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    expect(data.all.totalCount).toBe(data.standing.totalCount + 1);
    expect(data.all.nodes.find((n: { id: string }) => n.id === id)).toEqual({ id, retraction: { reason: 'The report was fabricated.' } });
  });

  it('node(id) still returns it, marked retracted, with the retraction last in its history', async () => {
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { __typename id ... on Incident { title retraction { reason } ${HISTORY('Incident', 'title retraction { reason }')} } } }`,
      { id },
    );
    expect(data.node).toMatchObject({
      __typename: 'Incident',
      id,
      title: 'Missile strike on Zaporizhzhia',
      retraction: { reason: 'The report was fabricated.' },
    });
    expect(data.node.history.map((e: { kind: string }) => e.kind)).toEqual(['INCIDENT_RECORDED', 'INCIDENT_AMENDED', 'INCIDENT_RETRACTED']);
    expect(data.node.history[0].subject.retraction).toBeNull();
    expect(data.node.history[1].subject.retraction).toBeNull();
    expect(data.node.history[2]).toMatchObject({
      reason: 'The report was fabricated.',
      subject: { retraction: { reason: 'The report was fabricated.' } },
    });
  });

  it('amending a retracted incident is refused with CONFLICT, and records nothing', async () => {
    const { result, appended } = await mutate(
      'amendIncident',
      { incident: id, reason: 'One more fix.', title: 'Changed after retraction' },
      `incident { id }`,
    );
    expect(appended).toBe(0);
    expect(result.__typename).toBe('UserError');
    expect(result.code).toBe('CONFLICT');
    expect
      .soft(
        result.fields.map((f: { field: string }) => f.field),
        JSON.stringify(result),
      )
      .toContain('input.incident');
    const data = await server.query(`query($id: ID!) { node(id: $id) { ... on Incident { title revision history { kind } } } }`, { id });
    expect(data.node.title).toBe('Missile strike on Zaporizhzhia');
    expect(data.node.revision).toBe(3);
    expect(data.node.history).toHaveLength(3);
  });

  it('retracting it again is refused with CONFLICT, and records nothing', async () => {
    const { result, appended } = await mutate('retractIncident', { incident: id, reason: 'Again.' }, `incident { id }`, admin);
    expect(appended).toBe(0);
    expect(result.__typename).toBe('UserError');
    expect(result.code).toBe('CONFLICT');
    expect
      .soft(
        result.fields.map((f: { field: string }) => f.field),
        JSON.stringify(result),
      )
      .toContain('input.incident');
  });
});

describe('amending with null', () => {
  it('removes an optional field (a description, the round it bears on), and refuses to remove a required one, recording nothing', async () => {
    const talk = (await server.query('{ conflict(slug: "russia-ukraine-war") { talks(first: 1) { nodes { id } } } }')).conflict.talks
      .nodes[0].id;
    const recorded = await ok(
      'recordIncident',
      {
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clashes near Pokrovsk',
        description: 'Heavy fighting.',
        talk,
        date: day('2025-06-02'),
      },
      'incident { id }',
      'INCIDENT_RECORDED',
    );
    const id = recorded.incident.id;
    const r = await ok(
      'amendIncident',
      { incident: id, reason: 'The sources say nothing of either.', description: null, talk: null },
      'incident { title description talk { id } revision }',
      'INCIDENT_AMENDED',
    );
    expect(r.incident).toEqual({ title: 'Clashes near Pokrovsk', description: null, talk: null, revision: 2 });

    for (const field of ['title', 'eventType', 'date']) {
      const { result, appended } = await mutate(
        'amendIncident',
        { incident: id, reason: 'Trying to empty it', [field]: null },
        'incident { id }',
      );
      expect(result).toEqual({
        __typename: 'UserError',
        code: 'BAD_USER_INPUT',
        message: 'This field can be changed, not removed.',
        fields: [{ field: `input.${field}`, message: 'cannot be removed' }],
      });
      expect(appended).toBe(0);
    }
  });
});

describe('statements: amend, then retract', () => {
  let id = '';
  const STATEMENT_FIELDS = `quote paraphrase revision retraction { at reason }`;

  beforeAll(async () => {
    const r = await ok(
      'recordStatement',
      {
        conflict: seed.conflict,
        speaker: seed.putin,
        speakingActor: seed.russia,
        quote: 'We are ready for a pause.',
        date: day('2025-06-04'),
        about: [{ id: seed.topic }],
        sources: [{ source: seed.reuters, relation: 'TOLD_TO' }],
      },
      `statement { id revision }`,
      'STATEMENT_RECORDED',
    );
    id = r.statement.id;
    expect(r.statement.revision).toBe(1);
  });

  it('amendStatement with a reason corrects the quote, keeps the rest, and bumps the revision', async () => {
    const r = await ok(
      'amendStatement',
      {
        statement: id,
        reason: 'Misquoted: he said "not ready".',
        quote: 'We are not ready for a pause.',
        paraphrase: 'He rejected a pause.',
      },
      `statement { id ${STATEMENT_FIELDS} speaker { id } about { id } }`,
      'STATEMENT_AMENDED',
    );
    expect(r.event.reason).toBe('Misquoted: he said "not ready".');
    expect(r.statement).toEqual({
      id,
      quote: 'We are not ready for a pause.',
      paraphrase: 'He rejected a pause.',
      revision: 2,
      retraction: null,
      speaker: { id: seed.putin },
      about: [{ id: seed.topic }],
    });
  });

  it('history lists STATEMENT_RECORDED then STATEMENT_AMENDED, each subject as that event committed it', async () => {
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { ... on Statement { ${HISTORY('Statement', 'quote paraphrase revision')} } } }`,
      { id },
    );
    expect(data.node.history).toEqual([
      {
        kind: 'STATEMENT_RECORDED',
        reason: null,
        subjectType: 'STATEMENT',
        subject: { __typename: 'Statement', id, quote: 'We are ready for a pause.', paraphrase: null, revision: 1 },
        current: { id, quote: 'We are not ready for a pause.', paraphrase: 'He rejected a pause.', revision: 2 },
      },
      {
        kind: 'STATEMENT_AMENDED',
        reason: 'Misquoted: he said "not ready".',
        subjectType: 'STATEMENT',
        subject: { __typename: 'Statement', id, quote: 'We are not ready for a pause.', paraphrase: 'He rejected a pause.', revision: 2 },
        current: { id, quote: 'We are not ready for a pause.', paraphrase: 'He rejected a pause.', revision: 2 },
      },
    ]);
  });

  it('retractStatement (admin) marks it retracted; it leaves `statements` by default and comes back with includeRetracted', async () => {
    const r = await ok(
      'retractStatement',
      { statement: id, reason: 'The interview was a deepfake.' },
      `statement { id revision retraction { at reason } }`,
      'STATEMENT_RETRACTED',
      admin,
    );
    expect(r.statement).toMatchObject({ id, revision: 3, retraction: { reason: 'The interview was a deepfake.' } });
    expect(Number.isNaN(Date.parse(r.statement.retraction.at))).toBe(false);
    const data = await server.query(
      `query($p: ID) {
      standing: statements(first: 100, filter: { speaker: $p }) { nodes { id } }
      all: statements(first: 100, filter: { speaker: $p, includeRetracted: true }) { nodes { id retraction { reason } } }
    }`,
      { p: seed.putin },
    );
    expect(data.standing.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    expect(data.all.nodes.find((n: { id: string }) => n.id === id)).toEqual({
      id,
      retraction: { reason: 'The interview was a deepfake.' },
    });
  });

  it('node(id) still returns the retracted statement, with its whole history', async () => {
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { __typename id ... on Statement { quote retraction { reason } history { kind reason } } } }`,
      { id },
    );
    expect(data.node).toEqual({
      __typename: 'Statement',
      id,
      quote: 'We are not ready for a pause.',
      retraction: { reason: 'The interview was a deepfake.' },
      history: [
        { kind: 'STATEMENT_RECORDED', reason: null },
        { kind: 'STATEMENT_AMENDED', reason: 'Misquoted: he said "not ready".' },
        { kind: 'STATEMENT_RETRACTED', reason: 'The interview was a deepfake.' },
      ],
    });
  });

  it('amending a retracted statement is refused with CONFLICT, and records nothing', async () => {
    const { result, appended } = await mutate(
      'amendStatement',
      { statement: id, reason: 'Late fix.', quote: 'Something else.' },
      `statement { id }`,
    );
    expect(appended).toBe(0);
    expect(result.__typename).toBe('UserError');
    expect(result.code).toBe('CONFLICT');
    expect
      .soft(
        result.fields.map((f: { field: string }) => f.field),
        JSON.stringify(result),
      )
      .toContain('input.statement');
    const data = await server.query(`query($id: ID!) { node(id: $id) { ... on Statement { quote revision } } }`, { id });
    expect(data.node).toEqual({ quote: 'We are not ready for a pause.', revision: 3 });
  });
});

describe('changeTalkStatus', () => {
  it('concludes a round with its outcomes, each with its sources', async () => {
    const scheduled = await ok(
      'scheduleTalk',
      {
        conflict: seed.conflict,
        title: 'Third round of direct Russia–Ukraine talks',
        round: 3,
        venueCity: 'Istanbul',
        date: day('2025-07-23'),
        sources: [{ source: seed.reuters }],
      },
      `talk { id status outcomes { id } }`,
      'TALK_SCHEDULED',
    );
    const id = scheduled.talk.id;
    expect(scheduled.talk).toMatchObject({ status: 'SCHEDULED', outcomes: [] });

    const started = await ok('changeTalkStatus', { talk: id, status: 'IN_PROGRESS' }, `talk { status }`, 'TALK_STATUS_CHANGED');
    expect(started.talk.status).toBe('IN_PROGRESS');

    const r = await ok(
      'changeTalkStatus',
      {
        talk: id,
        status: 'CONCLUDED',
        reason: 'The delegations left Istanbul.',
        outcomes: [
          {
            description: 'An exchange of 1,200 prisoners',
            achieved: true,
            sources: [{ source: seed.reuters, note: 'agreed in principle' }],
          },
          { description: 'No ceasefire', achieved: false },
        ],
        sources: [{ source: seed.articleSource, relation: 'REPORTED_BY' }],
      },
      `talk { id status outcomes { id description achieved talk { id } sources { relation note source { id } } } sources { relation source { id } } }`,
      'TALK_STATUS_CHANGED',
    );
    expect(r.event.reason).toBe('The delegations left Istanbul.');
    expect(r.talk.status).toBe('CONCLUDED');
    expect(r.talk.outcomes).toEqual([
      {
        id: expect.any(String),
        description: 'An exchange of 1,200 prisoners',
        achieved: true,
        talk: { id },
        sources: [{ relation: 'ACCORDING_TO', note: 'agreed in principle', source: { id: seed.reuters } }],
      },
      { id: expect.any(String), description: 'No ceasefire', achieved: false, talk: { id }, sources: [] },
    ]);
    expect(r.talk.sources).toEqual([
      { relation: 'ACCORDING_TO', source: { id: seed.reuters } },
      { relation: 'REPORTED_BY', source: { id: seed.articleSource } },
    ]);

    const data = await server.query(
      `query($id: ID!, $o: ID!) {
      node(id: $id) { ... on Talk { status outcomes { description achieved } } }
      outcome: node(id: $o) { __typename ... on TalkOutcome { description talk { id } } }
      concluded: talks(filter: { statuses: [CONCLUDED] }) { nodes { id } }
    }`,
      { id, o: r.talk.outcomes[0].id },
    );
    expect(data.node).toEqual({
      status: 'CONCLUDED',
      outcomes: [
        { description: 'An exchange of 1,200 prisoners', achieved: true },
        { description: 'No ceasefire', achieved: false },
      ],
    });
    expect(data.outcome).toEqual({ __typename: 'TalkOutcome', description: 'An exchange of 1,200 prisoners', talk: { id } });
    expect(data.concluded.nodes.map((n: { id: string }) => n.id)).toContain(id);
  });
});

describe('updateProposal', () => {
  let id = '';
  const PROVISIONS = `provisions { id ordinal text topic { id } }`;

  beforeAll(async () => {
    const r = await ok(
      'submitProposal',
      {
        conflict: seed.conflict,
        submittedBy: seed.ukraine,
        title: 'Prisoner exchange roadmap',
        status: 'DRAFTING',
        date: day('2025-06-05'),
        provisions: [{ text: 'All-for-all exchange', topic: seed.topic }, { text: 'Return of deported children' }],
      },
      `proposal { id status ${PROVISIONS} }`,
      'PROPOSAL_SUBMITTED',
    );
    id = r.proposal.id;
    expect(r.proposal.provisions.map((p: { ordinal: number; text: string }) => [p.ordinal, p.text])).toEqual([
      [1, 'All-for-all exchange'],
      [2, 'Return of deported children'],
    ]);
  });

  it('with a new status, adds provisions after the existing ones, which stay as they were', async () => {
    const before = await server.query(`query($id: ID!) { node(id: $id) { ... on Proposal { ${PROVISIONS} } } }`, { id });
    const r = await ok(
      'updateProposal',
      {
        proposal: id,
        status: 'SUBMITTED',
        date: day('2025-06-06'),
        addProvisions: [
          { text: 'Exchange of bodies of the fallen', sources: [{ source: seed.reuters }] },
          { text: 'ICRC access to camps', topic: seed.topic },
        ],
      },
      `proposal { id status date { start } ${PROVISIONS} }`,
      'PROPOSAL_UPDATED',
    );
    expect(r.proposal.status).toBe('SUBMITTED');
    expect(r.proposal.date.start).toBe('2025-06-06');
    expect(r.proposal.provisions.slice(0, 2)).toEqual(before.node.provisions);
    expect(
      r.proposal.provisions.map((p: { ordinal: number; text: string; topic: { id: string } | null }) => [
        p.ordinal,
        p.text,
        p.topic?.id ?? null,
      ]),
    ).toEqual([
      [1, 'All-for-all exchange', seed.topic],
      [2, 'Return of deported children', null],
      [3, 'Exchange of bodies of the fallen', null],
      [4, 'ICRC access to camps', seed.topic],
    ]);
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { ... on Provision { ordinal proposal { id } sources { source { id } } } } }`,
      { id: r.proposal.provisions[2].id },
    );
    expect(data.node).toEqual({ ordinal: 3, proposal: { id }, sources: [{ source: { id: seed.reuters } }] });
  });

  it('with nothing but addProvisions (provisions becoming known), appends them', async () => {
    const { result, appended } = await mutate(
      'updateProposal',
      { proposal: id, addProvisions: [{ text: 'Exchange of civilians' }] },
      `proposal { ${PROVISIONS} }`,
    );
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateProposalPayload');
    expect(appended).toBe(1);
    expect(result.event.kind).toBe('PROPOSAL_UPDATED');
    expect(result.proposal.provisions.map((p: { ordinal: number; text: string }) => [p.ordinal, p.text])).toEqual([
      [1, 'All-for-all exchange'],
      [2, 'Return of deported children'],
      [3, 'Exchange of bodies of the fallen'],
      [4, 'ICRC access to camps'],
      [5, 'Exchange of civilians'],
    ]);
  });
});

describe('attachSources', () => {
  it('adds a source to an existing fact, keeps the ones it had, and emits SOURCE_ATTACHED', async () => {
    const registered = await ok(
      'registerSource',
      { name: 'Ukrainska Pravda', kind: 'MEDIA', url: 'https://www.pravda.com.ua/' },
      `source { id }`,
      'SOURCE_RECORDED',
    );
    const source = registered.source.id;
    const SOURCES = `sources { relation note source { id } }`;
    const before = await server.query(`query($id: ID!) { node(id: $id) { ... on Incident { title ${SOURCES} history { kind } } } }`, {
      id: seed.incident,
    });
    expect(before.node.sources.length).toBeGreaterThan(0);

    const r = await ok(
      'attachSources',
      { subject: seed.incident, sources: [{ source, relation: 'REPORTED_BY', note: 'names the airfields' }] },
      `event { subjectType current { id } } subject { __typename id ... on Incident { ${SOURCES} } }`,
      'SOURCE_ATTACHED',
    );
    expect(r.event.subjectType).toBe('INCIDENT');
    expect(r.event.current).toEqual({ id: seed.incident });
    expect(r.subject.__typename).toBe('Incident');
    expect(r.subject.id).toBe(seed.incident);
    expect(r.subject.sources).toEqual([
      ...before.node.sources,
      { relation: 'REPORTED_BY', note: 'names the airfields', source: { id: source } },
    ]);

    const after = await server.query(
      `query($id: ID!) { node(id: $id) { ... on Incident { title ${SOURCES} history { kind subject { ... on Incident { title } } } } } }`,
      { id: seed.incident },
    );
    expect(after.node.sources).toEqual(r.subject.sources);
    expect(after.node.title).toBe(before.node.title);
    expect(after.node.history.map((e: { kind: string }) => e.kind)).toEqual([
      ...before.node.history.map((e: { kind: string }) => e.kind),
      'SOURCE_ATTACHED',
    ]);
    expect(after.node.history.at(-1).subject).toEqual({ title: before.node.title });

    const log = await server.query(`{ events(last: 1, filter: { kinds: [SOURCE_ATTACHED] }) { nodes { id subjectType current { id } } } }`);
    expect(log.events.nodes).toEqual([{ id: r.event.id, subjectType: 'INCIDENT', current: { id: seed.incident } }]);
  });
});
