/** The fields every correctable fact (incidents, statements) shares: revision, retraction, history. */
import { builder, type FieldBuilder } from './builder.js';
import { groupBy } from './connection.js';
import { EventRef } from './event-ref.js';
import { eventsAbout, type EventRow } from '../domain/events.js';

interface Correctable {
  id: number;
  revision: number;
  retractedAt: Date | null;
  retractionReason: string | null;
}

const RetractionRef = builder.objectRef<Correctable>('Retraction').implement({
  description: 'That a fact was withdrawn, when, and why. A retracted fact stays readable.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'When it was retracted.', resolve: (f) => f.retractedAt! }),
    reason: t.string({ description: 'Why it was retracted.', resolve: (f) => f.retractionReason! }),
  }),
});

export function correctionFields<T extends Correctable>(t: FieldBuilder<T>, subjectType: 'INCIDENT' | 'STATEMENT') {
  return {
    revision: t.int({ description: 'How many versions it has had: 1 as first recorded, +1 per correction.', resolve: (f) => f.revision }),
    retraction: t.field({
      type: RetractionRef,
      nullable: true,
      description: 'Set when the fact was withdrawn; null while it stands.',
      resolve: (f) => (f.retractedAt ? f : null),
    }),
    history: t.loadableGroup({
      type: EventRef,
      description:
        "Every event about it, oldest first: recorded, amended, retracted, sources attached. Each event's `subject` is the fact as that event left it, and `reason` says why it changed.",
      load: (ids: number[], ctx) => Promise.resolve(eventsAbout(ctx.db, subjectType, ids)),
      group: groupBy<EventRow>((e) => e.subjectId),
      resolve: (f) => f.id,
    }),
  };
}
