/** Places facts happened at, for pickers: the desk's "Place" field suggests them as an editor types. */
import { builder } from './builder.js';
import { findPlaces, type Place } from '../domain/place.js';
import { DomainError } from '../domain/errors.js';

const MAX_PLACES = 50;

const PlaceRef = builder.objectRef<Place>('Place').implement({
  description: 'A place where incidents happened or talks were held, as they were recorded.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The place\'s name ("Kupiansk").' }),
    region: t.exposeString('region', { nullable: true, description: 'Its first administrative level ("Kharkiv"), when known.' }),
    country: t.exposeString('country', { nullable: true, description: 'Its country, when known.' }),
    latitude: t.exposeFloat('latitude', { nullable: true, description: 'Latitude in decimal degrees, as last recorded.' }),
    longitude: t.exposeFloat('longitude', { nullable: true, description: 'Longitude in decimal degrees, as last recorded.' }),
    uses: t.exposeInt('uses', { description: 'How many incidents and talks were recorded there.' }),
  }),
});

builder.queryField('places', (t) =>
  t.field({
    type: [PlaceRef],
    description: 'Places whose name contains the text given (case and accents aside): those starting with it first, then the most used.',
    args: {
      name: t.arg.string({ required: true, description: "Part of a place's name." }),
      first: t.arg.int({ required: false, defaultValue: 10, description: `How many to return, at most ${MAX_PLACES}.` }),
    },
    resolve: (_root, args, ctx) => {
      const first = args.first ?? 10;
      if (first < 0 || first > MAX_PLACES) throw new DomainError('BAD_USER_INPUT', `\`first\` must be between 0 and ${MAX_PLACES}.`);
      return findPlaces(ctx.db, args.name, first);
    },
  }),
);
