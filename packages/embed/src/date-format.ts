import { baseLanguage } from './i18n.js';

/**
 * Day and month names for languages some browsers' `Intl` does not carry:
 * Chrome and Edge ship without Welsh locale data and would otherwise write English
 * dates under Welsh titles. Seven weekdays, seven short weekdays, twelve months.
 */
const NAMES: Record<string, string> = {
  cy: 'Dydd Sul|Dydd Llun|Dydd Mawrth|Dydd Mercher|Dydd Iau|Dydd Gwener|Dydd Sadwrn|Sul|Llun|Maw|Mer|Iau|Gwen|Sad|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr',
};
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface DateFormat {
  format(date: Date): string;
  formatRange(start: Date, end: Date): string;
}

/**
 * `new Intl.DateTimeFormat(lang, options)` when the runtime knows `lang`; for a
 * language it lacks but we have names for, the same output composed from those
 * names (24-hour clock, as CLDR has for Welsh); otherwise the runtime's default.
 * Handles the option sets this package uses and no others.
 */
export function dateFormat(lang: string, options: Intl.DateTimeFormatOptions): DateFormat {
  const known = Intl.DateTimeFormat.supportedLocalesOf(lang).length > 0;
  const names = NAMES[baseLanguage(lang)]?.split('|');
  if (known || !names) return new Intl.DateTimeFormat(known ? lang : undefined, options);
  return fallbackFormat(names, options);
}

/** Exported for tests: the runtime that runs them may well know Welsh. */
export function fallbackFormat(names: string[], options: Intl.DateTimeFormatOptions): DateFormat {
  const partsOf = (date: Date) => {
    const parts: Record<string, string> = {};
    for (const { type, value } of new Intl.DateTimeFormat('en-GB', {
      timeZone: options.timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).formatToParts(date)) {
      parts[type] = value;
    }
    const weekday = EN_WEEKDAYS.indexOf(parts.weekday!);
    return {
      weekday: names[weekday]!,
      shortWeekday: names[7 + weekday]!,
      day: String(Number(parts.day)),
      month: names[13 + Number(parts.month)]!,
      year: parts.year!,
      time: `${parts.hour}:${parts.minute}`,
      zone: options.timeZoneName ? ` ${parts.timeZoneName}` : '',
    };
  };
  const format = (date: Date) => {
    const p = partsOf(date);
    if (options.dateStyle && options.timeStyle) return `${p.day} ${p.month} ${p.year}, ${p.time}`;
    if (options.dateStyle) return `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
    if (options.hour) return `${options.weekday ? `${p.shortWeekday} ` : ''}${p.time}${p.zone}`;
    return `${p.month} ${p.year}`;
  };
  return {
    format,
    formatRange: (start, end) => {
      if (options.hour && !options.weekday) {
        const a = partsOf(start);
        const b = partsOf(end);
        return `${a.time}–${b.time}${b.zone}`;
      }
      const a = format(start);
      const b = format(end);
      return a === b ? a : `${a} – ${b}`;
    },
  };
}
