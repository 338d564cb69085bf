/**
 * The first dataset: the article in `seeds/000_573a4fccb884c982.txt` (the second round of
 * Russia–Ukraine talks in Istanbul, 2 June 2025), loaded fact by fact through the domain commands,
 * the same write path every mutation uses. Nothing here inserts a row directly.
 *
 * Every fact carries the article itself (REPORTED_BY) and, where the article names one, the source
 * it names: Reuters obtained Ukraine's roadmap, Ukraine's air force counted the drones, U.S.
 * estimates give the casualties, Russian media heard Medinsky, and Zelensky's executive order named
 * Kyiv's delegation. Dates keep the article's precision: where it says only "has warned" or
 * "previously", the date is the year, with the article's own words kept beside it.
 */
import type { WriteScope } from '../../domain/events.js';
import { recordActor, type Actor } from '../../domain/actor.js';
import { recordConflict } from '../../domain/conflict.js';
import { recordFigure } from '../../domain/figure.js';
import { recordIncident } from '../../domain/incident.js';
import { recordPerson } from '../../domain/person.js';
import { submitProposal } from '../../domain/proposal.js';
import { registerSource, type Source } from '../../domain/source.js';
import { recordStatement } from '../../domain/statement.js';
import { delegationsOf, scheduleTalk } from '../../domain/talk.js';
import { defineTopic, recordPosition } from '../../domain/topic.js';
import type { AttributionInput, PartialDateInput } from '../../domain/validation.js';
import type { AttributionRelation } from '../../domain/vocabulary.js';

export const ARTICLE_CONFLICT_SLUG = 'russia-ukraine-war';

/** The day of the second round, the day the article was written. */
const ROUND_2_DAY = '2025-06-02';

/** A source the article names, and how it stands behind a fact. */
type Named = [source: Source, relation: AttributionRelation, note?: string];

