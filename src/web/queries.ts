/**
 * The page's GraphQL documents. Each stays well inside the server's limits (depth 8, 1,000 tokens,
 * estimated cost 5,000): the overview, the timeline and the log are separate requests, and the
 * timeline's items carry what a list shows; the GraphiQL link of each item asks for the rest.
 */

const DATE = 'start end precision text';
const SOURCES = 'sources { relation note source { name url } }';

const TALK_ITEM = /* GraphQL */ `
fragment TalkItem on Talk {
  id title round talkStatus: status description date { ${DATE} } venue { city country } host { name }
}`;

const INCIDENT_ITEM = /* GraphQL */ `
fragment IncidentItem on Incident {
  id title description eventType subEventType date { ${DATE} }
  location { name region country latitude longitude geoPrecision } actors { side actor { name } }
  revision retraction { at reason } ${SOURCES}
}`;

const ITEM_FRAGMENTS = /* GraphQL */ `
${TALK_ITEM}
${INCIDENT_ITEM}
fragment StatementItem on Statement {
  id quote paraphrase context date { ${DATE} } speaker { name } speakingActor { name }
  revision retraction { at reason } ${SOURCES}
}
fragment ProposalItem on Proposal {
  id title description proposalStatus: status date { ${DATE} } submittedBy { name } ${SOURCES}
}`;

const ITEM_SPREADS = '__typename ...IncidentItem ...StatementItem ...ProposalItem ...TalkItem';

/**
 * The newest event in the whole log, taken before anything else is read: the subscription resumes
 * after it, so whatever is recorded while the page loads is replayed rather than lost.
 */
export const HEAD = /* GraphQL */ `
query Head {
  events(last: 1) { edges { cursor } }
  conflicts(first: 50) { nodes { id slug name } }
}`;

const TALK_FRAGMENT = /* GraphQL */ `
fragment TalkPanel on Talk {
  ...TalkItem
  outcomes { id description achieved }
  delegations { id role attendance description actor { name } participants { id role description person { name } } }
  ${SOURCES}
}`;

/** The conflict, its key figures, and the round in progress, the next one, and the latest. */
export const OVERVIEW = /* GraphQL */ `
query Overview($id: ID!, $today: Date!) {
  node(id: $id) {
    ... on Conflict {
      id slug name description began { ${DATE} }
      figures(first: 24) {
        totalCount
        nodes { id metric value unit qualifier comparison about asOf { ${DATE} } ${SOURCES} }
      }
      current: talks(first: 1, filter: { statuses: [IN_PROGRESS] }) { nodes { ...TalkPanel } }
      next: talks(first: 1, orderBy: DATE_ASC, filter: { statuses: [SCHEDULED, POSTPONED], date: { from: $today } }) { nodes { ...TalkPanel } }
      latest: talks(first: 1, orderBy: DATE_DESC) { nodes { ...TalkPanel } }
    }
  }
}
${TALK_FRAGMENT}
${TALK_ITEM}`;

/**
 * Entries per page of the timeline: fewer on a phone, where each one takes most of a screen and the
 * page would otherwise be many screens tall before "Show older entries".
 */
export const TIMELINE_PAGE_SIZE = { phone: 10, wide: 25 };

/** One page of the timeline, newest first, with the count of each kind for the filters. */
export const TIMELINE = /* GraphQL */ `
query Timeline($id: ID!, $after: String, $first: Int!) {
  node(id: $id) {
    ... on Conflict {
      timeline(orderBy: DATE_DESC, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { date kind item { ${ITEM_SPREADS} } }
      }
      incidents: timeline(kinds: [INCIDENT], first: 0) { totalCount }
      statements: timeline(kinds: [STATEMENT], first: 0) { totalCount }
      proposals: timeline(kinds: [PROPOSAL], first: 0) { totalCount }
      talks: timeline(kinds: [TALK], first: 0) { totalCount }
    }
  }
}
${ITEM_FRAGMENTS}`;

/** How many entries of each kind the timeline holds, for the filters. */
export const COUNTS = /* GraphQL */ `
query Counts($id: ID!) {
  node(id: $id) {
    ... on Conflict {
      incidents: timeline(kinds: [INCIDENT], first: 0) { totalCount }
      statements: timeline(kinds: [STATEMENT], first: 0) { totalCount }
      proposals: timeline(kinds: [PROPOSAL], first: 0) { totalCount }
      talks: timeline(kinds: [TALK], first: 0) { totalCount }
    }
  }
}`;

/** Every place on the globe: `area` with it keeps the incidents that have coordinates. */
const WHOLE_WORLD = '{ bbox: { west: -180, south: -90, east: 180, north: 90 } }';

/** Incidents the map shows per request; the map reads up to MAP_PAGES of them, newest first. */
export const MAP_PAGE_SIZE = 100;
export const MAP_PAGES = 5;

/** A page of the conflict's incidents that have coordinates, newest first, with what a marker shows. */
export const MAP_INCIDENTS = /* GraphQL */ `
query MapIncidents($id: ID!, $after: String, $first: Int!) {
  node(id: $id) {
    ... on Conflict {
      incidents(first: $first, after: $after, orderBy: DATE_DESC, filter: { area: ${WHOLE_WORLD} }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...IncidentItem }
      }
    }
  }
}
${INCIDENT_ITEM}`;

