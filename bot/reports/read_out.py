"""Identifiers written the way a person reads them out or copies them by hand. Pure.

The number patterns of `bot.reports.detectors` know the usual shapes ("123-45-6789", "(617) 555-0142",
"3/14/1941"). People also write:

- digit groups joined by any separator or by a word: "517/04/8832", "517_04_8832", "517 dash 04 dash
  8832", "617 dot 555 dot 0142" — read here by the lengths of the groups: 3-2-4 is an SSN, 3-3-4 (with
  or without a leading 1) a phone number, four groups of up to three joined by "dot" an IP address; right
  after an SSN's or a phone's label, by the number of digits however grouped ("ssn 517 04 88 32");
- dates with the month as a word between numbers: "14-Mar-1939", "Mar-14-2025", "14MAR1939", and with
  the day as a word: "the fourteenth of March", "March twenty-first"; all in number words after what the
  date is: "DOS twelve one twenty-five";
- ages in other words: "age is 97", "age of 93", "97 yof", "97yom";
- house numbers in words: "twenty-two oak hollow lane", and any house number right after "address is" or
  "lives at", with or without a street word: "address is one two two Birch Hollow";
- post-office boxes, rural routes and apartments as written on an envelope: "post office box 12",
  "POB 881", "Route 4, Box 22", "County Road 12", "general delivery", "apt. 3B", "apt B";
- a letter O or l typed for a digit inside a number: "517-O4-8832";
- a member or account number typed in groups after its label: "subscriber ID U7734 2210 01";
- a web address read out: "mychart dot example dot org slash patient slash 88213".

`read_out_findings(text)` is linear in the length of `text`: every pattern starts only where its run
starts and has bounded repetitions. The text given is the folded text (`bot.reports.normalise.fold`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from bot.reports.findings import PhiFinding, PhiKind
from bot.reports.number_words import PIECE, piece_digits
from bot.reports.public_numbers import public_site

_I = re.IGNORECASE

# Any mark but a comma, "$", "%" or a bracket may join groups: "555~438~9902", "555*438*9902", "555 [dot] 201".
_MARK = r"(?:[^\w\s,$%()\[\]{}]|_)"
_SEP = rf"(?:\s*(?:{_MARK}|[\[(]?\b(?:dash|hyphen|dot|point|slash|space)\b[\])]?)\s*|\s+)"
# Two to five digit groups of one to four digits joined by separators. A run starts at a digit that has no
# digit (and no digit and separator) right before it, so each run is read once.
_GROUPS = re.compile(rf"(?<![\d$.,])(?<!\d{_MARK})\d{{1,5}}(?:{_SEP}\d{{1,4}}){{1,4}}(?![\d]|[.,]\d)", _I)
# A ZIP+4 joined by a word or a dash: "87045 dash 0219", "87045 - 0219"; the whole run (an NDC has three groups),
# never joined by a plain space ("77002 2025").
_ZIP_JOIN = re.compile(r"\s*(?:-|\b(?:dash|hyphen)\b)\s*", _I)
_DIGIT_RUN = re.compile(r"\d+")
_DOTTED = re.compile(r"\s*(?:\.|[\[(]?\bdot\b[\])]?)\s*", _I)
# An SSN or a phone number given in pieces after its label, in the same clause, however the pieces are grouped or
# said: "ssn 517 04 88 32", "s.s.n. starts 4-8-2 then 55 then 1093", "ss number starts with six twenty three,
# middle is oh nine, last four sixty-six thirty-four", "callback 555 438 99 02". Nine digits after an SSN's label;
# seven, ten or eleven (1 first) after a phone's. A code in the clause (five digits or more in a run) ends the
# count: the label is then talked about, not given.
_LABEL = re.compile(
    r"(?<!\w)(?:(?P<ssn>ssn|s\.s\.n\.?|ss\#|ss\s+(?:number|no\.?|\#)|social(?:\s+security)?(?:\s+(?:number|no\.?|\#))?)"
    r"|(?P<phone>phone|ph|cell|mobile|tel|fax|callback|call\s+back|cb|home\s+number|cell\s+number))(?!\w)",
    _I,
)
# A member or account number typed in groups after its label: "subscriber ID U7734 2210 01", "mrn 00 4471 223",
# "member id AET W298 447 103" (a payer's prefix first).
# Each group has a digit; six digits or more in all.
_GROUPED_ID = re.compile(
    r"\b(?:(?:member|subscriber|mbr|medicaid|medicare|policy|insurance|ins|patient|pt)\s*(?:id|\#|no\.?|number)"
    r"|mrn|mr\#|acct|account(?:\s+(?:number|no\.?|\#))?)\s*[:#]?\s*(?:is\s+)?"
    r"(?P<value>(?:[A-Z]{2,4}[\s-]+)?(?=[A-Z]*\d)[A-Z0-9]{1,8}(?:[\s-]+(?=[A-Z]*\d)[A-Z0-9]{1,8}\b){1,4})",
    _I,
)
_CLAUSE = 90
_CLAUSE_END = re.compile(r"[.!?;](?:\s|$)|\n")
_PART_NAME = re.compile(r"\b(?:last|first|middle|final|ending|next)\s+(?:four|five|three|two|[2-5])\b", _I)
_SAID_PIECE = re.compile(rf"(?<![A-Za-z\d])(?<![A-Za-z]-)(?:\d+|\b{PIECE})", _I)  # not the digits of "CO-16"
_ZIP_LABEL = re.compile(r"\bzip\b", _I)  # "zip+4 is 02139 4410", "the 9 digit zip, pt's is 30306 4412"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DATES = re.compile(
    rf"\b{_DAY}[-/.]{_MONTH}[-/.]?(?:19|20)?\d{{2}}\b"  # 14-Mar-1939, 14/mar/39
    rf"|\b{_MONTH}[-/.]{_DAY}[-/.,]\s*(?:19|20)\d{{2}}\b"  # Mar-14-2025
    rf"|\b{_DAY}{_MONTH}(?:19|20)?\d{{2}}\b",  # 14MAR1939
    _I,
)
_ORDINAL = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
    r"|twentieth|thirtieth"
)
# "the fourteenth of March", "March the fourteenth", "March fourteenth".
_WORD_DATES = re.compile(
    rf"\b(?:{_ORDINAL})\s+of\s+{_MONTH}\b|\b(?!may\b){_MONTH}\.?\s+(?:the\s+)?(?:{_ORDINAL})\b",  # not "you may first"
    _I,
)
_AGE = re.compile(
    r"\bage\s+(?:is|was|of)\s+(?:9\d|1[0-2]\d)\b"  # "age is 97", "at the age of 93"
    r"|\b(?:9\d|1[0-2]\d)\s*(?:yof|yom|yowf|yowm|y/o/f|y/o/m|yo[fm])\b",  # 97 yof, 97yom
    _I,
)
_WORD_AGE = re.compile(
    r"\bage\s+(?:is|was|of)\s+nine[\s-](?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b",  # "nine-two"
    _I,
)
# A date of service or birth read out in number words after what it is: "DOS twelve one twenty-five", "dob
# three fourteen forty-one" (three number words or more: a month, a day and a year).
_NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
)
_WORD_DATE_AFTER = re.compile(
    r"\b(?:dos|dob|d\.o\.[sb]\.?|date\s+of\s+(?:service|birth|death|admission)|born|admitted|discharged|seen)"
    rf"\s*(?:[:=\-]\s*|(?:on|was|is|of)\s+)?{_NUMBER_WORD}(?:(?:[\s,/-]+|\s+(?:slash|dash)\s+){_NUMBER_WORD}\b){{2,7}}",
    _I,
)
# A holiday and a year after a patient's event: "admit was Thanksgiving Day 2025", "DOS was Valentine's Day this
# year".
_HOLIDAY = (
    r"(?:thanksgiving|christmas|new\s+year'?s|easter|memorial\s+day|labor\s+day|independence\s+day"
    r"|fourth\s+of\s+july|july\s+4th|halloween|valentine'?s|juneteenth)(?:\s+(?:day|eve))?"
)
_HOLIDAY_DATE = re.compile(
    r"\b(?:admit(?:ted|ssion)?|dos|seen|visit|discharged?|died|expired|passed|born|surgery|fell|er|ed|infusion"
    r"|injection|appointment|appt|procedure|service|scan|test|labs?|came|arrived|presented)\b"
    rf"[^.;\n]{{0,30}}?\b{_HOLIDAY},?\s+(?:(?:19|20)\d{{2}}|this\s+year|last\s+year)\b"
    # without a year, right after the visit: "the sick visit on christmas eve"
    rf"|\b(?:visit|seen|admitted|came\s+in|dos)\s+(?:was\s+)?on\s+(?:the\s+day\s+(?:before|after)\s+)?{_HOLIDAY}\b"
    # a month and day with a dash, right after the visit: "her ER visit on 8-22"
    r"|\b(?:visit|seen|admitted|came\s+in|dos)\s+(?:was\s+)?on\s+(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b(?!-)",
    _I,
)
# An e-mail read out with its joiners as words: "jane underscore q seventy at example com".
_SAID_EMAIL = re.compile(
    r"\b[a-z0-9]+(?:\s+(?:underscore|dot|dash|hyphen|period)\s+[a-z0-9]+(?:\s+[a-z0-9]+)?)+"
    r"\s+at\s+[a-z0-9-]+(?:\s+dot\s+|\s*\.\s*|\s+)(?:com|org|net|edu|gov|us|io)\b",
    _I,
)
# An SSN given in two parts: "starts with 276-40 and ends with 3310", "ending 4 4 1 9, first five 2 1 8 3 0".
_FIVE = r"(?:\d{3}[-\s]?\d{2}|(?:\d\s*){5})"
_FOUR = r"(?:\d\s*){3}\d"
_SSN_PARTS = re.compile(
    rf"\b(?:starts?\s+with|first\s+(?:5|five))\s*[:\-]?\s*{_FIVE}\b[^.\n]{{0,30}}?"
    rf"\b(?:ends?\s+(?:with|in)|ending(?:\s+in)?|last\s+(?:4|four))\s*[:\-]?\s*{_FOUR}\b"
    rf"|\b(?:ends?\s+(?:with|in)|ending(?:\s+in)?|last\s+(?:4|four))\s*[:\-]?\s*{_FOUR}\b[^.\n]{{0,30}}?"
    rf"\b(?:starts?\s+with|first\s+(?:5|five))\s*[:\-]?\s*{_FIVE}(?!\d)",
    _I,
)
# A date read out in number words joined by "slash": "zero nine slash oh three slash fifty-eight".
_SLASHED_WORD_DATE = re.compile(
    rf"\b{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})?\s+slash\s+{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})?"
    rf"\s+slash\s+{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD}){{0,2}}\b",
    _I,
)
_BOXES = re.compile(
    r"\bpost\s+office\s+box\s*#?\s*\d+"
    r"|\b(?:county\s+road|state\s+route|route|rte|rt|highway|hwy|farm\s+to\s+market|fm|cr)\s*#?\s*\d+\s*,?\s*box\s*#?\s*\d+"
    r"|\bcounty\s+(?:road|rd)\s+\d+"
    r"|\bgeneral\s+delivery\b"
    r"|\bp\.?o\.?b\.?\s*#?\s*\d+"
    r"|\bp\.?\s*o\.?\s*b[\s.]+o[\s.]+x[\s.]*#?\s*\d(?:[\s.]*\d)*"  # "p.o. b o x 4 4 0 2": spelled apart
    r"|\b(?:apt|apartment)\.?\s*#?\s*(?:\d+[A-Z]?|[A-Z]\d*)\b"
    r"|\b(?:apt|apartment|unit|suite)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty)\b",  # "unit twelve"
    _I,
)
# A house number in words before a street: "twenty-two oak hollow lane", "one fifty main street": at least two
# number words (a count is one: "two long road trips"), no word of quantity between ("twenty more lane
# changes"), and only street words no sentence ends a count with (not "way", "place", "row" or "loop").
_SPELLED_STREET = re.compile(
    rf"\b{_NUMBER_WORD}(?:[\s-]+(?:and\s+)?{_NUMBER_WORD}){{1,3}}\s+"
    r"(?:(?!(?:more|less|long|short|other|extra|different|separate|of|the|a|an|and|or)\b)[a-z][a-z'.-]*\s+){1,3}"
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|terrace|parkway|pkwy|circle|trail"
    r"|pike|alley)\b",
    _I,
)

# A house number right after what it is, whatever street follows: "address is one two two Birch Hollow", "lives
# at 48 quail run" (no street word needed; not a count: "address 2 field", "lives at 3 different places").
_LABELLED_ADDRESS = re.compile(
    r"\b(?:address(?:\s+on\s+file)?(?:\s+(?:is|was))?|addr|lives\s+(?:at|on)|living\s+at|resides\s+at|residing\s+at"
    r"|residence\s+is)\s*[:=\-]?\s*"
    rf"(?:\d{{1,6}}[a-z]?|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD}){{0,4}})\s+"
    r"(?!(?:more|less|other|different|separate|new|old|of|the|a|an|and|or|to|times?|days?|weeks?|months?|years?"
    r"|claims?|lines?|fields?|boxes|box|units?|patients?|pts?|people|addresses|places|locations|blocks|miles"
    r"|mins?|minutes|hours?|doors?|houses|streets|states|zips?|digits?|characters|chars)\b)[a-z][\w'.-]*",
    _I,
)

# A letter O or l typed for a digit inside a number ("517-O4-8832"): read as the digit (same length).
# A run of digits and O/o/I/l with separators, standing alone, with five digits or more: "3l2-555-Ol87".
_LETTER_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl](?:[0-9OoIl\-./]|[ ](?=[0-9OoIl]))*(?![A-Za-z0-9])")
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})


def _grouped_digit_findings(text: str) -> Iterable[PhiFinding]:
    text = _LETTER_DIGIT_RUN.sub(_as_digits, text)
    for m in _GROUPS.finditer(text):
        groups = [(g.start(), g.end(), g.group()) for g in _DIGIT_RUN.finditer(m.group())]
        lengths = [len(g[2]) for g in groups]
        for k in range(len(groups)):
            if lengths[k : k + 3] == [3, 2, 4] and _ssn(*(g[2] for g in groups[k : k + 3])):
                yield PhiFinding(m.start() + groups[k][0], m.start() + groups[k + 2][1], PhiKind.SSN)
            elif lengths[k : k + 3] == [3, 3, 4] and groups[k][2][0] in "23456789":
                yield PhiFinding(m.start() + groups[k][0], m.start() + groups[k + 2][1], PhiKind.PHONE)
            elif k == 0 and lengths == [5, 4] and _zip_plus_four(text, m, groups[0][1], groups[1][0]):
                yield PhiFinding(m.start() + groups[0][0], m.start() + groups[1][1], PhiKind.ZIP4)
        if len(groups) == 4 and all(g <= 3 for g in lengths) and _dotted_quad(m.group(), groups):
            yield PhiFinding(m.start(), m.end(), PhiKind.IP_ADDRESS)  # "10 dot 0 dot 0 dot 12"


def _dotted_quad(run: str, groups: list[tuple[int, int, str]]) -> bool:
    """Four numbers up to 255 joined by dots or by the word "dot": an IP address."""
    joined_by_dots = all(_DOTTED.fullmatch(run, a[1], b[0]) for a, b in pairwise(groups))
    return all(int(g[2]) <= 255 for g in groups) and joined_by_dots


# An identifier read out one character at a time, letters and digits, digits also as words: "nine-K-R-four,
# D-M-seven, U-P-three-three" (an MBI), "one E G four T E five M K seven three". Eight characters or more,
# at least three of them digits and three letters: an MBI has eleven, no sentence reads like that.
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)"
# A letter, also spelled the way it is read back on the phone: "D as in delta", "X-ray", "papa".
_NATO = (
    r"(?:alpha|alfa|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|juliett|kilo|lima|mike|november"
    r"|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey|x-ray|xray|yankee|zulu)"
)
# "T as in Tom", "T-as-in-Tom", "T like Tom", "T for Tom".
_SAID_AS = r"[\s-]+(?:as[\s-]+in|like|for)[\s-]+[a-z]+"
_CHAR = rf"(?:{_DIGIT_WORD}|[a-z](?:{_SAID_AS})?|{_NATO})"
_SPELLED_ID = re.compile(rf"\b{_CHAR}(?:\s*[-,]?\s*(?:\b(?:dash|hyphen)\b\s*[-,]?\s*)?\b{_CHAR}\b){{7,14}}", _I)
_DIGIT_WORDS = re.compile(rf"\b{_DIGIT_WORD}\b", _I)
_AS_IN = re.compile(_SAID_AS, _I)


# A web address read out with "dot" and "slash" as words: "mychart dot example dot org slash patient slash 88213".
_SPOKEN_DOT = r"(?:\s+d[o0]t\s+|\s*[(\[{<]\s*d[o0]t\s*[)\]}>]\s*)"
_SPOKEN_URL = re.compile(
    rf"(?<![\w.@-])[a-z0-9-]+(?:{_SPOKEN_DOT}[a-z0-9-]+)*{_SPOKEN_DOT}(?:com|org|net|gov|edu|io|us|info|health)\b"
    r"(?:(?:\s+slash\s+|\s*/\s*)[\w-]+){0,8}",
    _I,
)
_SPOKEN_PART = re.compile(rf"{_SPOKEN_DOT}|\s+slash\s+|\s*/\s*", _I)


def _spoken_url_findings(text: str) -> Iterable[PhiFinding]:
    """A read-out address with a path, or with three names or more ("portal dot example dot org"); not a bare
    site ("availity dot com") and not a public one ("cms dot gov slash manuals")."""
    for m in _SPOKEN_URL.finditer(text):
        if " at " in text[max(0, m.start() - 4) : m.start() + 1]:
            continue  # the host of an e-mail read out ("jdoe at gmail dot com"): the e-mail patterns judge it
        parts = _SPOKEN_PART.split(m.group())
        seps = _SPOKEN_PART.findall(m.group())
        joins = ["/" if "slash" in sep or "/" in sep else "." for sep in seps]
        url = parts[0] + "".join(join + part for join, part in zip(joins, parts[1:], strict=True))
        host = url.split("/", 1)[0]
        if ("/" in url or host.count(".") >= 2) and not public_site(url):
            yield PhiFinding(m.start(), m.end(), PhiKind.URL)


def _grouped_id_findings(text: str) -> Iterable[PhiFinding]:
    for m in _GROUPED_ID.finditer(text):
        if sum(c.isdigit() for c in m.group("value")) >= 6:
            yield PhiFinding(m.start("value"), m.end("value"), PhiKind.RECORD_NUMBER)


def _labelled_piece_findings(text: str) -> Iterable[PhiFinding]:
    for m in _LABEL.finditer(text):
        end = min(len(text), m.end() + _CLAUSE)
        stop = _CLAUSE_END.search(text, m.end(), end)
        clause = _PART_NAME.sub(lambda p: " " * len(p.group()), text[m.end() : stop.start() if stop else end])
        pieces = [(p.start(), p.end(), p.group()) for p in _SAID_PIECE.finditer(clause)]
        if not pieces or any(p[2].isdigit() and len(p[2]) >= 5 for p in pieces):
            continue
        digits = "".join(piece_digits(p[2]) for p in pieces)
        ssn = m.group("ssn") and len(digits) == 9
        phone = m.group("phone") and (len(digits) in (7, 10) or (len(digits) == 11 and digits[0] == "1"))
        if ssn or phone:
            kind = PhiKind.SSN if ssn else PhiKind.PHONE
            yield PhiFinding(m.end() + pieces[0][0], m.end() + pieces[-1][1], kind)


def _spelled_id_findings(text: str) -> Iterable[PhiFinding]:
    for m in _SPELLED_ID.finditer(text):
        run = _AS_IN.sub("", m.group())
        chars = run.replace(",", " ").replace("x-ray", "xray").replace("X-ray", "xray").replace("-", " ").split()
        digits = len(_DIGIT_WORDS.findall(run))
        if digits >= 3 and len(chars) - digits >= 3:
            yield PhiFinding(m.start(), m.end(), PhiKind.MBI)


def _zip_plus_four(text: str, m: re.Match[str], end_of_five: int, start_of_four: int) -> bool:
    """Five digits and four joined by a dash or a word, or by a space after "zip" ("zip+4 is 02139 4410")."""
    if _ZIP_JOIN.fullmatch(m.group(), end_of_five, start_of_four):
        return True
    joined_by_space = not m.group()[end_of_five:start_of_four].strip()
    return joined_by_space and bool(_ZIP_LABEL.search(text[max(0, m.start() - 25) : m.start()]))


def _as_digits(m: re.Match[str]) -> str:
    run = m.group()
    return run.translate(_AS_DIGIT) if sum(c.isdigit() for c in run) >= 5 else run


def _ssn(area: str, group: str, serial: str) -> bool:
    """The shape rules every issued SSN follows (no 000, 666 or 9xx area, no 00 group, no 0000 serial)."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


