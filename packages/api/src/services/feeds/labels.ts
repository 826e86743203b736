import type { ACCESSIBILITY_FEATURES } from '@oneteamgov/schema';
import { pickLocalized } from './pick-language.js';

type Feature = (typeof ACCESSIBILITY_FEATURES)[number];

/**
 * Words people read in the outputs (the iCalendar DESCRIPTION lines and the
 * event page), in the languages of the chapters. A language not listed falls
 * back as event text does: its base language, then English.
 */
export interface Labels {
  /** BCP 47 tag of the wording chosen (the page's `lang`). */
  tag: string;
  when: string;
  where: string;
  online: string;
  joinOnline: string;
  register: string;
  accessibility: string;
  addToCalendar: string;
  downloadIcs: string;
  googleCalendar: string;
  organisedBy: string;
  tags: string;
  status: Record<'cancelled' | 'postponed' | 'rescheduled' | 'movedOnline', string>;
  notFoundTitle: string;
  notFoundText: string;
  features: Record<Feature, string>;
}

const en: Labels = {
  tag: 'en',
  when: 'When',
  where: 'Where',
  online: 'Online',
  joinOnline: 'Join online',
  register: 'Register',
  accessibility: 'Accessibility',
  addToCalendar: 'Add to calendar',
  downloadIcs: 'Download for your calendar (.ics)',
  googleCalendar: 'Add to Google Calendar',
  organisedBy: 'Organised by',
  tags: 'Tags',
  status: {
    cancelled: 'This event is cancelled.',
    postponed: 'This event is postponed.',
    rescheduled: 'This event has been rescheduled.',
    movedOnline: 'This event has moved online.',
  },
  notFoundTitle: 'Event not found',
  notFoundText: 'There is no event at this address. It may have been removed.',
  features: {
    stepFreeAccess: 'step-free access',
    accessibleToilets: 'accessible toilets',
    hearingLoop: 'hearing loop',
    liveCaptions: 'live captions',
    signLanguage: 'sign language interpretation',
    quietRoom: 'quiet room',
    largePrint: 'large print materials',
    genderNeutralToilets: 'gender-neutral toilets',
    childcare: 'childcare',
    dietaryOptions: 'dietary options',
  },
};

const cy: Labels = {
  tag: 'cy',
  when: 'Pryd',
  where: 'Ble',
  online: 'Ar-lein',
  joinOnline: 'Ymuno ar-lein',
  register: 'Cofrestru',
  accessibility: 'Hygyrchedd',
  addToCalendar: 'Ychwanegu at galendr',
  downloadIcs: 'Lawrlwytho ar gyfer eich calendr (.ics)',
  googleCalendar: 'Ychwanegu at Google Calendar',
  organisedBy: 'Trefnwyd gan',
  tags: 'Tagiau',
  status: {
    cancelled: 'Mae’r digwyddiad hwn wedi’i ganslo.',
    postponed: 'Mae’r digwyddiad hwn wedi’i ohirio.',
    rescheduled: 'Mae’r digwyddiad hwn wedi’i aildrefnu.',
    movedOnline: 'Mae’r digwyddiad hwn wedi symud ar-lein.',
  },
  notFoundTitle: 'Heb ddod o hyd i’r digwyddiad',
  notFoundText: 'Does dim digwyddiad yn y cyfeiriad hwn. Efallai ei fod wedi’i dynnu.',
  features: {
    stepFreeAccess: 'mynediad heb risiau',
    accessibleToilets: 'toiledau hygyrch',
    hearingLoop: 'dolen sain',
    liveCaptions: 'capsiynau byw',
    signLanguage: 'dehongli iaith arwyddion',
    quietRoom: 'ystafell dawel',
    largePrint: 'deunyddiau print bras',
    genderNeutralToilets: 'toiledau niwtral o ran rhywedd',
    childcare: 'gofal plant',
    dietaryOptions: 'dewisiadau deiet',
  },
};

