/**
 * Interface wording in the languages One Team Gov chapters publish in. Dates and times
 * never come from here: `Intl` formats them in the reader's chosen language.
 * Each language is one `|`-separated string in KEYS order, which keeps the served
 * script small; `test/i18n.test.ts` checks every language has every key.
 */
export const KEYS = [
  'loading',
  'empty',
  'error',
  'retry',
  'cancelled',
  'postponed',
  'rescheduled',
  'movedOnline',
  'inPerson',
  'online',
  'hybrid',
  'register',
  'join',
  'ics',
  'google',
  'subscribe',
  'allDay',
  'yourTime',
  'access',
  'events',
  'was',
  'stepFreeAccess',
  'accessibleToilets',
  'hearingLoop',
  'liveCaptions',
  'signLanguage',
  'quietRoom',
  'largePrint',
  'genderNeutralToilets',
  'childcare',
  'dietaryOptions',
] as const;
export type LabelKey = (typeof KEYS)[number];
export type Labels = Record<LabelKey, string>;

export const WORDING: Record<string, string> = {
  en: 'Loading events…|No upcoming events.|Events could not be loaded.|Try again|Cancelled|Postponed|Rescheduled|Moved online|In person|Online|In person and online|Register|Join online|Add to calendar (.ics)|Google Calendar|Subscribe to this calendar|All day|Your time|Accessibility|Events|Previously|Step-free access|Accessible toilets|Hearing loop|Live captions|Sign language|Quiet room|Large print|Gender-neutral toilets|Childcare|Dietary options',
  cy: "Wrthi'n llwytho digwyddiadau…|Dim digwyddiadau i ddod.|Methu llwytho'r digwyddiadau.|Rhowch gynnig arall arni|Wedi'i ganslo|Wedi'i ohirio|Dyddiad newydd|Wedi symud ar-lein|Wyneb yn wyneb|Ar-lein|Wyneb yn wyneb ac ar-lein|Cofrestru|Ymuno ar-lein|Ychwanegu at galendr (.ics)|Google Calendar|Tanysgrifio i'r calendr hwn|Drwy'r dydd|Eich amser chi|Hygyrchedd|Digwyddiadau|Cynt|Mynediad heb risiau|Toiledau hygyrch|Dolen sain|Capsiynau byw|Iaith arwyddion|Ystafell dawel|Print bras|Toiledau niwtral o ran rhywedd|Gofal plant|Dewisiadau bwyd",
  fr: "Chargement des événements…|Aucun événement à venir.|Impossible de charger les événements.|Réessayer|Annulé|Reporté|Nouvelle date|Passé en ligne|En personne|En ligne|En personne et en ligne|S'inscrire|Rejoindre en ligne|Ajouter au calendrier (.ics)|Google Agenda|S'abonner à ce calendrier|Toute la journée|Votre heure|Accessibilité|Événements|Initialement|Accès de plain-pied|Toilettes accessibles|Boucle magnétique|Sous-titrage en direct|Langue des signes|Salle calme|Gros caractères|Toilettes non genrées|Garde d'enfants|Options alimentaires",
  sv: 'Hämtar evenemang…|Inga kommande evenemang.|Evenemangen kunde inte hämtas.|Försök igen|Inställt|Uppskjutet|Nytt datum|Flyttat online|På plats|Online|På plats och online|Anmäl dig|Delta online|Lägg till i kalendern (.ics)|Google Kalender|Prenumerera på kalendern|Heldag|Din tid|Tillgänglighet|Evenemang|Tidigare|Trappfri entré|Tillgänglig toalett|Hörslinga|Livetextning|Teckenspråk|Tyst rum|Stor stil|Könsneutrala toaletter|Barnpassning|Specialkost',
  nb: 'Henter arrangementer…|Ingen kommende arrangementer.|Kunne ikke hente arrangementene.|Prøv igjen|Avlyst|Utsatt|Ny dato|Flyttet til nett|Fysisk oppmøte|På nett|Fysisk og på nett|Meld deg på|Bli med på nett|Legg til i kalenderen (.ics)|Google Kalender|Abonner på kalenderen|Hele dagen|Din tid|Tilgjengelighet|Arrangementer|Tidligere|Trinnfri adkomst|Tilgjengelig toalett|Teleslynge|Direkteteksting|Tegnspråk|Stille rom|Stor skrift|Kjønnsnøytrale toaletter|Barnepass|Tilpasset kost',
};

/** Norwegian without a written standard (`no`) and Nynorsk readers get Bokmål wording. */
const ALIASES: Record<string, string> = { no: 'nb', nn: 'nb' };

/** The base language of a BCP 47 tag, lower-cased (`cy-GB` → `cy`). */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split('-')[0] ?? '';

/** The interface wording for `lang`, falling back to English. */
export function labelsFor(lang: string): Labels {
  const base = baseLanguage(lang);
  const text = WORDING[ALIASES[base] ?? base] ?? WORDING.en!;
  const words = text.split('|');
  return Object.fromEntries(KEYS.map((key, i) => [key, words[i]])) as Labels;
}

/**
 * The best translation of a localized text map for `lang`: the exact tag, then any
 * tag with the same base language, then English, then whatever the event has. Returns
 * the tag actually used as well, so the text can carry its own `lang` for screen readers.
 */
export function pickText(
  text: Record<string, string> | null | undefined,
  lang: string,
): { text: string; lang: string } {
  const want = lang.toLowerCase();
  const base = baseLanguage(lang);
  const entries = Object.entries(text ?? {});
  const found =
    entries.find(([tag]) => tag.toLowerCase() === want) ??
    entries.find(([tag]) => baseLanguage(tag) === base) ??
    entries.find(([tag]) => baseLanguage(tag) === 'en') ??
    entries[0];
  return { text: found?.[1] ?? '', lang: found?.[0] ?? lang };
}