# Each pattern and the kind it finds; the first table only where the text has a digit.
_Table = tuple[tuple[re.Pattern[str], PhiKind], ...]
_WITH_DIGITS: _Table = ((_DATES, PhiKind.DATE), (_AGE, PhiKind.AGE), (_SSN_PARTS, PhiKind.SSN))
_ANY_TEXT: _Table = (
    (_WORD_DATES, PhiKind.DATE),
    (_WORD_AGE, PhiKind.AGE),
    (_WORD_DATE_AFTER, PhiKind.DATE),
    (_HOLIDAY_DATE, PhiKind.DATE),
    (_SLASHED_WORD_DATE, PhiKind.DATE),
    (_SAID_EMAIL, PhiKind.EMAIL),
    (_BOXES, PhiKind.ADDRESS),
    (_SPELLED_STREET, PhiKind.ADDRESS),
    (_LABELLED_ADDRESS, PhiKind.ADDRESS),
)


def read_out_findings(text: str) -> Iterable[PhiFinding]:
    """Identifiers written apart, with words, or in hand-copied shapes (see the module docstring)."""
    tables: _Table = _ANY_TEXT
    if any(c.isdigit() for c in text):
        yield from _grouped_digit_findings(text)
        yield from _grouped_id_findings(text)
        tables = _WITH_DIGITS + _ANY_TEXT
    for pattern, kind in tables:
        for m in pattern.finditer(text):
            yield PhiFinding(m.start(), m.end(), kind)
    yield from _spelled_id_findings(text)
    yield from _labelled_piece_findings(text)
    yield from _spoken_url_findings(text)