const fr: Labels = {
  tag: 'fr',
  when: 'Quand',
  where: 'Où',
  online: 'En ligne',
  joinOnline: 'Rejoindre en ligne',
  register: 'S’inscrire',
  accessibility: 'Accessibilité',
  addToCalendar: 'Ajouter au calendrier',
  downloadIcs: 'Télécharger pour votre calendrier (.ics)',
  googleCalendar: 'Ajouter à Google Agenda',
  organisedBy: 'Organisé par',
  tags: 'Mots-clés',
  status: {
    cancelled: 'Cet événement est annulé.',
    postponed: 'Cet événement est reporté.',
    rescheduled: 'Cet événement a été reprogrammé.',
    movedOnline: 'Cet événement a lieu désormais en ligne.',
  },
  notFoundTitle: 'Événement introuvable',
  notFoundText: 'Aucun événement à cette adresse. Il a peut-être été retiré.',
  features: {
    stepFreeAccess: 'accès de plain-pied',
    accessibleToilets: 'toilettes accessibles',
    hearingLoop: 'boucle magnétique',
    liveCaptions: 'sous-titrage en direct',
    signLanguage: 'interprétation en langue des signes',
    quietRoom: 'salle calme',
    largePrint: 'documents en gros caractères',
    genderNeutralToilets: 'toilettes non genrées',
    childcare: 'garde d’enfants',
    dietaryOptions: 'options alimentaires',
  },
};

const sv: Labels = {
  tag: 'sv',
  when: 'När',
  where: 'Var',
  online: 'Online',
  joinOnline: 'Delta online',
  register: 'Anmäl dig',
  accessibility: 'Tillgänglighet',
  addToCalendar: 'Lägg till i kalendern',
  downloadIcs: 'Ladda ner till din kalender (.ics)',
  googleCalendar: 'Lägg till i Google Kalender',
  organisedBy: 'Arrangör',
  tags: 'Taggar',
  status: {
    cancelled: 'Evenemanget är inställt.',
    postponed: 'Evenemanget är uppskjutet.',
    rescheduled: 'Evenemanget har flyttats till en ny tid.',
    movedOnline: 'Evenemanget hålls nu online.',
  },
  notFoundTitle: 'Evenemanget hittades inte',
  notFoundText: 'Det finns inget evenemang på den här adressen. Det kan ha tagits bort.',
  features: {
    stepFreeAccess: 'trappfri entré',
    accessibleToilets: 'tillgänglighetsanpassad toalett',
    hearingLoop: 'hörslinga',
    liveCaptions: 'direkttextning',
    signLanguage: 'teckenspråkstolkning',
    quietRoom: 'tyst rum',
    largePrint: 'material i stor stil',
    genderNeutralToilets: 'könsneutrala toaletter',
    childcare: 'barnpassning',
    dietaryOptions: 'specialkost',
  },
};

const nb: Labels = {
  tag: 'nb',
  when: 'Når',
  where: 'Hvor',
  online: 'Digitalt',
  joinOnline: 'Bli med digitalt',
  register: 'Meld deg på',
  accessibility: 'Tilgjengelighet',
  addToCalendar: 'Legg til i kalenderen',
  downloadIcs: 'Last ned til kalenderen din (.ics)',
  googleCalendar: 'Legg til i Google Kalender',
  organisedBy: 'Arrangør',
  tags: 'Stikkord',
  status: {
    cancelled: 'Arrangementet er avlyst.',
    postponed: 'Arrangementet er utsatt.',
    rescheduled: 'Arrangementet har fått nytt tidspunkt.',
    movedOnline: 'Arrangementet holdes nå digitalt.',
  },
  notFoundTitle: 'Fant ikke arrangementet',
  notFoundText: 'Det finnes ikke noe arrangement på denne adressen. Det kan ha blitt fjernet.',
  features: {
    stepFreeAccess: 'trinnfri adkomst',
    accessibleToilets: 'tilrettelagt toalett',
    hearingLoop: 'teleslynge',
    liveCaptions: 'direkteteksting',
    signLanguage: 'tegnspråktolking',
    quietRoom: 'stillerom',
    largePrint: 'materiell i stor skrift',
    genderNeutralToilets: 'kjønnsnøytrale toaletter',
    childcare: 'barnepass',
    dietaryOptions: 'kosthold etter behov',
  },
};

const ALL: Record<string, Labels> = { en, cy, fr, sv, nb };

/** The wording for `lang`, falling back as event text does (Norwegian `no` reads `nb`). */
export function labelsFor(lang: string | null | undefined): Labels {
  const wanted = lang?.toLowerCase() === 'no' ? 'nb' : lang;
  const pick = pickLocalized(Object.fromEntries(Object.keys(ALL).map((tag) => [tag, tag])), wanted);
  return ALL[pick?.value ?? 'en'] ?? en;
}

/** "Step-free access, hearing loop" — the features in reading order, first letter capitalised. */
export function featureLine(features: readonly Feature[], labels: Labels): string | null {
  if (features.length === 0) return null;
  const line = features.map((f) => labels.features[f]).join(', ');
  return line.charAt(0).toLocaleUpperCase(labels.tag) + line.slice(1);
}
