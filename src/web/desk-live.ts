/**
 * The desk's view of the live stream, as the public page shows it (the same subscription and the
 * same entries), so two editors see each other's entries at once. What this desk recorded says
 * "Recorded by you"; incidents and statements offer Amend and Retract.
 */
import { request } from './api.js';
import type { Desk } from './desk-context.js';
import { store, stored } from './desk-store.js';
import { h } from './dom.js';
import { LiveEvents, type ConnectionState } from './live.js';
import { RECENT } from './queries.js';
import { updateItem } from './render.js';
import type { LogEvent } from './types.js';

const RECENT_COUNT = 15;
const KEEP = 100;
const CORRECTABLE = new Set(['Incident', 'Statement']);

const STATE_LABEL: Record<ConnectionState['status'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: waiting for the network',
};

export class DeskStream {
  private live: LiveEvents | undefined;
  /** Event ids this desk's writes returned, kept for the tab so a reload still knows them. */
  private readonly own = new Set(stored<string[]>('own') ?? []);

  constructor(
    private readonly list: HTMLOListElement,
    private readonly state: HTMLElement,
    private readonly desk: Desk,
  ) {}

  /** Shows the conflict's latest entries, then follows the stream after `after` (the log's head when the desk loaded). */
  async start(conflictId: string, after: string | null): Promise<void> {
    this.stop();
    this.list.replaceChildren();
    const recent = await request<{ events: { nodes: LogEvent[] } }>(RECENT, { id: conflictId, last: RECENT_COUNT });
    for (const event of recent.events.nodes) this.show(event, false);
    this.live = new LiveEvents({
      conflictId,
      after,
      onEvent: (event) => this.show(event, true),
      onState: (state) => {
        this.state.dataset.state = state.status;
        this.state.textContent = STATE_LABEL[state.status];
      },
      onResumed: () => undefined,
      onLost: () => location.reload(),
    });
  }

  stop(): void {
    this.live?.stop();
    this.live = undefined;
  }

  /** Called with each event id a write of this desk returned; the event may already be shown. */
  mark(eventId: string): void {
    this.own.add(eventId);
    store('own', [...this.own].slice(-KEEP));
    const shown = this.list.querySelector<HTMLElement>(`[data-event="${CSS.escape(eventId)}"]`);
    if (shown) this.markShown(shown);
  }

  private show(event: LogEvent, live: boolean): void {
    if (this.list.querySelector(`[data-event="${CSS.escape(event.id)}"]`)) return;
    const item = updateItem(event, { missed: false, live, inTimeline: false });
    if (CORRECTABLE.has(event.subject.__typename)) {
      const subject = { __typename: event.subject.__typename, id: event.subject.id };
      item.append(
        h(
          'p',
          { class: 'update__actions' },
          h(
            'button',
            { type: 'button', class: 'button button--small', onClick: () => this.desk.correct(subject) },
            'Amend or retract',
            h('span', { class: 'visually-hidden' }, `: ${event.summary}`),
          ),
        ),
      );
    }
    if (this.own.has(event.id)) this.markShown(item);
    this.list.prepend(item);
    while (this.list.children.length > KEEP) this.list.lastElementChild!.remove();
  }

  private markShown(item: HTMLElement): void {
    if (item.querySelector('.badge--own')) return;
    item.classList.add('is-own');
    item.querySelector('.update__meta')?.append(h('span', { class: 'badge badge--own' }, 'Recorded by you'));
  }
}
