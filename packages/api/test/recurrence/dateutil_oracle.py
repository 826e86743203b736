"""Reference expansion of recurrence sets with python-dateutil, for the differential test.

Reads a JSON list of cases on stdin and writes, for each, the start instants
(UTC, ISO 8601 with milliseconds) that two readings of the same set give:

- "ics": RFC 5545 as an iCalendar importer reads it: DTSTART is always an
  occurrence; an occurrence is kept when it overlaps [from, to) (all-day
  occurrences last one local day, timed ones are instants);
- "series": python-dateutil's own reading, as the API's series use it: DTSTART
  counts only if the rule matches it; a start must lie in [from, to).

Wall-clock times are placed with zoneinfo, fold=0: a time in a DST gap is read
with the offset before the gap (so it lands one gap-length later) and a
repeated time takes its first instant, as RFC 5545 section 3.3.5 says.
EXDATEs remove by instant; two starts on one instant count once.
"""

import json
import signal
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

UTC = timezone.utc
# Steps taken per case before giving up: a window of 18 months never needs more.
MAX_STEPS = 200_000


class TooSlow(Exception):
    pass


def on_alarm(_signum, _frame):
    raise TooSlow()


def local(text, tz, all_day):
    """'YYYYMMDD' or 'YYYYMMDDTHHMMSS' in zone tz (aware), or 'YYYYMMDDTHHMMSSZ' in UTC."""
    if text.endswith("Z"):
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    fmt = "%Y%m%d" if len(text) == 8 else "%Y%m%dT%H%M%S"
    return datetime.strptime(text, fmt).replace(tzinfo=tz, fold=0)


def instant(dt):
    return dt.astimezone(UTC)


def iso(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def expand(case):
    tz = ZoneInfo(case["tz"])
    all_day = case["allDay"]
    start = local(case["dtstart"], tz, all_day)
    window_from = datetime.fromisoformat(case["from"].replace("Z", "+00:00"))
    window_to = datetime.fromisoformat(case["to"].replace("Z", "+00:00"))
    stop = window_to + timedelta(days=2)

    # All-day rules run on floating dates (their UNTIL is a date); timed ones on
    # zoned wall-clock times, so a UTC UNTIL is compared as an instant.
    rule_start = start.replace(tzinfo=None) if all_day else start
    rule_starts = []
    for text in case["rrules"]:
        rule = rrulestr(text, dtstart=rule_start)
        steps = 0
        for occurrence in rule:
            steps += 1
            if steps > MAX_STEPS or occurrence.replace(tzinfo=None) > stop.replace(tzinfo=None):
                break
            rule_starts.append(occurrence.replace(tzinfo=tz, fold=0) if all_day else occurrence)

    rdates = [local(text, tz, all_day) for text in case["rdates"]]
    excluded = {instant(local(text, tz, all_day)) for text in case["exdates"]}

    def end_of(dt):
        if not all_day:
            return instant(dt)
        return instant((dt.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=tz, fold=0))

    def collect(starts, overlap):
        found = {}
        for dt in starts:
            at = instant(dt)
            if at in excluded:
                continue
            inside = at < window_to and (at >= window_from or (overlap and end_of(dt) > window_from))
            if inside:
                found[at] = dt
        return [iso(found[at]) for at in sorted(found)]

    return {
        "ics": collect([start] + rule_starts + rdates, overlap=True),
        "series": collect(rule_starts + rdates, overlap=False),
    }


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    results = []
    for case in json.load(sys.stdin):
        signal.alarm(5)
        try:
            results.append({"id": case["id"], **expand(case)})
        except TooSlow:
            results.append({"id": case["id"], "error": "dateutil did not finish in 5 s"})
        except Exception as error:  # reported per case, compared by the test
            results.append({"id": case["id"], "error": f"{type(error).__name__}: {error}"})
        finally:
            signal.alarm(0)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
