import { builder } from './builder.js';
import { DatePrecisionEnum } from './vocabulary.js';
import type { DatePrecision } from '../domain/vocabulary.js';

interface DatedRow {
  dateStart: string;
  dateEnd: string | null;
  datePrecision: DatePrecision;
  dateText: string | null;
}

export const PartialDateRef = builder.objectRef<DatedRow>('PartialDate').implement({
  description:
    'A date as precise as its source made it: `start` is the earliest day it can be, `end` the latest for a RANGE, and `text` the words the source used ("Monday", "over the weekend").',
  fields: (t) => ({
    start: t.field({
      type: 'Date',
      description: 'The earliest day it can be. For MONTH or YEAR precision, the first day of it.',
      resolve: (d) => d.dateStart,
    }),
    end: t.field({ type: 'Date', nullable: true, description: 'The latest day it can be, for a RANGE.', resolve: (d) => d.dateEnd }),
    precision: t.field({ type: DatePrecisionEnum, description: 'How precise the date is.', resolve: (d) => d.datePrecision }),
    text: t.string({ nullable: true, description: 'How the source put it.', resolve: (d) => d.dateText }),
  }),
});

/** Date range arguments shared by every dated list. */
export const DateRangeInput = builder.inputType('DateRange', {
  description: 'Facts whose date starts within these bounds, both inclusive.',
  fields: (t) => ({
    from: t.field({ type: 'Date', required: false, description: 'Earliest start date, inclusive.' }),
    to: t.field({ type: 'Date', required: false, description: 'Latest start date, inclusive.' }),
  }),
});
