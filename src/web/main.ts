/**
 * The live timeline page. Loading order matters, so that nothing recorded while the page loads is
 * lost or shown twice:
 *
 *   1. take the cursor of the newest event in the log;
 *   2. read the conflict, its figures, its talks, a page of its timeline and its latest events;
 *   3. subscribe to its events after that cursor.
 *
 * Whatever was recorded between 1 and 3 is replayed by the subscription; the page applies an
 * event once (by its id) and a fact only if it is not older than what it shows (by its revision),
 * so replaying what step 2 already read changes nothing.
 */
import { request, RequestError } from './api.js';
import { areaFromParam, areaToParam, formatArea } from './area.js';
import { byId, fill, h } from './dom.js';
import { formatClock, seconds, today } from './format.js';
import { backoff, LiveEvents, type ConnectionState } from './live.js';
import { IncidentMap } from './map.js';
import { AREA_INCIDENTS, CONFLICT_HEAD, COUNTS, HEAD, HISTORIES, OVERVIEW, RECENT, TIMELINE, TIMELINE_PAGE_SIZE } from './queries.js';
import {
  conflictMeta,
  entryId,
  figureCard,
  isCorrection,
  KIND_LABEL,
  labelOf,
  talkHeading,
  talkPanel,
  timelineEntry,
  updateItem,
  type EntryState,
} from './render.js';
import { SearchPanel } from './search.js';
import { TrendChart } from './trend.js';
import {
  KIND_OF,
  type BoundingBox,
  type ConflictOverview,
  type Correction,
  type Incident,
  type LiveEvent,
  type LogEvent,
  type Talk,
  type TimelineItem,
  type TimelineKind,
} from './types.js';

const KINDS: readonly TimelineKind[] = ['INCIDENT', 'STATEMENT', 'PROPOSAL', 'TALK'];
/** The server's order for entries of one day, newest first: TALK, STATEMENT, PROPOSAL, INCIDENT. */
const KIND_RANK: Record<TimelineKind, number> = { INCIDENT: 0, PROPOSAL: 1, STATEMENT: 2, TALK: 3 };
const RECENT_EVENTS = 12;
const MAX_UPDATES_SHOWN = 100;
const TIMELINE_EVENT_SUBJECTS = new Set(['Incident', 'Statement', 'Proposal', 'Talk']);
const OVERVIEW_EVENTS = /^(TALK_|DELEGATION_|PARTICIPANT_|FIGURE_)/;
/** Incidents in a box drawn on the map that the timeline shows, newest first. */
const AREA_INCIDENTS_SHOWN = 100;
/** The updates a narrow page shows before "Show all": the rest would push the page a screen down. */
const UPDATES_COLLAPSED = 3;
/** How far back "show this entry" pages through the timeline for an entry not loaded yet. */
const PAGES_TO_REVEAL = 5;
/** The page's breakpoints, as in style.css: one column below 960px, a phone below 640px. */
const NARROW = matchMedia('(max-width: 959px)');
const PHONE = matchMedia('(max-width: 639px)');
const REDUCED_MOTION = matchMedia('(prefers-reduced-motion: reduce)');
const SHOW_QUERIES_KEY = 'parley.showQueries';

interface Entry extends EntryState {
  element?: HTMLLIElement;
  dirty: boolean;
}

interface ConflictRef {
  id: string;
  slug: string;
  name: string;
}

interface Counts {
  incidents: { totalCount: number };
  statements: { totalCount: number };
  proposals: { totalCount: number };
  talks: { totalCount: number };
}

interface TimelinePage {
  node:
    | (Counts & {
        timeline: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: { date: string; kind: TimelineKind; item: TimelineItem }[];
        };
      })
    | null;
}

function countsOf(node: Counts): Record<TimelineKind, number> {
  return {
    INCIDENT: node.incidents.totalCount,
    STATEMENT: node.statements.totalCount,
    PROPOSAL: node.proposals.totalCount,
    TALK: node.talks.totalCount,
  };
}

/** The reader's choice of kinds, kept in the address (`?kinds=INCIDENT,STATEMENT`) so it can be shared. */
function kindsFromAddress(): Set<TimelineKind> {
  const raw = new URLSearchParams(location.search).get('kinds');
  if (raw === null) return new Set(KINDS);
  return new Set(raw.split(',').filter((k): k is TimelineKind => (KINDS as readonly string[]).includes(k)));
}