/** The incidents in a box the reader drew on the map, newest first: the timeline shows these. */
export const AREA_INCIDENTS = /* GraphQL */ `
query AreaIncidents($id: ID!, $bbox: BoundingBoxInput!, $first: Int!) {
  node(id: $id) {
    ... on Conflict {
      incidents(first: $first, orderBy: DATE_DESC, filter: { area: { bbox: $bbox } }) {
        totalCount
        nodes { ...IncidentItem }
      }
    }
  }
}
${INCIDENT_ITEM}`;

/** The conflict's rounds of talks, for the trend chart's markers. */
export const TREND_TALKS = /* GraphQL */ `
query TrendTalks($id: ID!) {
  node(id: $id) { ... on Conflict { talks(first: 100, orderBy: DATE_ASC) { nodes { id title round date { start end precision } } } } }
}`;

/** Incidents per period and event type, for the trend chart. */
export const TREND_COUNTS = /* GraphQL */ `
query TrendCounts($id: ID!, $by: CountPeriod!, $from: Date!, $to: Date!) {
  node(id: $id) {
    ... on Conflict { incidentCounts(by: $by, filter: { date: { from: $from, to: $to } }) { period periodEnd eventType count fatalities } }
  }
}`;

/** The corrections of facts that have had some: their amendments and retractions, with reasons. */
export const HISTORIES = /* GraphQL */ `
query Histories($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Incident { id history { id kind reason recordedAt } }
    ... on Statement { id history { id kind reason recordedAt } }
  }
}`;

const LOG_EVENT = 'id cursor kind summary reason recordedAt';

/** The latest entries of the conflict's log, for the updates list. */
export const RECENT = /* GraphQL */ `
query Recent($id: ID!, $last: Int!) {
  events(last: $last, filter: { conflict: $id }) { nodes { ${LOG_EVENT} subject { __typename id } } }
}`;

/** The newest event of the conflict: where a resumed stream has caught up. */
export const CONFLICT_HEAD = /* GraphQL */ `
query ConflictHead($id: ID!) {
  events(last: 1, filter: { conflict: $id }) { nodes { id } }
}`;

/**
 * Everything recorded about the conflict after `after`: first what the page has not seen yet, in
 * order, then live. Each event carries its subject as that event left it.
 *
 * `$conflict` is declared nullable although the page always sends it: over WebSocket the server's
 * cost rule validates the document without the variables, and rejects a missing required one.
 */
export const LIVE = /* GraphQL */ `
subscription Live($after: String, $conflict: ID) {
  events(after: $after, filter: { conflict: $conflict }) {
    ${LOG_EVENT}
    subject { ${ITEM_SPREADS} id }
  }
}
${ITEM_FRAGMENTS}`;

/**
 * The conflict's incidents, statements and proposals that match the reader's words, most relevant
 * first, each with the passage that matched as plain-text parts (the matched words flagged), and
 * what its result needs to name it and point at its timeline entry.
 */
export const SEARCH = /* GraphQL */ `
query Search($query: String!, $conflict: ID!, $first: Int!) {
  search(query: $query, conflict: $conflict, kinds: [INCIDENT, STATEMENT, PROPOSAL], first: $first) {
    totalCount
    nodes {
      kind
      retracted
      snippetParts { text match }
      item {
        __typename
        ... on Incident { id title date { ${DATE} } }
        ... on Statement { id speaker { name } speakingActor { name } date { ${DATE} } }
        ... on Proposal { id title date { ${DATE} } }
      }
    }
  }
}`;

/** What a GraphiQL link opens for each kind of fact: everything about it, by its global ID. */
const DETAIL: Record<string, string> = {
  Incident: `title
      date { start end precision text }
      eventType
      subEventType
      description
      location { name region country latitude longitude }
      actors { side actor { name } }
      figures { metric value unit qualifier }
      talk { title }
      respondedTo { title }
      revision
      retraction { at reason }
      sources { relation source { name url } }
      history { kind summary reason recordedAt }`,
  Statement: `quote
      paraphrase
      context
      date { start end precision text }
      speaker { name }
      speakingActor { name }
      talk { title }
      revision
      retraction { at reason }
      sources { relation source { name url } }
      history { kind summary reason recordedAt }`,
  Proposal: `title
      status
      date { start end precision text }
      description
      submittedBy { name }
      talk { title }
      provisions { ordinal text topic { name } }
      sources { relation source { name url } }`,
  Talk: `title
      round
      status
      date { start end precision text }
      venue { city country }
      host { name }
      outcomes { description achieved }
      delegations {
        actor { name }
        role
        attendance
        head { person { name } description }
        participants { role description person { name } }
      }
      sources { relation source { name url } }`,
  Figure: `metric
      value
      unit
      qualifier
      comparison
      about
      asOf { start end precision text }
      sources { relation source { name url } }`,
  Event: `kind
      summary
      reason
      occurredOn
      recordedAt
      subject { __typename id }`,
};

/** A GraphiQL address that opens with the query fetching one object by its global ID. */
export function graphiqlHref(typename: string, id: string, label: string): string {
  const fields = DETAIL[typename] ?? '__typename';
  const comment = label.replace(/\s+/g, ' ').slice(0, 120);
  const query = `# ${typename}: ${comment}\n{\n  node(id: ${JSON.stringify(id)}) {\n    ... on ${typename} {\n      ${fields}\n    }\n  }\n}\n`;
  return `/graphql?query=${encodeURIComponent(query)}`;
}