export function seedArticle(scope: WriteScope): { conflictId: number } {
  // ── Sources (1/2): the article, which every fact below carries ────────────────────────────
  const article = registerSource(scope, {
    name: 'Article: Second round of Russia–Ukraine talks in Istanbul (2 June 2025)',
    kind: 'ARTICLE',
    description:
      'News article written on the morning of the second round of direct Russia–Ukraine peace talks ' +
      'in Istanbul (Monday, 2 June 2025). The dataset Parley was first loaded with.',
  });

  /** The sources of a fact: the sources the article names for it, then the article itself. */
  const cite = (...named: Named[]): AttributionInput[] => [
    ...named.map(([source, relation, note]) => ({ sourceId: source.id, relation, note: note ?? null })),
    { sourceId: article.id, relation: 'REPORTED_BY' },
  ];
  const fromArticle = cite();

  // ── Conflict ───────────────────────────────────────────────────────────────────────────────
  const conflict = recordConflict(scope, {
    slug: ARTICLE_CONFLICT_SLUG,
    name: 'Russia–Ukraine war',
    description:
      'The war between Russia and Ukraine, which began in 2022. By the second round of direct peace ' +
      'talks in Istanbul (2 June 2025) it had lasted over three years and, according to U.S. estimates, ' +
      'caused more than 1.2 million casualties.',
    began: { start: '2022-01-01', precision: 'YEAR', text: 'the war began in 2022' },
    sources: fromArticle,
  });
  const conflictId = conflict.id;

  // ── Actors ─────────────────────────────────────────────────────────────────────────────────
  const actor = (input: Parameters<typeof recordActor>[1]): Actor =>
    recordActor(scope, { ...input, sources: fromArticle });
  const russia = actor({
    name: 'Russia',
    kind: 'STATE',
    countryCode: 'RU',
    description: 'One of the two warring parties; the article also calls it "Moscow".',
  });
  const ukraine = actor({
    name: 'Ukraine',
    kind: 'STATE',
    countryCode: 'UA',
    description: 'One of the two warring parties; the article also calls it "Kyiv".',
  });
  const turkey = actor({ name: 'Turkey', kind: 'STATE', countryCode: 'TR', description: 'Host of the Istanbul talks.' });
  const unitedStates = actor({
    name: 'United States',
    kind: 'STATE',
    countryCode: 'US',
    description: 'The article also calls it "Washington".',
  });
  const unitedKingdom = actor({
    name: 'United Kingdom',
    kind: 'STATE',
    countryCode: 'GB',
    description: 'The article calls it "Britain".',
  });
  const france = actor({ name: 'France', kind: 'STATE', countryCode: 'FR' });
  const germany = actor({ name: 'Germany', kind: 'STATE', countryCode: 'DE' });
  const kremlin = actor({
    name: 'the Kremlin',
    kind: 'GOVERNMENT_BODY',
    parentId: russia.id,
    description: "The seat of Russia's presidency and its administration.",
  });
  const whiteHouse = actor({
    name: 'White House',
    kind: 'GOVERNMENT_BODY',
    parentId: unitedStates.id,
    description: 'The U.S. presidency and its officials.',
  });
  const ukrainianAirForce = actor({
    name: 'Ukrainian Air Force',
    kind: 'ARMED_FORCE',
    parentId: ukraine.id,
    description: "Ukraine's air force, which reports the drones Russia launches at Ukraine.",
  });
  const reuters = actor({ name: 'Reuters', kind: 'MEDIA_OUTLET', description: 'International news agency.' });
  actor({
    name: 'NATO',
    kind: 'ORGANIZATION',
    description: 'The North Atlantic Treaty Organization, whose membership Ukraine seeks and Russia demands it abandon.',
  });

  // ── Sources (2/2): those the article names ─────────────────────────────────────────────────
  const reutersSource = registerSource(scope, {
    name: 'Reuters',
    kind: 'NEWS_AGENCY',
    actorId: reuters.id,
    description: "Obtained a copy of Ukraine's proposed roadmap for peace.",
  });
  const airForceSource = registerSource(scope, {
    name: "Ukraine's air force",
    kind: 'MILITARY',
    actorId: ukrainianAirForce.id,
    description: 'Counted the drones Russia launched against Ukraine.',
  });
  const usEstimates = registerSource(scope, {
    name: 'U.S. estimates',
    kind: 'ESTIMATE',
    actorId: unitedStates.id,
    description: 'United States estimates of the casualties of the war.',
  });
  const russianMedia = registerSource(scope, {
    name: 'Russian media',
    kind: 'MEDIA',
    description: 'Russian media to which Vladimir Medinsky spoke.',
  });
  const executiveOrder = registerSource(scope, {
    name: 'Presidential executive order (Zelensky)',
    kind: 'OFFICIAL_DOCUMENT',
    actorId: ukraine.id,
    description: "Executive order issued by President Volodymyr Zelensky naming Kyiv's delegation to the Istanbul talks.",
  });

  // ── People ─────────────────────────────────────────────────────────────────────────────────
  const person = (name: string, title: string, actorId: number, extra: { aliases?: string[]; description?: string } = {}) =>
    recordPerson(scope, {
      name,
      aliases: extra.aliases ?? [],
      description: extra.description ?? null,
      titles: [{ title, actorId, sources: fromArticle }],
      sources: fromArticle,
    });
  const zelensky = person('Volodymyr Zelensky', 'President of Ukraine', ukraine.id, { aliases: ['Zelenskiy'] });
  const putin = person('Vladimir Putin', 'President of Russia', russia.id);
  const trump = person('Donald Trump', 'President of the United States', unitedStates.id);
  const umerov = person('Rustem Umerov', 'Defence Minister of Ukraine', ukraine.id, {
    description: "Leads Kyiv's delegation at the second round of talks in Istanbul.",
  });
  const medinsky = person('Vladimir Medinsky', 'Kremlin aide', kremlin.id, {
    description: "Heads Russia's team at the second round of talks in Istanbul.",
  });
  const kellogg = person('Keith Kellogg', 'U.S. envoy', unitedStates.id, { description: "Trump's envoy." });

  // ── Talks ──────────────────────────────────────────────────────────────────────────────────
  scheduleTalk(scope, {
    conflictId,
    title: 'First round of direct Russia–Ukraine talks',
    round: 1,
    status: 'CONCLUDED',
    date: { start: '2025-05-16', precision: 'DAY', text: 'May 16' },
    description:
      'A tentative first round of direct peace talks. It led to the largest prisoner swap of the war ' +
      'but failed to produce any movement toward a ceasefire or lasting peace.',
    outcomes: [
      { description: 'The largest prisoner swap of the war', achieved: true, sources: fromArticle },
      { description: 'No movement toward a ceasefire or lasting peace', achieved: false, sources: fromArticle },
    ],
    sources: fromArticle,
  });

  const byExecutiveOrder = cite([executiveOrder, 'ORDERED_BY']);
  const round2 = scheduleTalk(scope, {
    conflictId,
    title: 'Second round of direct Russia–Ukraine talks',
    round: 2,
    venueCity: 'Istanbul',
    venueCountry: 'Turkey',
    hostActorId: turkey.id,
    status: 'SCHEDULED',
    date: { start: ROUND_2_DAY, precision: 'DAY', text: 'Monday' },
    description:
      'Russian and Ukrainian officials meet in Istanbul for the second round of direct peace negotiations ' +
      'since the war began in 2022, a renewed diplomatic engagement hosted by Turkey. Prospects for a ' +
      'breakthrough remain dim: both sides continue to clash on the battlefield and diverge sharply on key ' +
      'issues, and Moscow and Kyiv remain far apart on the terms of ending the conflict despite mounting ' +
      'international pressure. The talks come after a weekend of intensified combat and amid increasing ' +
      'pressure from Washington. The broader geopolitical community, including European powers, views the ' +
      'Istanbul negotiations as a critical, albeit uncertain, opportunity to de-escalate the war.',
    delegations: [
      {
        actorId: ukraine.id,
        role: 'PARTY',
        attendance: 'CONFIRMED',
        description: "Kyiv's delegation, named in an executive order issued by President Volodymyr Zelensky.",
        participants: [
          { personId: umerov.id, role: 'HEAD', description: 'Defence Minister; leads the delegation', sources: byExecutiveOrder },
          { role: 'MEMBER', description: 'a deputy foreign minister (unnamed)', sources: byExecutiveOrder },
          { role: 'MEMBER', description: 'several military officials (unnamed)', sources: byExecutiveOrder },
          { role: 'MEMBER', description: 'several intelligence officials (unnamed)', sources: byExecutiveOrder },
        ],
        sources: byExecutiveOrder,
      },
      {
        actorId: russia.id,
        role: 'PARTY',
        attendance: 'CONFIRMED',
        description: "Russia's team.",
        participants: [
          { personId: medinsky.id, role: 'HEAD', description: 'Kremlin aide; heads the team', sources: fromArticle },
        ],
        sources: fromArticle,
      },
      {
        actorId: turkey.id,
        role: 'HOST',
        attendance: 'CONFIRMED',
        description: 'Turkey hosts the renewed diplomatic engagement in Istanbul.',
        sources: fromArticle,
      },
      ...[unitedKingdom, france, germany].map((european) => ({
        actorId: european.id,
        role: 'PARTICIPANT' as const,
        attendance: 'EXPECTED' as const,
        description: 'Representatives from Britain, France, and Germany will also participate.',
        sources: fromArticle,
      })),
      {
        actorId: unitedStates.id,
        role: 'PARTICIPANT',
        attendance: 'UNCLEAR',
        description: 'The level of U.S. involvement remains unclear.',
        sources: fromArticle,
      },
    ],
    sources: fromArticle,
  });
  const ukrainianDelegation = delegationsOf(scope.tx, [round2.id]).find((d) => d.actorId === ukraine.id)!;

  // ── Incidents ──────────────────────────────────────────────────────────────────────────────
  const bomberStrike = recordIncident(scope, {
    conflictId,
    eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
    subEventType: null, // the article does not say by what means
    title: 'Ukrainian attack on Russian nuclear-capable long-range bombers in Siberia',
    description:
      'Ukraine launched a bold attack targeting Russian nuclear-capable long-range bombers in Siberia and ' +
      'other strategic military sites, in a weekend of intensified combat before the second round of talks.',
    location: { name: 'Siberia', region: 'Siberia', country: 'Russia' },
    date: { start: '2025-06-01', precision: 'DAY', text: 'Sunday' },
    actors: [
      { actorId: ukraine.id, side: 'INITIATOR' },
      { actorId: russia.id, side: 'TARGET' },
    ],
    talkId: round2.id,
    sources: fromArticle,
  });

  const droneNight: PartialDateInput = {
    start: '2025-06-01',
    end: '2025-06-02',
    precision: 'RANGE',
    text: "in a single night, in retaliation for Sunday's attack",
  };
  const byAirForce = cite([airForceSource, 'ACCORDING_TO']);
  recordIncident(scope, {
    conflictId,
    eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
    subEventType: 'AIR_DRONE_STRIKE',
    title: 'Record 472-drone attack on Ukraine',
    description:
      'In retaliation for the attack on its bombers, the Kremlin deployed a record 472 drones against ' +
      'Ukraine in a single night, the highest tally so far in the war, according to Ukraine’s air force.',
    location: { country: 'Ukraine' },
    date: droneNight,
    actors: [
      { actorId: russia.id, side: 'INITIATOR' },
      { actorId: ukraine.id, side: 'TARGET' },
    ],
    respondedToId: bomberStrike.id,
    talkId: round2.id,
    figures: [
      {
        metric: 'drones launched',
        value: 472,
        unit: 'drones',
        qualifier: 'EXACT',
        about: 'Drones Russia launched against Ukraine in a single night; the highest tally so far in the war',
        actorId: russia.id,
        asOf: droneNight,
        sources: byAirForce,
      },
    ],
    sources: byAirForce,
  });

  // ── Topics ─────────────────────────────────────────────────────────────────────────────────
  const topic = (slug: string, name: string, description: string) =>
    defineTopic(scope, { conflictId, slug, name, description, sources: fromArticle });
  const natoMembership = topic('nato-membership', 'NATO membership', "Ukraine's ambition to join NATO.");
  const territory = topic(
    'territory',
    'Territory',
    'Sovereignty over and control of the Ukrainian territories Russia occupies, and where negotiations over them start.',
  );
  const reparations = topic('reparations', 'Reparations', 'Reparations to Ukraine for the war.');
  const militaryRestrictions = topic(
    'military-restrictions',
    'Military restrictions',
    "Limits on Ukraine's military strength after the war.",
  );
  topic('ceasefire', 'Ceasefire', 'A ceasefire or lasting peace; the first round produced no movement toward one.');
  topic('prisoners', 'Prisoners', 'Prisoner exchanges; the first round led to the largest prisoner swap of the war.');
  const sanctions = topic('sanctions', 'Sanctions', 'Sanctions on Russia.');

  // ── Positions ──────────────────────────────────────────────────────────────────────────────
  /** Each actor's stance as the article reports it on the day of the second round. */
  const asOfRound2: PartialDateInput = { start: ROUND_2_DAY, precision: 'DAY', text: 'ahead of the second round' };
  const fromRoadmap = cite([reutersSource, 'OBTAINED_BY', "Ukraine's proposed roadmap for peace, a copy of which Reuters obtained"]);
  const position = (topicId: number, actorId: number, stance: string, sources: AttributionInput[] = fromArticle) =>
    recordPosition(scope, { topicId, actorId, stance, date: asOfRound2, sources });
  position(
    natoMembership.id,
    russia.id,
    "Ukraine must abandon its NATO membership ambitions (Putin's insistence; Russia's baseline demand for a peace agreement).",
  );
  position(
    territory.id,
    russia.id,
    'Ukraine must withdraw troops from all parts of four Ukrainian regions claimed and largely controlled by Moscow ' +
      "(Putin's insistence; Russia's baseline demand for a peace agreement).",
  );
  position(
    territory.id,
    ukraine.id,
    'No recognition of Russian sovereignty over occupied territories; the current frontline is the starting point for territorial negotiations.',
    fromRoadmap,
  );
  position(reparations.id, ukraine.id, 'Demands reparations for Ukraine.', fromRoadmap);
  position(militaryRestrictions.id, ukraine.id, "No post-war restrictions on Ukraine's military strength.", fromRoadmap);
  position(
    sanctions.id,
    unitedStates.id,
    'Peace must be achieved; further delays could prompt additional sanctions on Russia (President Trump).',
  );

  // ── Proposals ──────────────────────────────────────────────────────────────────────────────
  const roadmap = submitProposal(scope, {
    conflictId,
    actorId: ukraine.id,
    talkId: round2.id,
    title: 'Roadmap for peace',
    status: 'RECEIVED',
    description:
      "Ukraine's own proposed roadmap for peace, a copy of which was obtained by Reuters. Medinsky told " +
      "Russian media that Moscow had received it and would respond on Monday.",
    date: { start: ROUND_2_DAY, precision: 'DAY', text: 'drafted before the second round' },
    provisions: [
      { text: 'Rejects any recognition of Russian sovereignty over occupied territories.', topicId: territory.id, sources: fromRoadmap },
      { text: 'Demands reparations for Ukraine.', topicId: reparations.id, sources: fromRoadmap },
      {
        text: 'The current frontline will serve as the starting point for territorial negotiations.',
        topicId: territory.id,
        sources: fromRoadmap,
      },
      { text: "No post-war restrictions on Ukraine's military strength.", topicId: militaryRestrictions.id, sources: fromRoadmap },
    ],
    sources: fromRoadmap,
  });
  const memorandum = submitProposal(scope, {
    conflictId,
    actorId: russia.id,
    talkId: round2.id,
    title: "Russia's memorandum",
    status: 'DRAFTING',
    description: 'The Kremlin has said it is still drafting its own memorandum; its provisions are not known.',
    date: { start: ROUND_2_DAY, precision: 'DAY', text: 'still drafting' },
    sources: fromArticle,
  });

  // ── Statements ─────────────────────────────────────────────────────────────────────────────
  /** "has warned", "previously": the article says only that it was said before, this year. */
  const earlier = (text: string): PartialDateInput => ({ start: '2025-01-01', precision: 'YEAR', text });
  /** Said after the first round (16 May) and by the second (2 June). */
  const aheadOfRound2: PartialDateInput = {
    start: '2025-05-16',
    end: ROUND_2_DAY,
    precision: 'RANGE',
    text: 'ahead of the second round',
  };
  const statement = (input: Omit<Parameters<typeof recordStatement>[1], 'conflictId'>) =>
    recordStatement(scope, { conflictId, sources: fromArticle, ...input });

  statement({
    speakerPersonId: trump.id,
    quote: 'walk away',
    paraphrase: 'Washington could walk away from supporting the war.',
    context: 'Mounting international pressure on Moscow and Kyiv, particularly from the U.S. president.',
    date: earlier('has warned'),
    about: [{ type: 'CONFLICT', id: conflictId }],
  });
  statement({
    speakerPersonId: trump.id,
    quote: 'crazy',
    paraphrase: 'Trump called Putin "crazy".',
    context: 'Trump has been vocally critical of both Putin and Zelenskiy.',
    date: earlier('vocally critical'),
    about: [{ type: 'PERSON', id: putin.id }],
  });
  statement({
    speakerPersonId: trump.id,
    paraphrase: 'Trump has been vocally critical of Zelenskiy.',
    context: 'Trump has been vocally critical of both Putin and Zelenskiy.',
    date: earlier('vocally critical'),
    about: [{ type: 'PERSON', id: zelensky.id }],
  });
  statement({
    speakerPersonId: trump.id,
    paraphrase: 'Peace must be achieved; further delays could prompt additional sanctions on Russia.',
    context: 'Increasing pressure from Washington as the talks resume.',
    date: earlier('has emphasized'),
    about: [
      { type: 'ACTOR', id: russia.id },
      { type: 'TOPIC', id: sanctions.id },
    ],
  });
  statement({
    speakerActorId: whiteHouse.id,
    paraphrase: 'The United States could withdraw support if both sides refuse to compromise.',
    context: "The White House's tone has hardened in recent weeks; its officials signalled this.",
    date: { start: '2025-05-01', end: ROUND_2_DAY, precision: 'RANGE', text: 'in recent weeks' },
    about: [
      { type: 'ACTOR', id: russia.id },
      { type: 'ACTOR', id: ukraine.id },
    ],
  });
  statement({
    speakerPersonId: kellogg.id,
    paraphrase: 'Both delegations are expected to present documents outlining their peace proposals during the Istanbul talks.',
    context: "Trump's envoy on the second round in Istanbul.",
    talkId: round2.id,
    date: aheadOfRound2,
    about: [{ type: 'TALK', id: round2.id }],
  });
  statement({
    speakerPersonId: medinsky.id,
    paraphrase: 'War and negotiations must proceed simultaneously.',
    context: 'Medinsky invoked Napoleon.',
    date: earlier('previously'),
    about: [{ type: 'CONFLICT', id: conflictId }],
  });
  statement({
    speakerPersonId: medinsky.id,
    paraphrase: "Moscow had received Ukraine's proposal and would respond on Monday.",
    context: 'Told to Russian media.',
    talkId: round2.id,
    date: aheadOfRound2,
    about: [{ type: 'PROPOSAL', id: roadmap.id }],
    sources: cite([russianMedia, 'TOLD_TO']),
  });
  statement({
    speakerActorId: kremlin.id,
    paraphrase: 'The Kremlin is still drafting its own memorandum.',
    context: 'Ahead of the second round, as Ukraine presented its roadmap for peace.',
    talkId: round2.id,
    date: aheadOfRound2,
    about: [{ type: 'PROPOSAL', id: memorandum.id }],
  });
  statement({
    speakerPersonId: putin.id,
    paraphrase:
      'Ukraine must abandon its NATO membership ambitions and withdraw troops from all parts of four Ukrainian ' +
      'regions claimed and largely controlled by Moscow.',
    context: "Russia's baseline demand for a peace agreement.",
    date: earlier('has insisted'),
    about: [
      { type: 'TOPIC', id: natoMembership.id },
      { type: 'TOPIC', id: territory.id },
    ],
  });
  statement({
    speakerPersonId: zelensky.id,
    paraphrase:
      "Executive order naming Kyiv's delegation to the Istanbul talks: Defence Minister Rustem Umerov leads it, " +
      'joined by a deputy foreign minister and several military and intelligence officials.',
    context: 'Executive order issued by President Volodymyr Zelensky.',
    talkId: round2.id,
    date: aheadOfRound2,
    about: [
      { type: 'TALK', id: round2.id },
      { type: 'DELEGATION', id: ukrainianDelegation.id },
      { type: 'PERSON', id: umerov.id },
    ],
    sources: byExecutiveOrder,
  });

  // ── Figures ────────────────────────────────────────────────────────────────────────────────
  const now: PartialDateInput = { start: ROUND_2_DAY, precision: 'DAY', text: 'now' };
  recordFigure(scope, {
    conflictId,
    metric: 'casualties',
    value: 1_200_000,
    unit: 'people',
    qualifier: 'MORE_THAN',
    about: 'Casualties caused by the war',
    asOf: now,
    sources: cite([usEstimates, 'ACCORDING_TO']),
  });
  recordFigure(scope, {
    conflictId,
    metric: 'war duration',
    value: 3,
    unit: 'years',
    qualifier: 'MORE_THAN',
    comparison: 'over three years',
    about: 'How long the war has lasted',
    asOf: now,
    sources: fromArticle,
  });
  const currently: PartialDateInput = { start: ROUND_2_DAY, precision: 'DAY', text: 'currently' };
  recordFigure(scope, {
    conflictId,
    metric: 'territory controlled',
    value: 113_100,
    unit: 'km²',
    qualifier: 'APPROXIMATELY',
    comparison: 'roughly the size of the U.S. state of Ohio',
    about: "Ukraine's territory controlled by Russia",
    actorId: russia.id,
    asOf: currently,
    sources: fromArticle,
  });
  recordFigure(scope, {
    conflictId,
    metric: 'territory controlled',
    value: 0.2,
    unit: "share of Ukraine's territory",
    qualifier: 'JUST_UNDER',
    comparison: 'just under one fifth',
    about: "Ukraine's territory controlled by Russia",
    actorId: russia.id,
    asOf: currently,
    sources: fromArticle,
  });

  return { conflictId };
}
