"""Event time: the date or interval a sentence gives its relation, normalised.

The extractor keeps the time expression attached to the verb as text (``event_time``, e.g.
"since late 2022", "on Tuesday", "Earlier this year"). :func:`normalise` turns it into an ISO
date (``2024-09-03``) or an ISO 8601 interval (``2022-10-01/2024-09-06``), resolving relative
expressions against the article's publication date. It is a pure function of the two strings
(standard library only): the same evidence always gets the same ``event_date``.

Conventions (documented, deliberately simple):

* ``in``/``on``/``during``/``at`` or no preposition: the interval of the expression itself
  ("in 2019" → ``2019-01-01/2019-12-31``, "on Tuesday" → that day).
* ``since``/``from``/``after``/``as of``: from the start of the expression up to the
  publication date (the article attests the relation until then), or open (``2022-10-01/..``)
  when the publication date is unknown or earlier.
* ``until``/``till``/``by``/``before``: open start, up to the end of the expression
  (``../2020-12-31``).
* early / mid / late YEAR: January–March, May–August, October–December (the brief's example:
  "late 2022" → ``2022-10-01/2022-12-31``); seasons are meteorological (spring = March–May,
  winter YEAR = December YEAR – February YEAR+1).
* A bare weekday ("on Tuesday") is the latest such day on or before the publication date (news
  report the past); "last Tuesday" the latest strictly before; "next Tuesday" the first after.
  A bare month ("in March") is the latest March starting on or before the publication date.
* Weeks run Monday–Sunday.
* Anything relative without a publication date, vague ("recently", "in recent weeks") or not
  understood gives ``None``: no date is better than a wrong one.

>>> normalise("since late 2022", "2024-09-06")
'2022-10-01/2024-09-06'
>>> normalise("in 2019")
'2019-01-01/2019-12-31'
>>> normalise("on Tuesday", "2024-09-06")   # a Friday
'2024-09-03'
>>> normalise("last week", "2024-09-06")
'2024-08-26/2024-09-01'
>>> normalise("Earlier this year", "2024-09-06")
'2024-01-01/2024-09-06'
>>> normalise("on Tuesday") is None
True
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = ["normalise", "parse_published", "interval_bounds", "on_or_after"]

OPEN = ".."

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
WEEKDAYS.update({calendar.day_abbr[i].lower(): i for i in range(7)})
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": None,
    "few": None,
}
PART_OF_YEAR = {"early": (1, 3), "mid": (5, 8), "middle": (5, 8), "late": (10, 12)}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
OPEN_END = ("since", "from", "after", "as of", "starting", "beginning")
OPEN_START = ("until", "till", "til", "by", "before", "up to")
PLAIN = ("in", "on", "during", "at", "of", "over", "throughout", "around", "about")

Span = tuple[date, date]


def parse_published(value: str | None) -> date | None:
    """The date part of an ISO date/datetime string, or None.

    >>> parse_published("2024-09-06T08:00:00Z")
    datetime.date(2024, 9, 6)
    >>> parse_published("yesterday") is None
    True
    """
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _months_span(year: int, first: int, last: int) -> Span:
    return date(year, first, 1), _month_span(year, last)[1]


def _year(text: str) -> int | None:
    y = int(text)
    return y if 1000 <= y <= 2999 else None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _shift_months(d: date, months: int) -> date:
    idx = d.year * 12 + d.month - 1 + months
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week_of(d: date) -> Span:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def _latest_month(month: int, pub: date) -> int:
    """The year of the latest ``month`` starting on or before ``pub``."""
    return pub.year if month <= pub.month else pub.year - 1


def _core(expr: str, pub: date | None) -> Span | None:  # noqa: C901 - a flat table of patterns
    """The span of a time expression without its preposition (lower case, tidy spaces)."""
    e = re.sub(r"^(the|a)\s+", "", expr)
    e = re.sub(r"\s+(morning|afternoon|evening|night)$", "", e)
    # ISO forms
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", e):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d{2})", e):
        if 1 <= int(m[2]) <= 12:
            return _month_span(int(m[1]), int(m[2]))
        return None
    # a year, a part of a year, a decade
    if m := re.fullmatch(r"(?:(early|mid|middle|late)[\s-]+)?(\d{4})", e):
        y = _year(m[2])
        if y is None:
            return None
        if m[1]:
            return _months_span(y, *PART_OF_YEAR[m[1]])
        return date(y, 1, 1), date(y, 12, 31)
    if m := re.fullmatch(r"(?:(early|mid|middle|late)[\s-]+)?(\d{3})0'?s", e):
        y = int(m[2]) * 10
        if m[1] == "early":
            return date(y, 1, 1), date(y + 3, 12, 31)
        if m[1] in ("mid", "middle"):
            return date(y + 4, 1, 1), date(y + 6, 12, 31)
        if m[1] == "late":
            return date(y + 7, 1, 1), date(y + 9, 12, 31)
        return date(y, 1, 1), date(y + 9, 12, 31)
    if m := re.fullmatch(r"(end|close|beginning|start) of (\d{4})", e):
        y = _year(m[2])
        if y is None:
            return None
        return _months_span(y, 10, 12) if m[1] in ("end", "close") else _months_span(y, 1, 3)
    # quarters
    if m := re.fullmatch(
        r"(first|second|third|fourth|q1|q2|q3|q4)(?: quarter)?(?: of)? (\d{4})", e
    ):
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m[1]) or int(m[1][1])
        y = _year(m[2])
        return _months_span(y, 3 * q - 2, 3 * q) if y else None
    # seasons
    if m := re.fullmatch(
        r"(last|this|next)?\s*(spring|summer|autumn|fall|winter)(?: of)?\s*(\d{4})?", e
    ):
        season, which, ytext = m[2], m[1], m[3]

        def span_of(y: int) -> Span:
            if season == "winter":
                return date(y, 12, 1), _month_span(y + 1, 2)[1]
            return _months_span(y, *SEASONS[season])

        if ytext:
            y = _year(ytext)
            return span_of(y) if y else None
        if pub is None:
            return None
        if which == "this":
            return span_of(pub.year)
        if which == "next":  # the first one starting after the publication date
            return next(span_of(y) for y in range(pub.year, pub.year + 2) if span_of(y)[0] > pub)
        if which == "last":  # the latest one over before the publication date
            return next(
                span_of(y) for y in range(pub.year, pub.year - 3, -1) if span_of(y)[1] < pub
            )
        return next(span_of(y) for y in range(pub.year, pub.year - 3, -1) if span_of(y)[0] <= pub)
    # months: "March 2019", "late March 2019", "March 5, 2019", "5 March 2019", "March 5", "March"
    mon = "|".join(sorted(MONTHS, key=len, reverse=True))
    if m := re.fullmatch(
        rf"(?:(early|mid|middle|late)[\s-]+)?({mon})\.?(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?)?,?(?:\s+(\d{{4}}))?",
        e,
    ) or re.fullmatch(rf"()(\d{{1,2}})(?:st|nd|rd|th)?(?: of)?\s+({mon})\.?,?(?:\s+(\d{{4}}))?", e):
        if m[2].isdigit():  # "5 March 2019"
            part, month, day, ytext = None, MONTHS[m[3]], int(m[2]), m[4]
        else:
            part, month, day, ytext = m[1] or None, MONTHS[m[2]], m[3] and int(m[3]), m[4]
        if ytext:
            y = _year(ytext)
        elif pub is not None:
            y = _latest_month(month, pub)
        else:
            return None
        if y is None:
            return None
        if day:
            try:
                d = date(y, month, day)
            except ValueError:
                return None
            return d, d
        first, last = _month_span(y, month)
        if part == "early":
            return first, date(y, month, 10)
        if part in ("mid", "middle"):
            return date(y, month, 11), date(y, month, 20)
        if part == "late":
            return date(y, month, 21), last
        return first, last
    if pub is None:
        return None
    # relative to the publication date
    if e in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return pub, pub
    if e in ("yesterday", "last night"):
        d = pub - timedelta(days=1)
        return d, d
    if e == "day before yesterday":
        d = pub - timedelta(days=2)
        return d, d
    if e == "tomorrow":
        d = pub + timedelta(days=1)
        return d, d
    if m := re.fullmatch(r"(last|this|next|past)?\s*(\w+)", e):
        which, word = m[1], m[2]
        if word in WEEKDAYS:
            wd = WEEKDAYS[word]
            back = (pub.weekday() - wd) % 7
            if which == "last":
                back = back or 7
            elif which == "next":
                d = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
                return d, d
            d = pub - timedelta(days=back)
            return d, d
        if word == "weekend":
            sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
            if which == "last" and sat + timedelta(days=1) >= pub:
                sat -= timedelta(days=7)
            if which == "next":
                sat = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
            return sat, sat + timedelta(days=1)
        step = {"last": -1, "past": -1, "this": 0, "next": 1}.get(which or "")
        if step is not None:
            if word == "week":
                return _week_of(pub + timedelta(weeks=step))
            if word == "month":
                d = _shift_months(pub, step)
                return _month_span(d.year, d.month)
            if word == "year":
                y = pub.year + step
                return date(y, 1, 1), date(y, 12, 31)
    if m := re.fullmatch(r"(earlier|later) this (week|month|year)", e):
        start, end = {
            "week": _week_of(pub),
            "month": _month_span(pub.year, pub.month),
            "year": (date(pub.year, 1, 1), date(pub.year, 12, 31)),
        }[m[2]]
        return (start, pub) if m[1] == "earlier" else (pub, end)
    if m := re.fullmatch(r"(\w+) (day|week|month|year)s? ago", e):
        n = _number(m[1])
        if n is None:
            return None
        if m[2] == "day":
            d = pub - timedelta(days=n)
            return d, d
        if m[2] == "week":
            return _week_of(pub - timedelta(weeks=n))
        if m[2] == "month":
            d = _shift_months(pub, -n)
            return _month_span(d.year, d.month)
        y = pub.year - n
        return date(y, 1, 1), date(y, 12, 31)
    if m := re.fullmatch(r"(?:past|last) (\w+) (day|week|month|year)s", e):
        n = _number(m[1])
        if n is None:
            return None
        if m[2] == "day":
            return pub - timedelta(days=n), pub
        if m[2] == "week":
            return pub - timedelta(weeks=n), pub
        if m[2] == "month":
            return _shift_months(pub, -n), pub
        return _shift_months(pub, -12 * n), pub
    if m := re.fullmatch(r"(early|mid|middle|late) (last|this|next) year", e):
        y = pub.year + {"last": -1, "this": 0, "next": 1}[m[2]]
        return _months_span(y, *PART_OF_YEAR[m[1]])
    if m := re.fullmatch(r"(?:end|close) of (last|this) (month|year)", e):
        if m[2] == "year":
            y = pub.year - (m[1] == "last")
            return _months_span(y, 10, 12)
        d = _shift_months(pub, -(m[1] == "last"))
        return date(d.year, d.month, 21), _month_span(d.year, d.month)[1]
    return None


def _fmt(span: Span) -> str:
    a, b = span
    return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"


def normalise(event_time: str | None, published: str | None = None) -> str | None:
    """``event_time`` text → ISO date or interval, relative to the ``published`` date.

    Parameters
    ----------
    event_time : the time expression as written ("since late 2022", "on Tuesday").
    published : the article's publication date (ISO), for relative expressions.

    Returns
    -------
    ``YYYY-MM-DD``, ``START/END`` (either side may be ``..`` when open), or None.

    >>> normalise("in March", "2024-02-10")
    '2023-03-01/2023-03-31'
    >>> normalise("until 2020")
    '../2020-12-31'
    >>> normalise("three years ago", "2024-05-01")
    '2021-01-01/2021-12-31'
    >>> normalise("recently", "2024-05-01") is None
    True
    """
    if not event_time or not isinstance(event_time, str):
        return None
    pub = parse_published(published)
    e = re.sub(r"\s+", " ", event_time.strip().lower()).strip(" .,;:\"'“”")
    e = e.replace("’", "'")
    prep = ""
    for p in sorted((*OPEN_END, *OPEN_START, *PLAIN), key=len, reverse=True):
        if e.startswith(p + " "):
            prep, e = p, e[len(p) + 1 :]
            break
    span = _core(e, pub)
    if span is None:
        return None
    start, end = span
    if prep in OPEN_END:
        if pub is not None and pub >= start:
            return f"{start.isoformat()}/{pub.isoformat()}" if pub > start else start.isoformat()
        return f"{start.isoformat()}/{OPEN}"
    if prep in OPEN_START:
        return f"{OPEN}/{end.isoformat()}"
    return _fmt(span)


def interval_bounds(event_date: str | None) -> tuple[str | None, str | None]:
    """(start, end) ISO strings of an ``event_date``; None for an open side or no date.

    >>> interval_bounds("2022-10-01/..")
    ('2022-10-01', None)
    >>> interval_bounds("2024-09-03")
    ('2024-09-03', '2024-09-03')
    """
    if not event_date:
        return None, None
    a, _, b = event_date.partition("/")
    if not _:
        return a, a
    return (None if a == OPEN else a), (None if b == OPEN else b)


def on_or_after(event_date: str | None, since: str) -> bool:
    """Does the dated relation reach ``since`` (an ISO date) or later? Open ends reach it.

    >>> on_or_after("2022-10-01/..", "2024-01-01"), on_or_after("2019-01-01/2019-12-31", "2020-01-01")
    (True, False)
    >>> on_or_after(None, "2020-01-01")
    False
    """
    if not event_date:
        return False
    _start, end = interval_bounds(event_date)
    return end is None or end >= since
