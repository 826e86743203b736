/** A VEVENT's text without its RRULE/EXRULE lines, and those rules' values. */
export interface RuleLines {
  text: string;
  rrules: string[];
  exrules: number;
}

const RULE_LINE = /^(RRULE|EXRULE)(?:;[^:]*)?:(.*)$/is;

/**
 * Cuts the RRULE and EXRULE lines out of one VEVENT block (lines joined by
 * "\n", folding kept) and returns the rule values unfolded.
 *
 * The recurrence engine (src/recurrence) is the only reader of rules: left in,
 * ical.js would decode them while parsing, with its own idea of which rules are
 * valid, and one it could not read would sink the whole event before the
 * engine could give a precise reason.
 */
export function takeRules(block: string): RuleLines {
  const lines = block.split('\n');
  const kept: string[] = [];
  const rrules: string[] = [];
  let exrules = 0;
  for (let i = 0; i < lines.length; ) {
    // A logical line: this line and its continuations (they start with a space or tab).
    let end = i + 1;
    while (end < lines.length && /^[ \t]/.test(lines[end]!)) end += 1;
    const first = lines[i]!;
    const match = /^(?:RRULE|EXRULE)[;:]/i.test(first)
      ? RULE_LINE.exec(
          lines
            .slice(i, end)
            .map((line, n) => (n === 0 ? line : line.slice(1)))
            .join(''),
        )
      : null;
    if (!match) kept.push(...lines.slice(i, end));
    else if (match[1]!.toUpperCase() === 'RRULE') rrules.push(match[2]!.trim());
    else exrules += 1;
    i = end;
  }
  return { text: rrules.length > 0 || exrules > 0 ? kept.join('\n') : block, rrules, exrules };
}
