/** The schema entry: it only imports the type modules (each registers its own fields), builds, and checks the subscriptions. */
import { builder } from './builder.js';
import { requireLiveFields } from './live.js';
import './vocabulary.js';
import './partial-date.js';
import './errors.js';
import './inputs.js';
// First among the types: talk.ts names DelegationRef and ParticipationRef at its top level, so it
// must be entered before delegation.ts and participation.ts, which import it back.
import './talk.js';
import './source.js';
import './actor.js';
import './person.js';
import './participation.js';
import './delegation.js';
import './incident.js';
import './figure.js';
import './topic.js';
import './proposal.js';
import './statement.js';
import './conflict.js';
import './event.js';
import './search.js';
import './place.js';
import './viewer.js';
import './history.js';
import './as-of.js';

export const schema = requireLiveFields(builder.toSchema());
