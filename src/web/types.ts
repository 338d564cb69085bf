/** The shapes the page's queries (queries.ts) return, by hand: the page is small enough. */

export type Precision = 'DAY' | 'MONTH' | 'YEAR' | 'RANGE' | 'BEFORE';

export interface PartialDate {
  /** Null for a BEFORE only. */
  start: string | null;
  end: string | null;
  precision: Precision;
  text: string | null;
}

export interface Attribution {
  relation: string;
  note: string | null;
  source: { name: string; url: string | null };
}

export interface Named {
  name: string;
}

export interface Retraction {
  at: string;
  reason: string;
}

/** Where an incident happened; coordinates and their precision (ACLED's 1 exact, 2 near, 3 region) when known. */
export interface Location {
  name: string | null;
  region: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  geoPrecision: number | null;
}

export interface Incident {
  __typename: 'Incident';
  id: string;
  title: string;
  description: string | null;
  eventType: string;
  subEventType: string | null;
  date: PartialDate;
  location: Location;
  actors: { side: 'INITIATOR' | 'TARGET'; actor: Named }[];
  revision: number;
  retraction: Retraction | null;
  sources: Attribution[];
}

export interface Statement {
  __typename: 'Statement';
  id: string;
  quote: string | null;
  paraphrase: string | null;
  context: string | null;
  date: PartialDate;
  speaker: Named | null;
  speakingActor: Named | null;
  revision: number;
  retraction: Retraction | null;
  sources: Attribution[];
}

export interface Proposal {
  __typename: 'Proposal';
  id: string;
  title: string;
  description: string | null;
  proposalStatus: string;
  date: PartialDate;
  submittedBy: Named;
  sources: Attribution[];
}

export interface TalkSummary {
  __typename: 'Talk';
  id: string;
  title: string;
  round: number | null;
  talkStatus: string;
  description: string | null;
  date: PartialDate;
  venue: { city: string | null; country: string | null } | null;
  host: Named | null;
}

export type TimelineItem = Incident | Statement | Proposal | TalkSummary;
export type TimelineKind = 'INCIDENT' | 'STATEMENT' | 'PROPOSAL' | 'TALK';

export const KIND_OF: Record<TimelineItem['__typename'], TimelineKind> = {
  Incident: 'INCIDENT',
  Statement: 'STATEMENT',
  Proposal: 'PROPOSAL',
  Talk: 'TALK',
};

export interface Participation {
  id: string;
  role: string;
  description: string | null;
  person: Named | null;
}

export interface Delegation {
  id: string;
  role: string;
  attendance: string;
  description: string | null;
  actor: Named;
  participants: Participation[];
}

export interface Talk extends TalkSummary {
  outcomes: { id: string; description: string; achieved: boolean }[];
  delegations: Delegation[];
  sources: Attribution[];
}

export interface Figure {
  id: string;
  metric: string;
  value: number;
  unit: string;
  qualifier: string;
  comparison: string | null;
  about: string;
  asOf: PartialDate;
  sources: Attribution[];
}

export interface ConflictOverview {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  began: PartialDate;
  figures: { totalCount: number; nodes: Figure[] };
  current: { nodes: Talk[] };
  next: { nodes: Talk[] };
  latest: { nodes: Talk[] };
}

/** An entry of the log, as the updates list shows it. */
export interface LogEvent {
  id: string;
  cursor: string;
  kind: string;
  summary: string;
  reason: string | null;
  recordedAt: string;
  subject: { __typename: string; id: string };
}

/** An event from the subscription: the subject as the event committed it. */
export interface LiveEvent extends LogEvent {
  subject: TimelineItem | { __typename: 'Delegation' | 'Participation' | 'TalkOutcome' | 'Figure' | string; id: string };
}

export interface Correction {
  eventId: string;
  kind: string;
  reason: string | null;
  recordedAt: string;
}

/** What a search result needs of its fact: enough to name it, date it and find its timeline entry. */
export type SearchItem =
  | Pick<Incident, '__typename' | 'id' | 'title' | 'date'>
  | Pick<Statement, '__typename' | 'id' | 'speaker' | 'speakingActor' | 'date'>
  | Pick<Proposal, '__typename' | 'id' | 'title' | 'date'>;

/** One result of `search`: the fact and the passage that matched, as parts flagged when matched. */
export interface SearchHit {
  kind: 'INCIDENT' | 'STATEMENT' | 'PROPOSAL';
  retracted: boolean;
  snippetParts: { text: string; match: boolean }[];
  item: SearchItem;
}

/** A box on the globe, in degrees; west > east when it crosses the antimeridian. */
export interface BoundingBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** One row of `incidentCounts`: a period (its first and last day) and an event type. */
export interface IncidentCount {
  period: string;
  periodEnd: string;
  eventType: string;
  count: number;
  fatalities: number;
}

export type CountPeriod = 'DAY' | 'WEEK' | 'MONTH';

/** A round of talks as the trend chart marks it. */
export type TalkMark = Pick<TalkSummary, 'id' | 'title' | 'round'> & { date: Pick<PartialDate, 'start' | 'end' | 'precision'> };