/** Newest first, as the server orders the timeline: by start date, then kind; new entries first among equals. */
function order(a: Entry, b: Entry): number {
  // A BEFORE has no start: its earliest day is unbounded, so it is the oldest, as on the server.
  const [x, y] = [a.item.date.start ?? '', b.item.date.start ?? ''];
  if (x !== y) return x > y ? -1 : 1;
  return KIND_RANK[b.kind] - KIND_RANK[a.kind];
}

/** Whether `incoming` is an older version of the fact than `current` (a replayed event). */
function isOlder(incoming: TimelineItem, current: TimelineItem): boolean {
  if ('revision' in incoming && 'revision' in current) {
    if (incoming.revision !== current.revision) return incoming.revision < current.revision;
    return !incoming.retraction && current.retraction !== null;
  }
  return false;
}

/**
 * "Show GraphQL queries": the GraphiQL link on every card is for developers, so it is hidden unless
 * asked for, with the toggle in the footer or `?dev=1`; the choice is remembered in this browser.
 */
function setUpQueryToggle(): void {
  const toggle = byId<HTMLInputElement>('show-queries');
  const asked = new URLSearchParams(location.search).get('dev');
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(SHOW_QUERIES_KEY);
  } catch {
    // Storage refused (a private window's policy): the toggle still works for this page.
  }
  toggle.checked = asked !== null ? asked === '1' : stored === '1';
  const apply = () => {
    document.documentElement.dataset.queries = toggle.checked ? 'shown' : 'hidden';
    try {
      localStorage.setItem(SHOW_QUERIES_KEY, toggle.checked ? '1' : '0');
    } catch {
      // As above.
    }
  };
  apply();
  toggle.addEventListener('change', apply);
}

