/** How values from the API read on the page: dates as precise as their source, numbers, enum labels. */
import type { Attribution, PartialDate } from './types.js';

const LOCALE = 'en-GB';

const day = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const year = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', timeZone: 'UTC' });
const instant = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const clock = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A calendar date (YYYY-MM-DD) as UTC midnight, so no time zone moves it to another day. */
export function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** A partial date as precisely as it is known: "1 Jun 2025", "May 2025", "2025", "1–3 Jun 2025". */
export function formatPartialDate(date: PartialDate, long = false): string {
  // Only a BEFORE has no start; the API gives every other precision one.
  if (date.precision === 'BEFORE' || !date.start) return date.end ? `by ${day.format(utc(date.end))}` : 'date not known';
  switch (date.precision) {
    case 'YEAR':
      return year.format(utc(date.start));
    case 'MONTH':
      return month.format(utc(date.start));
    case 'RANGE':
      return date.end && date.end !== date.start
        ? day.formatRange(utc(date.start), utc(date.end))
        : (long ? longDay : day).format(utc(date.start));
    default:
      return (long ? longDay : day).format(utc(date.start));
  }
}

/** Today in the reader's time zone, as a calendar date (YYYY-MM-DD). */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A calendar date `days` later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  const moved = utc(date);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** A month, e.g. "June 2025". */
export function formatMonth(date: string): string {
  return month.format(utc(date));
}

/** A calendar date, e.g. "2 Jun 2025". */
export function formatDay(date: string): string {
  return day.format(utc(date));
}

/** An instant in the reader's time zone: "2 Jun, 14:03". */
export function formatInstant(iso: string): string {
  return instant.format(new Date(iso));
}

/** A time of day with seconds: "14:03:12". */
export function formatClock(date: Date): string {
  return clock.format(date);
}

/** SCREAMING_SNAKE to words: AIR_DRONE_STRIKE → "Air drone strike". */
export function humanize(value: string): string {
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** ACLED's event types, in the order legends list them. */
export const EVENT_TYPES: Record<string, string> = {
  BATTLES: 'Battle',
  EXPLOSIONS_REMOTE_VIOLENCE: 'Explosion / remote violence',
  PROTESTS: 'Protest',
  RIOTS: 'Riot',
  STRATEGIC_DEVELOPMENTS: 'Strategic development',
  VIOLENCE_AGAINST_CIVILIANS: 'Violence against civilians',
};

const SUB_EVENT_TYPES: Record<string, string> = {
  AIR_DRONE_STRIKE: 'Air / drone strike',
};

export function incidentType(eventType: string, subEventType: string | null): string {
  const main = EVENT_TYPES[eventType] ?? humanize(eventType);
  if (!subEventType) return main;
  return `${main} · ${SUB_EVENT_TYPES[subEventType] ?? humanize(subEventType)}`;
}

const RELATIONS: Record<string, string> = {
  ACCORDING_TO: 'According to',
  REPORTED_BY: 'Reported by',
  OBTAINED_BY: 'Obtained by',
  TOLD_TO: 'Told to',
  ORDERED_BY: 'Ordered by',
};

export function relationLabel(relation: Attribution['relation']): string {
  return RELATIONS[relation] ?? humanize(relation);
}

const QUALIFIERS: Record<string, string> = {
  APPROXIMATELY: 'About',
  AT_LEAST: 'At least',
  EXACT: '',
  JUST_UNDER: 'Just under',
  LESS_THAN: 'Less than',
  MORE_THAN: 'More than',
};

export function qualifierLabel(qualifier: string): string {
  return QUALIFIERS[qualifier] ?? humanize(qualifier);
}

const compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });

/**
 * A reported number and its unit as they read best: "1.2 million" people, "113,100" km²; a share
 * ("share of Ukraine's territory", 0.2) reads as a percentage "20%" "of Ukraine's territory".
 */
export function formatFigure(value: number, unit: string): { number: string; unit: string } {
  const share = /^share of (.+)$/i.exec(unit);
  if (share && value >= 0 && value <= 1) return { number: percent.format(value), unit: `of ${share[1]}` };
  if (unit === '%' || unit === 'percent') return { number: `${plain.format(value)}%`, unit: '' };
  return { number: Math.abs(value) >= 1_000_000 ? compact.format(value) : plain.format(value), unit };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "3 seconds", "1 minute" … for the reconnect countdown. */
export function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s === 1 ? '1 second' : `${s} seconds`;
}
