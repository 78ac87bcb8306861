"""The surface grammar of time expressions: compiled patterns and the mentions they yield.

Each rule is one compiled regular expression over the document text whose named groups carry
the meaning (a month, a unit, an offset); `Grammar.find` runs them all and keeps the longest
non-overlapping matches. Extents follow TimeML/TempEval-3: modifiers such as "early", "the end
of", "about" and "the past" belong to the expression, leading prepositions do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sitrep.nlp.time.builders import (
    add_second_days,
    attach_days,
    build_century,
    build_clock,
    build_decade,
    build_future_vague,
    build_iso,
    build_last_half,
    build_quarter,
    build_quarter_anaphor,
    build_range,
    build_season,
    build_slash,
    build_spelled_year,
    build_the_year,
    build_year,
    build_year_ago,
    build_year_quarter,
    holiday_key,
    new_duration,
    new_mention,
    spelled_year,
)
from sitrep.nlp.time.mentions import Lexicons, Mention, parse_number, unit_name
from sitrep.nlp.time.prefilter import LOOKALIKES, is_possible, required_clauses


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, with flexible inner whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


THE_YEAR_STOPS = (
    r"ago|earlier|before|after|later|when|that|which|in\s+which|he|she|they|it|we|i|the|a|an"
    r"|his|her|their|its|our"
)
"""Words after "the year" that make it a particular year described by a clause ("the year
the war began") or a shift ("the year before"), not the current one."""

STORY_UNITS = frozenset({"day", "week", "month", "year"})
"""Units that "the following", "that" and "the same" can take from the story's reference time."""

CALENDAR_PERIODS = frozenset({"quarter", "year", "decade", "century"})
"""Units whose "a year earlier" names the period reported on a year before, not a duration."""

SET_ADVERBS = {"daily": "day", "nightly": "day", "hourly": "hour", "weekly": "week"}
SET_ADVERBS |= {"monthly": "month", "quarterly": "quarter", "yearly": "year", "annually": "year"}
"""The unit each adverb of frequency repeats ("daily" -> P1D)."""

UNIT_ANCHORED = frozenset(
    {
        *("shift", "duration", "range_duration", "vague_duration", "the_past_unit"),
        *("bare_plural", "bare_before", "future_vague", "ahead", "unit_long", "year_ago"),
        *("the_first_units", "over_the_years", "the_past_year", "relative", "position_the"),
        *("earlier_in_the", "unit_end", "the_year"),
    }
)
"""Rules whose every match holds a unit word ("days", "weekend") that ends at most
`UNIT_WINDOW_BEFORE` characters after the match starts and starts at most `UNIT_WINDOW_AFTER`
before it ends: `Grammar.find` scans them only around unit words."""
UNIT_WINDOW_BEFORE = 120
UNIT_WINDOW_AFTER = 40

Builder = Callable[["re.Match[str]", Lexicons], "Mention | None"]


class Grammar:
    """The compiled rules; build once per process (in the component's `initialize`)."""

    def __init__(self, lex: Lexicons) -> None:
        self.lex = lex
        month_forms: list[str] = []
        for name in lex.months:
            forms = [name, name.upper()]
            month_forms += (
                [f + r"\." for f in forms]
                if len(name) <= 4 and name not in {"May", "June", "July"}
                else []
            )
            month_forms += forms
        full_months = [n for n in lex.months if len(n) > 4 or n in {"May", "June", "July"}]
        full_months += [n.upper() for n in full_months]
        full_months += [
            n + "." for n in lex.months if len(n) <= 4 and n not in {"May", "June", "July"}
        ]
        self.month_lookup = {k.lower().rstrip("."): v for k, v in lex.months.items()}
        month_any = "(?-i:" + "|".join(sorted(month_forms, key=len, reverse=True)) + ")"
        month_full = "(?-i:" + _alt(full_months) + ")"
        weekday = "(?-i:" + _alt([*lex.weekdays, *(w.upper() for w in lex.weekdays)]) + ")"
        self.weekday_lookup = {k.lower().rstrip("."): v for k, v in lex.weekdays.items()}
        day = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
        day_words = _alt(
            w for w, v in lex.ordinals.items() if v <= 31 and w.replace("-", "").isalpha()
        )
        year = r"(?P<year>(?:1[6-9]|20)\d\d)(?![\d.,]\d)"
        position = _alt(lex.positions)
        approx = _alt(lex.approximators)
        units = _alt(lex.units)
        cal_units = "day|week|month|year|quarter|decade|century|weekend"
        tens = _alt(w for w, v in lex.numbers.items() if v % 10 == 0 and 20 <= v <= 90)
        ones = _alt(w for w, v in lex.numbers.items() if 1 <= v <= 9 and w not in {"a", "an"})
        number = (
            rf"(?:\d+(?:\.\d+)?(?:\s+1/2|½)?|(?:{tens})(?:[\s-](?:{ones}))?|{_alt(lex.numbers)})"
            rf"(?:\s+(?:and\s+)?a\s+half)?"
        )
        teens = _alt(w for w, v in lex.numbers.items() if 10 <= v <= 19)
        spelled = (
            rf"(?P<century>nineteen|two\s+thousand)(?:\s+(?:and\s+)?(?P<rest>(?:{tens})"
            rf"(?:[\s-](?:{ones}))?|{teens}|{ones}))?"
        )
        # A year spelled out after a month or season ("the winter of nineteen ninety-four"), as
        # broadcast transcripts write it; there the tens are required.
        spelled_of = (
            rf"(?P<century>nineteen|two\s+thousand)\s+(?:and\s+)?(?P<rest>(?:{tens})"
            rf"(?:[\s-](?:{ones}))?|{teens}|{ones})(?![\w-])"
        )
        # Not a year but an amount: "two thousand troops", "nineteen hundred", "two thousand
        # and five hundred".
        not_amount = (
            rf"(?![\w-])(?!\s+(?:{units}|people|dollars|(?:and\s+)?(?:hundred|thousand|{tens}"
            rf"|{teens}|{ones})\b))"
        )
        spelled += not_amount
        spelled_of += not_amount
        vague = (
            r"several|a\s+few|few|many|recent|a\s+couple\s+of|couple\s+of|some"
            r"|the\s+past\s+few|the\s+last\s+few|past\s+few|last\s+few"
        )
        future_vague = r"the\s+(?:coming|upcoming)|coming|upcoming"
        relative = _alt(lex.relatives)
        season = _alt(lex.seasons)
        daypart = _alt(lex.dayparts)
        ordinal = _alt(lex.ordinals)
        fuzzy = _alt(lex.fuzzy)
        holiday = "(?-i:" + _alt(lex.holidays) + ")"
        ampm = r"(?:a\.m\.|p\.m\.|a\.m|p\.m|am\b|pm\b)"
        b = r"(?<![\w-])"  # a left word boundary that also refuses inner hyphens
        e = r"(?![\w])"

        rules: list[tuple[str, str, Builder]] = [
            (
                "iso",
                rf"{b}{year}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]){e}",
                build_iso,
            ),
            (
                "slash",
                rf"{b}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<year>\d{{4}}|\d{{2}}){e}",
                build_slash,
            ),
            (
                "mdy",
                rf"{b}(?:(?P<rel>last|next|this)\s+)?(?:(?P<wd>{weekday}),?\s+)?"
                rf"(?P<month>{month_any})\s+(?:{day}|(?P<dayword>{day_words})(?![\w-]))"
                rf"(?:,?\s+{year}|\s+(?P<yrel>last|next|this)\s+year)?{e}",
                self._date,
            ),
            (
                "dmy",
                rf"{b}(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?{day}(?:\s+of)?\s+"
                rf"(?P<month>{month_any})(?:,?\s+{year}|\s+(?P<yrel>last|next|this)\s+year)?{e}",
                self._date,
            ),
            (
                "week_of",
                rf"{b}the\s+week\s+of\s+(?P<month>{month_any})\s+{day}(?:,?\s+{year})?{e}",
                self._week_of,
            ),
            (
                "my",
                rf"{b}(?:(?P<pos>{position})[\s-]+)?(?P<month>{month_any})(?:\s+of)?,?\s+"
                rf"(?:{year}|{spelled_of}){e}",
                self._date,
            ),
            (
                "month_rel_year",
                rf"{b}(?:(?P<pos>{position})[\s-]+)?(?P<month>{month_full})\s+(?:of\s+)?"
                rf"(?P<yrel>last|next|this|the\s+previous|the\s+following|the\s+next)\s+year{e}",
                self._date,
            ),
            (
                "month",
                rf"{b}(?:(?P<rel>last|next|this|coming|past)\s+|(?P<pos>{position})[\s-]+)?"
                rf"(?P<month>{month_full})(?!\w)",
                self._date,
            ),
            (
                "earlier_in",
                rf"{b}(?P<dir>earlier|later)\s+(?:in\s+)?(?P<month>{month_full})(?!\w)",
                self._date,
            ),
            (
                "year",
                rf"{b}(?:(?P<pos>{position})[\s-]+|fiscal\s+(?:year\s+)?|the\s+year\s+|FY\s?|pre-|post-)?"
                rf"{year}(?![\w-]|\s*%)",
                build_year,
            ),
            (
                "spelled_year",
                rf"{b}(?:the\s+year\s+)?{spelled}",
                build_spelled_year,
            ),
            (
                "decade",
                rf"{b}(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?P<dec>(?:1[6-9]|20)\d)0'?s{e}",
                build_decade,
            ),
            (
                "century",
                rf"{b}(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?P<ord>{ordinal})[\s-]+century{e}",
                build_century,
            ),
            (
                "weekday",
                rf"{b}(?:(?P<pos>early|earlier|late|later)\s+)?"
                rf"(?:(?P<rel>last|next|this|past|coming|the\s+previous|the\s+following)\s+)?"
                rf"(?P<wd>{weekday})(?P<plural>s)?"
                rf"(?:[\s-](?P<part>{daypart}))?(?!\w)",
                self._weekday,
            ),
            (
                "dayword",
                rf"{b}(?:(?P<pos>early|earlier|late|later)\s+)?"
                rf"(?P<word>yesterday|today|tomorrow|tonight)"
                rf"(?:\s+(?P<part>morning|afternoon|evening|night))?{e}",
                self._dayword,
            ),
            (
                "mid_part",
                rf"{b}(?:(?:early|mid|late)[\s-]?(?P<part2>morning|afternoon|evening)\s+"
                rf"(?P<word>yesterday|today|tomorrow)|mid[\s-]?(?P<part>morning|afternoon|evening))"
                rf"{e}",
                self._dayword,
            ),
            (
                "daypart",
                rf"{b}(?:(?P<pos>early|late)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+"
                rf"(?P<part>morning|afternoon|evening|night){e}",
                self._dayword,
            ),
            (
                "story_unit",
                rf"{b}(?:(?P<dir>earlier|later)\s+)?(?:(?P<same>that|the\s+same)|"
                rf"(?P<rel>the\s+next|the\s+following|the\s+previous|the\s+preceding))\s+"
                rf"(?P<unit>day|week|month|year|morning|afternoon|evening|night){e}",
                self._story_unit,
            ),
            (
                # "in the morning": the story's day, as "that morning" is.
                "in_the_part",
                rf"{b}(?:in|during)\s+(?P<x>the\s+(?P<unit>morning|afternoon|evening)){e}",
                self._story_unit,
            ),
            (
                "relative",
                rf"{b}(?:(?P<pos>{position})[\s-]+|(?P<dir>earlier|later)\s+(?:in\s+)?)?"
                rf"(?P<rel>{relative})\s+(?:fiscal\s+)?(?P<unit>{cal_units}){e}",
                self._relative,
            ),
            (
                "position_the",
                rf"{b}(?P<pos>{position})\s+the\s+(?P<unit>week|month|year|decade|century){e}",
                self._relative,
            ),
            (
                "earlier_in_the",
                rf"{b}(?P<dir>earlier|later)\s+in\s+the\s+(?P<unit>week|month|year){e}",
                self._relative,
            ),
            (
                "unit_end",
                rf"{b}(?P<unit>year|month|week)(?:[\s-]end|'s\s+end){e}",
                self._relative,
            ),
            (
                "weekend",
                rf"{b}(?P<rel>last|next|this|past|coming|the\s+past|the\s+coming|the)\s+"
                rf"(?P<unit>weekend){e}",
                self._relative,
            ),
            (
                "shift",
                rf"{b}(?:(?P<approx>{approx})\s+)?(?P<num>{number}|{vague})[\s-]+(?P<unit>{units})"
                rf"\s+(?P<dir>ago|earlier|later|from\s+now|hence){e}",
                self._shift,
            ),
            (
                "year_ago",
                rf"{b}(?:the\s+(?:comparable\s+)?(?P<unit>year)-(?:ago|earlier)\s+"
                rf"(?:(?:first|second|third|fourth)\s+)?(?:quarter|period|month)|year-(?:ago|earlier))"
                rf"{e}",
                build_year_ago,
            ),
            (
                "duration",
                rf"{b}(?:(?P<approx>{approx})\s+)?(?:(?:the|a|an)\s+)?"
                rf"(?:(?P<rel>past|last|next|coming|first|final|previous|following|remaining)\s+)?"
                rf"(?P<num>{number})[\s-]+(?:(?:more|additional|extra|further)\s+)?"
                rf"(?:(?:trading|business|working)\s+)?(?P<unit>{units})"
                rf"(?:(?P<half>\s+and\s+a\s+half)|[\s-]long)?(?![\w-])",
                self._duration,
            ),
            (
                # TimeBank dates "over the past year" to the year before the report's.
                "the_past_year",
                rf"{b}the\s+(?P<rel>past|last)\s+(?P<unit>year){e}(?!\s+or\b)",
                self._relative,
            ),
            (
                "unit_long",
                rf"{b}(?:(?!an?\s)(?P<num>{number})[\s-]+)?(?P<unit>{units})-long{e}",
                self._duration,
            ),
            (
                # "the first hours of the war", "in the early years": an unsaid number of units.
                "the_first_units",
                rf"{b}the\s+(?:(?:first|final|opening|closing)\s+(?P<unit>hours|days|weeks|months|years)"
                rf"|early\s+(?P<unit2>days|weeks|months|years)){e}"
                rf"(?!\s+(?:before|after|ago|later)\b)",
                self._duration,
            ),
            (
                "over_the_years",
                rf"{b}(?:over|through|throughout|during|in)\s+(?P<x>the\s+(?P<unit>years|decades))"
                rf"{e}(?!\s+(?:before|after|since|of|ago)\b)",
                self._duration,
            ),
            (
                "the_past_unit",
                rf"{b}the\s+(?P<rel>past|last|next|coming|previous)\s+(?P<unit>{units})(?![\w-])",
                self._duration,
            ),
            (
                "vague_duration",
                rf"{b}(?:(?:the\s+)?(?:next|past|last|first)\s+)?(?P<num>{vague})\s+"
                rf"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades){e}",
                self._duration,
            ),
            (
                "range_duration",
                rf"{b}(?:(?P<approx>{approx})\s+)?(?:{number})\s*(?:-|to|or|and)\s*(?:{number})[\s-]+"
                rf"(?P<unit>{units}){e}",
                build_range,
            ),
            (
                "future_vague",
                rf"{b}(?P<fut>{future_vague})\s+(?P<unit>days|weeks|months|years|hours){e}",
                build_future_vague,
            ),
            (
                "ahead",
                rf"{b}the\s+(?:coming\s+)?(?P<unit>days|weeks|months|years)\s+ahead{e}(?!\s+of\b)",
                build_range,
            ),
            (
                "bare_plural",
                rf"{b}(?:for|within|in|after|over|lasting|lasted|took|take|takes)\s+"
                rf"(?P<x>(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)){e}"
                rf"(?!\s+(?:of|ago|earlier|later))",
                self._duration,
            ),
            (
                "bare_before",
                rf"{b}(?P<x>(?P<unit>minutes|hours|days|weeks|months|years))\s+"
                rf"(?:after|before|earlier|later){e}",
                self._duration,
            ),
            (
                "set_every",
                rf"{b}(?:every|each)\s+(?:other\s+)?(?:(?P<wd>{weekday})|(?P<month>{month_full})|(?P<unit>{cal_units}|"
                rf"hour|morning|afternoon|evening|night)){e}",
                self._set,
            ),
            (
                "set_times",
                rf"{b}(?:once|twice|\w+\s+times)\s+(?:a|an|per|each|every)\s+"
                rf"(?P<unit>{cal_units}|hour){e}",
                self._set,
            ),
            (
                "set_adverb",
                rf"{b}(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly)"
                rf"(?![\w-])",
                self._set,
            ),
            (
                "clock",
                rf"{b}(?:(?P<approx>{approx})\s+)?(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?"
                rf"\s*(?P<ampm>{ampm})(?:\s+(?P<tz>(?-i:[A-Z]{{2,4}}T|GMT|UTC)))?",
                build_clock,
            ),
            (
                "clock24",
                rf"{b}(?:(?P<approx>{approx})\s+)?(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)"
                rf"(?:\s+(?P<tz>(?-i:[A-Z]{{2,4}}T|GMT|UTC)|local\s+time|hours|hrs))?{e}",
                build_clock,
            ),
            ("noon", rf"{b}(?P<word>noon|midday|midnight){e}", build_clock),
            (
                "season",
                rf"{b}(?:(?P<pos>early|late|mid)[\s-]+)?(?:(?P<rel>{relative}|the)\s+)?"
                rf"(?:(?P<pos2>early|late|mid)[\s-]+)?(?P<season>{season})"
                rf"(?:\s+(?:of\s+)?(?:{year}|{spelled_of}|(?P<yrel>last|next|this)\s+year))?{e}",
                build_season,
            ),
            (
                "quarter",
                rf"{b}(?:the\s+|(?P<yrel2>this|last|next)\s+year's\s+)?(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
                rf"[\s-]+(?:fiscal\s+)?(?P<unit>quarter|half)(?:\s+of\s+(?:(?:fiscal\s+)?{year}|"
                rf"(?P<yrel>this|last|next|the)\s+year))?{e}",
                build_quarter,
            ),
            (
                "last_half",
                rf"{b}(?:the\s+)?(?:last|latter)\s+half\s+of\s+(?:(?:fiscal\s+)?{year}|"
                rf"(?P<yrel>this|last|next)\s+year){e}",
                build_last_half,
            ),
            (
                "quarter_code",
                rf"(?-i:\b(?P<unit>[QH])(?P<ord>[1-4])\b)(?:\s+{year})?",
                build_quarter,
            ),
            (
                "quarter_rel",
                rf"{b}(?:the\s+)?(?P<rel>latest|last|past|previous|current|this|next|coming)"
                rf"\s+(?P<unit>quarter|half){e}",
                build_quarter,
            ),
            (
                "quarter_anaphor",
                rf"{b}the\s+(?:(?:same|comparable)\s+)?quarter(?![\w-])|{b}the\s+latest\s+period{e}",
                build_quarter_anaphor,
            ),
            (
                "year_quarter",
                rf"{b}(?:the\s+)?{year}\s+(?:(?P<ord>first|second|third|fourth)[\s-]+)?"
                rf"(?:fiscal\s+)?(?P<unit>quarter|period|half){e}",
                build_year_quarter,
            ),
            (
                "the_year",
                rf"{b}the\s+(?:(?:full|fiscal|current|same)\s+)?(?:fiscal\s+)?year(?![\w-])"
                rf"(?!\s+(?:{THE_YEAR_STOPS})\b)",
                build_the_year,
            ),
            ("holiday", rf"{b}(?P<name>{holiday})(?:\s+{year})?{e}", self._holiday),
            ("fuzzy", rf"{b}(?P<word>{fuzzy}){e}", self._fuzzy),
        ]
        self.rules = [(name, re.compile(rx, re.IGNORECASE), fn) for name, rx, fn in rules]
        self.clauses = [required_clauses(pattern) for _, pattern, _ in self.rules]
        self.unit_words = re.compile(rf"(?<!\w)(?:{units}|weekends?)(?!\w)", re.IGNORECASE)

    def find(self, text: str) -> list[Mention]:
        """All mentions in `text`, longest first where they overlap, in text order."""
        found: list[Mention] = []
        if not text.isascii():
            text = text.translate(LOOKALIKES)  # "ſpring" is "spring" to the lexicons too
        folded = text.lower()
        seen: dict[str, bool] = {}
        windows: list[tuple[int, int]] | None = None
        for (name, pattern, build), clauses in zip(self.rules, self.clauses, strict=True):
            if not is_possible(clauses, text, folded, seen):
                continue  # a word every match needs is missing: the scan would find nothing
            if name in UNIT_ANCHORED:
                windows = windows if windows is not None else self._unit_windows(text)
                matches = [m for start, end in windows for m in pattern.finditer(text, start, end)]
            else:
                matches = list(pattern.finditer(text))
            for match in matches:
                mention = build(match, self.lex)
                if mention is None:
                    continue
                mention.rule = name
                if "x" in match.groupdict() and match.group("x"):
                    mention.start, mention.end = match.span("x")
                found.append(mention)
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken: list[Mention] = []
        for mention in found:
            if all(mention.end <= t.start or mention.start >= t.end for t in taken):
                taken.append(mention)
        return add_second_days(attach_days(sorted(taken, key=lambda m: m.start), text), text)

    def _unit_windows(self, text: str) -> list[tuple[int, int]]:
        """Stretches of `text` around its unit words ("days", "hours"), merged, that hold every
        match of the rules in `UNIT_ANCHORED`; scanning only them skips most of the text.

        A window ends at a word boundary, so that a rule's closing lookahead sees what follows
        a match as it would in the whole text."""
        windows: list[tuple[int, int]] = []
        for unit in self.unit_words.finditer(text):
            start = max(unit.start() - UNIT_WINDOW_BEFORE, 0)
            end = min(unit.end() + UNIT_WINDOW_AFTER, len(text))
            while end < len(text) and (text[end].isalnum() or text[end] in "_-"):
                end += 1
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        return windows

    def is_common_capitalised(self, word: str) -> bool:
        """Whether `word` is a capitalised time word that is not a name of its own ("Week",
        "Noon", "Today"; not "March", "Friday" or the abbreviation "EST")."""
        if not word[:1].isupper() or word.isupper() or not word.isalpha():
            return False
        folded = word.lower()
        return folded not in self.month_lookup and folded not in self.weekday_lookup

    # Builders that need the lexicons.

    def _month(self, word: str) -> int:
        return self.month_lookup[word.lower().rstrip(".")]

    def _date(self, m: re.Match[str], lex: Lexicons) -> Mention:
        g = m.groupdict()
        mention = new_mention(m, "date", month=self._month(g["month"]))
        if g.get("day"):
            mention.day = int(g["day"])
        elif g.get("dayword"):
            mention.day = lex.ordinals[re.sub(r"\s+", " ", g["dayword"].lower())]
        if g.get("year"):
            mention.year = int(g["year"])
        elif g.get("century"):
            mention.year = spelled_year(g["century"], g["rest"], lex)
        if g.get("yrel"):
            mention.year_offset = lex.relatives.get(g["yrel"].lower().split()[-1], 0)
            if g["yrel"].lower() in {"the previous", "last"}:
                mention.year_offset = -1
        if g.get("rel"):
            mention.offset = lex.relatives.get(g["rel"].lower(), 0)
        if g.get("dir"):
            mention.offset = 0
        return mention

    def _week_of(self, m: re.Match[str], lex: Lexicons) -> Mention:
        """ "the week of March 6": the calendar week that holds the day."""
        mention = self._date(m, lex)
        mention.unit = "week"
        return mention

    def _weekday(self, m: re.Match[str], lex: Lexicons) -> Mention:
        g = m.groupdict()
        weekday = self.weekday_lookup[g["wd"].lower().rstrip(".")]
        if g.get("plural") or (g.get("part") or "").endswith("s"):
            # "on Mondays", "Tuesday nights": every such day.
            part = lex.dayparts[g["part"].lower()] if g.get("part") else None
            return new_mention(m, "set", weekday=weekday, part=part)
        mention = new_mention(m, "weekday", weekday=weekday)
        if g.get("rel"):
            rel = re.sub(r"\s+", " ", g["rel"].lower())
            mention.offset = lex.relatives.get(rel, 0)
            mention.anaphoric = "story" if rel in lex.anaphoric else ""
        if g.get("part"):
            mention.part = lex.dayparts[g["part"].lower()]
        return mention

    def _dayword(self, m: re.Match[str], lex: Lexicons) -> Mention:
        g = m.groupdict()
        word = (g.get("word") or g.get("rel") or "").lower()
        offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
        part_word = g.get("part") or g.get("part2")
        part = lex.dayparts[part_word.lower()] if part_word else None
        if word == "tonight":
            part = "NI"
        if word == "last" and part != "NI":
            return None  # type: ignore[return-value]
        return new_mention(m, "relative", unit="day", offset=offset, part=part)

    def _relative(self, m: re.Match[str], lex: Lexicons) -> Mention:
        g = m.groupdict()
        unit = (g.get("unit") or "day").lower()
        rel = (g.get("rel") or "").lower()
        offset = lex.relatives.get(rel, 0)
        if g.get("dir") in {"before", "after"}:
            offset = -1 if g["dir"] == "before" else 1
        if rel in {"past", "the past"} and unit in {"day", "weekend"}:
            offset = -1
        if rel == "the":
            return new_mention(m, "relative", unit=unit)
        mention = new_mention(m, "relative", unit=unit, offset=offset)
        if rel in lex.anaphoric and unit in STORY_UNITS:
            mention.anaphoric = "story"
        return mention

    def _story_unit(self, m: re.Match[str], lex: Lexicons) -> Mention:
        """ "that day", "the same year", "the next morning": the story's day, year, ..."""
        g = m.groupdict()
        unit = g["unit"].lower()
        part = lex.dayparts.get(unit) if unit not in STORY_UNITS else None
        rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
        offset = lex.relatives.get(rel, 0)
        mention = new_mention(m, "relative", unit="day" if part else unit, offset=offset, part=part)
        if rel in lex.anaphoric or g.get("same") or part is not None or unit == "day":
            mention.anaphoric = "story"
        return mention

    def _shift(self, m: re.Match[str], lex: Lexicons) -> Mention | None:
        unit = lex.units[m.group("unit").lower()]
        amount = parse_number(m.group("num"), lex)
        sign = 1 if m.group("dir").lower() in {"later", "hence"} or "now" in m.group("dir") else -1
        name = unit_name(unit)
        direction = m.group("dir").lower()
        if direction == "later" or (direction == "earlier" and name not in CALENDAR_PERIODS):
            # "Three days later" counts from the story's last date (`sitrep.nlp.timexes`);
            # without one it is the duration "three days", the signal word left outside, as
            # TimeML annotates it. "A year earlier" more often names the period reported on a
            # year before, a date.
            mention = new_mention(m, "shift", unit=name, amount=amount, offset=sign)
            mention.anaphoric = "nearby"
            unit_word = m.group("unit").lower()
            mention.unresolved = new_duration(m.start(), m.end("unit"), unit_word, amount)
            return mention
        if unit.is_time and name != "hour":
            return None
        return new_mention(m, "shift", unit=name, amount=amount, offset=sign)

    def _duration(self, m: re.Match[str], lex: Lexicons) -> Mention | None:
        g = m.groupdict()
        unit_word = (g["unit"] or g["unit2"]).lower()
        num = g.get("num")
        if unit_word.startswith("quarter") and re.match(r"\s+of\b", m.string[m.end() :]):
            return None  # "three-quarters of its food" is a fraction
        amount: float | None = 1.0
        if re.match(r"\s+old\b", m.string[m.end() :]) and unit_word.endswith("s"):
            return None  # an age ("37 years old"), which TimeBank leaves unannotated
        if num is not None:
            amount = parse_number(num, lex)
            if amount is not None and g.get("half"):
                amount += 0.5  # "a minute and a half"
            if num.lower() in {"a", "an"} and unit_word == "second":
                return None  # "a second attack"
            if unit_word in {"min", "mins", "hr", "hrs"} and not num[0].isdigit():
                return None
        elif g.get("x") or m.group(0).lower().startswith(("for", "within", "in", "after")):
            amount = None
        elif unit_word.endswith("s") and unit_word not in {"hrs", "mins"}:
            amount = None  # "the coming years": how many is left open
        if num is not None and num.lower() in {"a", "an"} and m.group(0).endswith("long"):
            # "a day-long talk", "a decades-long feud": the article stays outside.
            vague = unit_word.endswith("s")
            return new_duration(m.start("unit"), m.end(), unit_word, None if vague else amount)
        adjectival = num is not None and amount != 1 and not unit_word.endswith("s")
        if adjectival and not g.get("approx") and not g.get("rel") and m.start("num") > m.start():
            # An adjectival duration ("a two-year term") leaves the article outside.
            return new_duration(m.start("num"), m.end(), unit=unit_word, amount=amount)
        if (
            num is not None
            and amount == 1
            and unit_word.endswith("s")
            and unit_word not in {"hrs", "mins"}
            and num.lower() in {"a", "an"}
        ):
            return None
        return new_mention(m, "duration", unit=unit_word, amount=amount)

    def _set(self, m: re.Match[str], lex: Lexicons) -> Mention:
        g = m.groupdict()
        if g.get("adv"):
            return new_mention(m, "set", unit=SET_ADVERBS[g["adv"].lower()])
        if g.get("wd"):
            return new_mention(m, "set", weekday=self.weekday_lookup[g["wd"].lower().rstrip(".")])
        if g.get("month"):
            return new_mention(m, "set", month=self._month(g["month"]))  # "each July"
        unit = g["unit"].lower()
        if unit in lex.dayparts:
            return new_mention(m, "set", unit="day", part=lex.dayparts[unit])
        return new_mention(m, "set", unit=unit)

    def _holiday(self, m: re.Match[str], lex: Lexicons) -> Mention:
        month, day, weekday = lex.holidays[holiday_key(m.group("name"), lex)]
        mention = new_mention(m, "date", month=month, day=day, weekday=weekday)
        if m.group("year"):
            mention.year = int(m.group("year"))
        return mention

    def _fuzzy(self, m: re.Match[str], lex: Lexicons) -> Mention:
        word = re.sub(r"\s+", " ", m.group("word").lower())
        return new_mention(m, "literal", part=lex.fuzzy[word])