class TimelinePageApp {
  private conflict: ConflictRef | undefined;
  private entries: Entry[] = [];
  private readonly byItem = new Map<string, Entry>();
  private readonly seenEvents = new Set<string>();
  private counts: Record<TimelineKind, number> = { INCIDENT: 0, STATEMENT: 0, PROPOSAL: 0, TALK: 0 };
  private shown = kindsFromAddress();
  private hasMore = false;
  private endCursor: string | null = null;
  private live: LiveEvents | undefined;
  private lastEventId: string | null = null;
  private catchUp:
    | { lastBefore: string | null; headId: string | null | undefined; received: string[]; timer: ReturnType<typeof setTimeout> }
    | undefined;
  private note: { text: string; until: number } | undefined;
  private unread = 0;
  private baseTitle = document.title;
  private overviewTimer: ReturnType<typeof setTimeout> | undefined;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;
  private loadAttempts = 0;
  private loadTimer: ReturnType<typeof setTimeout> | undefined;
  /** The round the talks panel shows: its timeline entry points there instead of repeating it. */
  private panelTalkId: string | undefined;
  /** New and updated entries whose heading the reader has not had in view yet, for "N new". */
  private readonly unseen = new Set<Entry>();
  private readonly seen = new IntersectionObserver((observed) => this.markSeen(observed));
  private readonly search = new SearchPanel();
  private readonly map = new IncidentMap({ open: (id) => void this.reveal(id), selectArea: (area) => this.setArea(area) });
  private readonly trend = new TrendChart();
  /** The box drawn on the map, kept in the address (`?area=w,s,e,n`): the timeline shows the incidents in it. */
  private area = areaFromParam(new URLSearchParams(location.search).get('area'));
  /** The incidents the API finds in that box, and how many there are; undefined until it answers. */
  private inArea: { ids: Set<string>; total: number } | undefined;
  private areaTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
      input.checked = this.shown.has(input.value as TimelineKind);
      input.addEventListener('change', () => this.changeFilter());
    }
    byId('show-all').addEventListener('click', () => this.setFilter(new Set(KINDS)));
    byId('load-older').addEventListener('click', () => void this.loadOlder());
    byId('retry-now').addEventListener('click', () => this.retryNow());
    byId('main').addEventListener('click', (event) => this.showInTimeline(event));
    byId('new-entries').addEventListener('click', () => this.showUnseen());
    byId('updates-more').addEventListener('click', () => this.toggleUpdates());
    byId('area-clear').addEventListener('click', () => this.setArea(undefined));
    setUpQueryToggle();
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) {
        this.unread = 0;
        document.title = this.baseTitle;
      }
    });
    setInterval(() => this.renderConnection(), 1000);
  }

  async start(): Promise<void> {
    this.setConnection({ status: 'connecting' });
    try {
      // 1. The resume point, before anything is read.
      const head = await request<{ events: { edges: { cursor: string }[] }; conflicts: { nodes: ConflictRef[] } }>(HEAD);
      const after = head.events.edges[0]?.cursor ?? null;
      const wanted = new URLSearchParams(location.search).get('conflict');
      const conflict = wanted ? head.conflicts.nodes.find((c) => c.slug === wanted) : head.conflicts.nodes[0];
      this.renderConflictList(head.conflicts.nodes, conflict);
      if (!conflict) {
        this.showLoadError(wanted ? `No conflict is recorded as “${wanted}”.` : 'No conflict is recorded yet.', false);
        return;
      }
      this.conflict = conflict;
      this.search.setConflict(conflict.id);

      // 2. What the page shows, read after the cursor was taken.
      const [overview, timeline, recent] = await Promise.all([
        request<{ node: ConflictOverview | null }>(OVERVIEW, { id: conflict.id, today: today() }),
        request<TimelinePage>(TIMELINE, { id: conflict.id, after: null, first: pageSize() }),
        request<{ events: { nodes: LogEvent[] } }>(RECENT, { id: conflict.id, last: RECENT_EVENTS }),
        this.map.load(conflict.id),
      ]);
      if (!overview.node) throw new RequestError('The conflict is no longer recorded.', 'NOT_FOUND');
      this.loadAttempts = 0;
      this.renderOverview(overview.node);
      this.addTimelinePage(timeline);
      this.renderRecent(recent.events.nodes);
      byId('main').removeAttribute('aria-busy');
      void this.trend.setConflict(conflict.id);
      this.setArea(this.area);

      // 3. Live, from the cursor taken first.
      this.live = new LiveEvents({
        conflictId: conflict.id,
        after,
        onEvent: (event) => this.receive(event),
        onState: (state) => this.setConnection(state),
        onResumed: () => this.startCatchUp(),
        onLost: () => void this.restart('The server no longer knows where this page was in its log; the page was loaded again.'),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.showLoadError(`The page could not load: ${message}`, true);
    }
  }

  /** Starts over: used when the server's log no longer matches what the page has. */
  private async restart(note: string): Promise<void> {
    this.live?.stop();
    this.live = undefined;
    clearTimeout(this.catchUp?.timer);
    this.catchUp = undefined;
    this.entries = [];
    this.byItem.clear();
    this.seenEvents.clear();
    this.unseen.clear();
    this.seen.disconnect();
    this.renderUnseen();
    fill(byId('timeline'));
    fill(byId('updates'));
    this.setConnection({ status: 'connecting' });
    this.note = { text: note, until: Date.now() + 20_000 };
    await this.start();
  }

  private showLoadError(message: string, retry: boolean): void {
    const box = byId('load-error');
    const delay = backoff(Math.min(this.loadAttempts++, 5));
    fill(
      box,
      h('p', null, message),
      retry
        ? h(
            'p',
            null,
            `Trying again in ${seconds(delay)}. `,
            h('button', { type: 'button', class: 'button', onclick: () => location.reload() }, 'Reload now'),
          )
        : null,
    );
    box.hidden = false;
    if (!retry) {
      byId('connection').hidden = true; // nothing to follow
      return;
    }
    this.setConnection({ status: 'reconnecting', attempt: this.loadAttempts, retryAt: Date.now() + delay, since: new Date() });
    this.loadTimer = setTimeout(() => {
      this.loadTimer = undefined;
      box.hidden = true;
      void this.start();
    }, delay);
  }

  /** "Retry now": skips the wait, of the live connection or of a failed load. */
  private retryNow(): void {
    if (this.live) {
      this.live.retryNow();
      return;
    }
    if (this.loadTimer === undefined) return;
    clearTimeout(this.loadTimer);
    this.loadTimer = undefined;
    byId('load-error').hidden = true;
    void this.start();
  }

  // -------------------------------------------------------------------------------------------
  // Connection state

  private state: ConnectionState = { status: 'connecting' };

  private setConnection(state: ConnectionState): void {
    const before = this.state.status;
    this.state = state;
    if (state.status !== 'live' && before === 'live') this.note = undefined;
    this.renderConnection(before !== state.status);
  }

  /** The status (announced when it changes) and, apart from it, the countdown to the next attempt. */
  private renderConnection(changed = false): void {
    const state = this.state;
    const root = byId('connection');
    root.dataset.state = state.status;
    const label = byId('connection-label');
    const text = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' }[state.status];
    if (changed || label.textContent !== text) label.textContent = text;

    // What a reconnection brought (or a reload), in its own polite region under the header, for a while.
    if (this.note && this.note.until <= Date.now()) this.note = undefined;
    const noteBar = byId('connection-note-bar');
    const note = byId('connection-note');
    if (this.note && state.status === 'live') {
      if (note.textContent !== this.note.text) note.textContent = this.note.text;
      noteBar.classList.remove('is-empty');
    } else if (note.textContent) {
      // Emptied but kept in the page: a live region must exist before it speaks.
      noteBar.classList.add('is-empty');
      note.textContent = '';
    }

    const banner = byId('connection-banner');
    const detail = byId('connection-detail');
    if (state.status === 'reconnecting' || state.status === 'offline') {
      const since = `Disconnected since ${formatClock(state.since)}.`;
      let next = '';
      if (state.status === 'offline') next = 'Waiting for the network to come back.';
      else if (state.retryAt === null) next = `Connecting (attempt ${state.attempt})…`;
      else next = `Next attempt in ${seconds(state.retryAt - Date.now())}.`;
      detail.textContent = `${since} ${next} What is recorded meanwhile will show up, once, when the connection is back.`;
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Events

  private receive(event: LiveEvent): void {
    if (this.seenEvents.has(event.id)) return;
    this.seenEvents.add(event.id);
    this.lastEventId = event.id;
    const missed = this.catchUp !== undefined;
    if (this.catchUp) {
      this.catchUp.received.push(event.id);
      this.settleCatchUp(false);
    }

    const subject = event.subject;
    if (TIMELINE_EVENT_SUBJECTS.has(subject.__typename)) this.upsert(subject as TimelineItem, event);
    if (subject.__typename === 'Incident') this.incidentChanged(subject as Incident);
    if (OVERVIEW_EVENTS.test(event.kind)) this.refreshOverviewSoon();
    if (event.kind.startsWith('TALK_')) void this.trend.talksChanged();
    this.prependUpdate(event, missed);

    if (document.hidden) {
      this.unread++;
      document.title = `(${this.unread}) ${this.baseTitle}`;
    }
  }

  /** Connected again: count what arrives until the conflict's newest event, to say what was missed. */
  private startCatchUp(): void {
    if (!this.conflict) return;
    clearTimeout(this.catchUp?.timer);
    this.catchUp = {
      lastBefore: this.lastEventId,
      headId: undefined,
      received: [],
      timer: setTimeout(() => this.settleCatchUp(true), 8_000),
    };
    const catchUp = this.catchUp;
    request<{ events: { nodes: { id: string }[] } }>(CONFLICT_HEAD, { id: this.conflict.id }).then(
      (result) => {
        catchUp.headId = result.events.nodes[0]?.id ?? null;
        if (this.catchUp === catchUp) this.settleCatchUp(false);
      },
      () => {
        if (this.catchUp === catchUp) this.settleCatchUp(true);
      },
    );
  }

  private settleCatchUp(force: boolean): void {
    const catchUp = this.catchUp;
    if (!catchUp) return;
    let missed: number | undefined;
    if (catchUp.headId === null || (catchUp.headId !== undefined && catchUp.headId === catchUp.lastBefore)) missed = 0;
    else if (catchUp.headId !== undefined && catchUp.received.includes(catchUp.headId))
      missed = catchUp.received.indexOf(catchUp.headId) + 1;
    else if (force) missed = catchUp.received.length;
    if (missed === undefined) return;
    clearTimeout(catchUp.timer);
    this.catchUp = undefined;
    // What arrived after the newest event at reconnection was live, not missed.
    for (const id of catchUp.received.slice(missed)) {
      document.querySelector(`#updates [data-event="${CSS.escape(id)}"]`)?.classList.remove('is-missed');
      document.querySelector(`#updates [data-event="${CSS.escape(id)}"] .badge--missed`)?.remove();
    }
    const text =
      missed === 0
        ? 'Reconnected; nothing was recorded meanwhile.'
        : `Reconnected; ${missed} update${missed === 1 ? '' : 's'} recorded while disconnected ${missed === 1 ? 'is' : 'are'} now shown.`;
    this.note = { text, until: Date.now() + 15_000 };
    this.renderConnection(true);
  }

  // -------------------------------------------------------------------------------------------
  // The timeline

  private upsert(item: TimelineItem, event: LiveEvent): void {
    const kind = KIND_OF[item.__typename];
    const correction: Correction | null = isCorrection(event.kind)
      ? { eventId: event.id, kind: event.kind, reason: event.reason, recordedAt: event.recordedAt }
      : null;
    const existing = this.byItem.get(item.id);
    if (existing) {
      const newCorrection = correction !== null && !existing.corrections.some((c) => c.eventId === correction.eventId);
      if (newCorrection) existing.corrections.push(correction);
      const changed = !isOlder(item, existing.item) && JSON.stringify(item) !== JSON.stringify(existing.item);
      if (!changed && !newCorrection) return;
      if (changed) {
        const moved = item.date.start !== existing.item.date.start;
        existing.item = item;
        if (moved) {
          this.entries.splice(this.entries.indexOf(existing), 1);
          this.insert(existing);
        }
      }
      existing.fresh = { as: 'updated', recordedAt: event.recordedAt };
      existing.dirty = true;
      this.unseen.add(existing);
    } else {
      const entry: Entry = {
        item,
        kind,
        corrections: correction ? [correction] : [],
        fresh: { as: 'new', recordedAt: event.recordedAt },
        dirty: true,
      };
      this.insert(entry);
      this.refreshCountsSoon();
      if (this.byItem.get(item.id) === entry) this.unseen.add(entry);
      // Announced one by one when live; after a reconnection the connection status sums them up.
      if (!this.catchUp) byId('timeline-status').textContent = `New ${KIND_LABEL[kind].toLowerCase()} on the timeline: ${labelOf(item)}`;
    }
    this.renderTimeline();
    this.renderUnseen();
  }

  /** Puts an entry in its place; one older than every loaded entry waits for "Show older". */
  private insert(entry: Entry): void {
    const at = this.entries.findIndex((e) => order(e, entry) >= 0);
    if (at === -1 && this.hasMore) return;
    this.entries.splice(at === -1 ? this.entries.length : at, 0, entry);
    this.byItem.set(entry.item.id, entry);
  }

  private addTimelinePage(page: TimelinePage): void {
    const node = page.node;
    if (!node) return;
    this.counts = countsOf(node);
    const corrected: string[] = [];
    for (const { kind, item } of node.timeline.nodes) {
      if (this.byItem.has(item.id)) continue; // already here, as recent as any page
      const entry: Entry = { item, kind, corrections: [], dirty: true };
      this.entries.push(entry);
      this.byItem.set(item.id, entry);
      if ('revision' in item && item.revision > 1) corrected.push(item.id);
    }
    // Incidents of a drawn area may have come before their page: each page is put in order around them.
    this.entries.sort(order);
    this.hasMore = node.timeline.pageInfo.hasNextPage;
    this.endCursor = node.timeline.pageInfo.endCursor;
    this.renderTimeline();
    if (corrected.length) void this.loadCorrections(corrected);
  }

  /** The amendments and retractions of corrected entries, with their reasons, from their history. */
  private async loadCorrections(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 20) {
      const chunk = ids.slice(i, i + 20);
      try {
        const result = await request<{
          nodes: ({ id: string; history: { id: string; kind: string; reason: string | null; recordedAt: string }[] } | null)[];
        }>(HISTORIES, { ids: chunk });
        for (const node of result.nodes) {
          const entry = node && this.byItem.get(node.id);
          if (!node || !entry || !node.history) continue;
          for (const e of node.history) {
            if (!isCorrection(e.kind) || entry.corrections.some((c) => c.eventId === e.id)) continue;
            entry.corrections.push({ eventId: e.id, kind: e.kind, reason: e.reason, recordedAt: e.recordedAt });
          }
          entry.corrections.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
          entry.dirty = true;
        }
        this.renderTimeline();
      } catch {
        // The entries still say they were corrected; their GraphiQL link shows the history.
      }
    }
  }

  private async loadOlder(): Promise<void> {
    if (!this.conflict || !this.hasMore) return;
    const button = byId<HTMLButtonElement>('load-older');
    button.disabled = true;
    button.textContent = 'Loading older entries…';
    const before = this.entries.length;
    try {
      this.addTimelinePage(await request<TimelinePage>(TIMELINE, { id: this.conflict.id, after: this.endCursor, first: pageSize() }));
      byId('timeline-status').textContent = `${this.entries.length - before} older entries loaded.`;
    } catch (error) {
      byId('timeline-status').textContent = `Older entries could not load: ${(error as Error).message}`;
    } finally {
      button.disabled = false;
      button.textContent = 'Show older entries';
    }
  }

  private changeFilter(): void {
    const kinds = new Set<TimelineKind>();
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
      if (input.checked) kinds.add(input.value as TimelineKind);
    }
    this.setFilter(kinds);
  }

  private setFilter(kinds: Set<TimelineKind>): void {
    this.shown = kinds;
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
      input.checked = kinds.has(input.value as TimelineKind);
    }
    const params = new URLSearchParams(location.search);
    if (kinds.size === KINDS.length) params.delete('kinds');
    else params.set('kinds', [...kinds].join(','));
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    this.renderTimeline();
  }

  private renderTimeline(): void {
    const list = byId<HTMLOListElement>('timeline');
    for (const entry of this.entries) {
      if (!entry.dirty && entry.element) continue;
      const element = timelineEntry(entry, this.panelTalkId);
      const old = entry.element;
      if (old?.parentNode) {
        const active = document.activeElement;
        const focusInside = active instanceof HTMLElement && old.contains(active);
        const selector = focusInside
          ? active.matches('.graphiql-link')
            ? '.graphiql-link'
            : active.tagName === 'SUMMARY'
              ? 'summary'
              : active.tagName === 'H3'
                ? 'h3'
                : null
          : null;
        const open = old.querySelector('details')?.open;
        if (open) element.querySelector('details')?.setAttribute('open', '');
        old.replaceWith(element);
        if (selector) element.querySelector<HTMLElement>(selector)?.focus();
      }
      if (old) this.seen.unobserve(old.querySelector('h3')!);
      if (this.unseen.has(entry)) this.seen.observe(element.querySelector('h3')!);
      entry.element = element;
      entry.dirty = false;
    }
    // Put elements in order, moving only those out of place (a new entry is a single insertion).
    let ref = list.firstElementChild;
    for (const entry of this.entries) {
      const element = entry.element!;
      if (element === ref) ref = ref.nextElementSibling;
      else list.insertBefore(element, ref);
    }
    let visible = 0;
    for (const entry of this.entries) {
      const show = this.shown.has(entry.kind) && (!this.area || this.inArea?.ids.has(entry.item.id) === true);
      entry.element!.hidden = !show;
      if (show) visible++;
    }
    for (const kind of KINDS) byId(`count-${kind}`).textContent = String(this.counts[kind]);
    const empty = byId('timeline-empty');
    empty.hidden = visible > 0;
    fill(
      empty,
      this.shown.size === 0
        ? 'Choose at least one kind of entry to show.'
        : this.entries.length
          ? 'Nothing of these kinds is loaded yet.'
          : 'Nothing is recorded on this timeline yet.',
    );
    const older = byId<HTMLButtonElement>('load-older');
    older.hidden = !this.hasMore;
    const total = this.area ? (this.inArea?.total ?? 0) : KINDS.reduce((n, k) => n + this.counts[k], 0);
    byId('timeline-count').textContent = `${visible} shown of ${total} ${this.area ? 'incidents in the area' : 'entries'}, newest first`;
  }

  /** New entries change the counts; a count query after a burst keeps them exact. */
  private refreshCountsSoon(): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(async () => {
      if (!this.conflict) return;
      try {
        const result = await request<{ node: Counts | null }>(COUNTS, { id: this.conflict.id });
        if (result.node) {
          this.counts = countsOf(result.node);
          this.renderTimeline();
        }
      } catch {
        // The counts catch up with the next refresh.
      }
    }, 300);
  }

  // -------------------------------------------------------------------------------------------
  // The conflict, its figures and its talks

  private refreshOverviewSoon(): void {
    clearTimeout(this.overviewTimer);
    this.overviewTimer = setTimeout(async () => {
      if (!this.conflict) return;
      try {
        const result = await request<{ node: ConflictOverview | null }>(OVERVIEW, { id: this.conflict.id, today: today() });
        if (result.node) this.renderOverview(result.node);
      } catch {
        // Shown as it was; the next change refreshes it again.
      }
    }, 250);
  }

  private renderConflictList(conflicts: ConflictRef[], current: ConflictRef | undefined): void {
    const nav = byId('conflicts');
    if (conflicts.length < 2) {
      nav.hidden = true;
      return;
    }
    fill(
      nav,
      h('h2', { class: 'visually-hidden' }, 'Conflicts'),
      h(
        'ul',
        null,
        conflicts.map((c) =>
          h(
            'li',
            null,
            h('a', { href: `/?conflict=${encodeURIComponent(c.slug)}`, 'aria-current': c.id === current?.id ? 'page' : null }, c.name),
          ),
        ),
      ),
    );
    nav.hidden = false;
  }

  private renderOverview(conflict: ConflictOverview): void {
    document.title = `${conflict.name} · Parley live`;
    this.baseTitle = document.title;
    byId('conflict-name').textContent = conflict.name;
    fill(byId('conflict-meta'), conflictMeta(conflict.began));
    const description = byId('conflict-description');
    description.textContent = conflict.description ?? '';
    description.hidden = !conflict.description;

    const figures = byId('figures');
    fill(figures, conflict.figures.nodes.map(figureCard));
    byId('figures-empty').hidden = conflict.figures.nodes.length > 0;

    const [talk, which] = pickTalk(conflict);
    if (talk?.id !== this.panelTalkId) {
      for (const id of [talk?.id, this.panelTalkId]) {
        const entry = id ? this.byItem.get(id) : undefined;
        if (entry) entry.dirty = true;
      }
      this.panelTalkId = talk?.id;
      this.renderTimeline();
    }
    const panel = byId('talk');
    if (talk) {
      byId('talk-heading').textContent = talkHeading(which);
      // Folded on a narrow page, where the list is a screen long; a refresh keeps the reader's choice.
      const open = panel.querySelector('details')?.open ?? !NARROW.matches;
      fill(panel, talkPanel(talk, { delegationsOpen: open }));
    } else {
      byId('talk-heading').textContent = 'Talks';
      fill(panel, h('p', { class: 'muted' }, 'No round of talks is recorded yet.'));
    }
  }

  // -------------------------------------------------------------------------------------------
  // The map, the trend chart and the area drawn on the map

  /** An incident recorded, corrected or retracted: on the map, in the chart's counts, in or out of the area. */
  private incidentChanged(incident: Incident): void {
    this.map.upsert(incident);
    this.trend.incidentChanged();
    if (this.area) {
      clearTimeout(this.areaTimer);
      this.areaTimer = setTimeout(() => void this.loadArea(), 250);
    }
  }

  /** Filters the timeline to the incidents in a box (undefined: shows everything again), through the API's `area`. */
  private setArea(area: BoundingBox | undefined): void {
    this.area = area;
    this.inArea = undefined;
    this.map.showArea(area);
    const params = new URLSearchParams(location.search);
    if (area) params.set('area', areaToParam(area));
    else params.delete('area');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    const chip = byId('area-filter');
    chip.hidden = !area;
    byId('area-filter-label').textContent = area ? `Incidents in ${formatArea(area)}` : '';
    this.renderTimeline();
    if (area) void this.loadArea();
  }

  private async loadArea(): Promise<void> {
    const area = this.area;
    if (!this.conflict || !area) return;
    try {
      const result = await request<{ node: { incidents: { totalCount: number; nodes: Incident[] } } | null }>(AREA_INCIDENTS, {
        id: this.conflict.id,
        bbox: area,
        first: AREA_INCIDENTS_SHOWN,
      });
      if (this.area !== area || !result.node) return;
      const { nodes, totalCount } = result.node.incidents;
      const corrected: string[] = [];
      for (const item of nodes) {
        if (this.byItem.has(item.id)) continue;
        const entry: Entry = { item, kind: 'INCIDENT', corrections: [], dirty: true };
        this.entries.push(entry);
        this.byItem.set(item.id, entry);
        if (item.revision > 1) corrected.push(item.id);
      }
      this.entries.sort(order);
      this.inArea = { ids: new Set(nodes.map((n) => n.id)), total: totalCount };
      const more = totalCount > nodes.length ? ` (the newest ${nodes.length} shown)` : '';
      byId('area-filter-label').textContent = `${totalCount} incident${totalCount === 1 ? '' : 's'} in ${formatArea(area)}${more}`;
      byId('timeline-status').textContent = `The timeline shows the ${totalCount} incidents in the selected area.`;
      this.renderTimeline();
      if (corrected.length) void this.loadCorrections(corrected);
    } catch (error) {
      if (this.area === area) byId('area-filter-label').textContent = `The area could not be searched: ${(error as Error).message}`;
    }
  }

  // -------------------------------------------------------------------------------------------
  // The updates list

  /** A link to an entry (from the updates list or a search result): shows it, loading older pages if need be. */
  private showInTimeline(event: MouseEvent): void {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-item]');
    if (!link) return;
    event.preventDefault();
    void this.reveal(link.dataset.item!);
  }

  /** Brings an entry into view, even when the filters hide its kind, and moves focus to it. */
  private async reveal(itemId: string): Promise<void> {
    for (let pages = 0; !this.byItem.has(itemId) && this.hasMore && pages < PAGES_TO_REVEAL; pages++) await this.loadOlder();
    const entry = this.byItem.get(itemId);
    if (!entry?.element) {
      byId('timeline-status').textContent = 'That entry is further back in the timeline: “Show older entries” loads it.';
      return;
    }
    if (!this.shown.has(entry.kind)) this.setFilter(new Set(KINDS));
    if (this.area && !this.inArea?.ids.has(itemId)) this.setArea(undefined);
    history.replaceState(null, '', `${location.pathname}${location.search}#${entryId(entry.item)}`);
    entry.element.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
    entry.element.scrollIntoView({ block: 'start', behavior: REDUCED_MOTION.matches ? 'auto' : 'smooth' });
  }

  // -------------------------------------------------------------------------------------------
  // "N new": what arrived live where the reader is not looking, one action away

  private markSeen(observed: IntersectionObserverEntry[]): void {
    for (const { isIntersecting, target } of observed) {
      if (!isIntersecting) continue;
      this.seen.unobserve(target);
      const entry = this.byItem.get(target.closest<HTMLElement>('li')?.dataset.id ?? '');
      if (entry) this.unseen.delete(entry);
    }
    this.renderUnseen();
  }

  private renderUnseen(): void {
    const button = byId<HTMLButtonElement>('new-entries');
    const count = this.unseen.size;
    button.hidden = count === 0;
    if (!count) return;
    const updated = [...this.unseen].filter((e) => e.fresh?.as === 'updated').length;
    const what = updated === 0 ? 'new' : updated === count ? 'updated' : 'new or updated';
    button.textContent = `${count} ${what} ${count === 1 ? 'entry' : 'entries'}`;
  }

  /** The newest of the unseen entries, in view and focused; the others are next to it or marked as such. */
  private showUnseen(): void {
    const first = this.entries.find((e) => this.unseen.has(e));
    this.unseen.clear();
    this.seen.disconnect();
    this.renderUnseen();
    if (first) void this.reveal(first.item.id);
  }

  private toggleUpdates(): void {
    byId('updates').classList.toggle('is-expanded');
    this.renderUpdatesMore();
  }

  private renderUpdatesMore(): void {
    const list = byId('updates');
    const button = byId<HTMLButtonElement>('updates-more');
    const expanded = list.classList.contains('is-expanded');
    button.hidden = list.children.length <= UPDATES_COLLAPSED;
    button.setAttribute('aria-expanded', String(expanded));
    button.textContent = expanded ? 'Show fewer updates' : `Show all ${list.children.length} updates`;
  }

  private renderRecent(events: LogEvent[]): void {
    const list = byId('updates');
    fill(list);
    for (const event of [...events].reverse()) {
      this.seenEvents.add(event.id);
      list.append(updateItem(event, { missed: false, live: false, inTimeline: this.byItem.has(event.subject.id) }));
    }
    this.lastEventId = events.at(-1)?.id ?? null;
    byId('updates-empty').hidden = events.length > 0;
    this.renderUpdatesMore();
  }

  private prependUpdate(event: LiveEvent, missed: boolean): void {
    const list = byId('updates');
    list.prepend(updateItem(event, { missed, live: true, inTimeline: this.byItem.has(event.subject.id) }));
    while (list.children.length > MAX_UPDATES_SHOWN) list.lastElementChild?.remove();
    byId('updates-empty').hidden = true;
    this.renderUpdatesMore();
  }
}

function pageSize(): number {
  return PHONE.matches ? TIMELINE_PAGE_SIZE.phone : TIMELINE_PAGE_SIZE.wide;
}

/** The round in progress, else the next one, else the latest recorded. */
function pickTalk(conflict: ConflictOverview): [Talk | undefined, 'current' | 'next' | 'latest'] {
  const current = conflict.current.nodes[0];
  if (current) return [current, 'current'];
  const next = conflict.next.nodes[0];
  if (next) return [next, 'next'];
  return [conflict.latest.nodes[0], 'latest'];
}

void new TimelinePageApp().start();
