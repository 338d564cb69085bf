import { builder } from './builder.js';
import { DatePrecisionEnum } from './vocabulary.js';
import { earliestDay, precisionOf, type StoredDate } from '../domain/dated.js';

export const PartialDateRef = builder.objectRef<StoredDate>('PartialDate').implement({
  description:
    'A date as precise as its source made it: `start` is the earliest day it can be, `end` the latest for a RANGE or a BEFORE, and `text` the words the source used ("Monday", "over the weekend", "has insisted").',
  fields: (t) => ({
    start: t.field({
      type: 'Date',
      nullable: true,
      description:
        'The earliest day it can be. For MONTH or YEAR precision, the first day of it; null for a BEFORE, whose earliest day is not known.',
      resolve: (d) => earliestDay(d.dateStart),
    }),
    end: t.field({
      type: 'Date',
      nullable: true,
      description: 'The latest day it can be, for a RANGE or a BEFORE.',
      resolve: (d) => d.dateEnd,
    }),
    precision: t.field({ type: DatePrecisionEnum, description: 'How precise the date is.', resolve: precisionOf }),
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
