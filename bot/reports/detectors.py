"""The pattern detectors of the PHI screen: dates, phone numbers, e-mails (also spelled out), SSNs,
MBIs, record numbers, addresses, ZIP+4, URLs, IP addresses, ages over 89 and digits written apart
("1 2 3 - 4 5 ...", "five five five ..."). Pure.

`pattern_findings(text)` runs them over windows of bounded size (`WINDOW` characters, consecutive
windows overlapping by about `_OVERLAP`), so however a regular expression behaves on hostile input,
the work per window is bounded and the total is linear in the length of the text. Every identifier
shorter than the overlap lies whole inside some window. The text given is the folded text
(`bot.reports.normalise.fold`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import phonenumbers

from bot.reports.findings import PhiFinding, PhiKind
from bot.reports.lexicon import STATE_CODES
from bot.reports.number_words import PIECE, PIECES, piece_digits
from bot.reports.public_numbers import public, public_site
from bot.reports.read_out import read_out_findings

_I = re.IGNORECASE
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d{2}"

# Each pattern that starts with a run of characters starts only where that run starts (a lookbehind),
# so a long run ("aaaa…", "a-a-a-…") is scanned once, not once per character.
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", _I)
_URL = re.compile(
    r"(?<![\w.:/-])(?:https?://|ftp://|www\.)\S+"
    r"|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|us|info|biz|health|co)"
    r"\b(?:/\S*)?",
    _I,
)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])", _I)
# 123-45-6789, 517.04.8832, 276 - 90 - 3314; "SSN 123456789", "social is 123456789"; "SSN xxx-xx-1234".
_SSN = re.compile(
    r"\b(?!000|666|9\d\d)\d{3}\s?([-. ])\s?(?!00)\d{2}\s?\1\s?(?!0000)\d{4}\b"
    r"|\b(?:ssn|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?|ss#|ss\s+(?:number|no\.?|#))\s*(?:is\s+)?[:#]?\s*\d{9}\b"
    r"|\b(?:ssn|ss#)\s*[:#]?\s*(?:x{3}|\*{3})[- ]?(?:x{2}|\*{2})[- ]?\d{4}\b",
    _I,
)
# Medicare Beneficiary Identifier: C A AN N A AN N A A N N (letters exclude S L O I B Z).
_MBI_L = "[AC-HJKMNP-RTUVWXY]"
_MBI = re.compile(
    rf"\b[1-9]{_MBI_L}(?:{_MBI_L}|\d)\d[-\s]?{_MBI_L}(?:{_MBI_L}|\d)\d[-\s]?{_MBI_L}{{2}}\d{{2}}\b",
    _I,
)
# Legacy HICN: nine digits and a letter suffix (SSN-based).
_HICN = re.compile(r"\b\d{3}-?\d{2}-?\d{4}[A-Z]\d?\b", _I)

_DATES = re.compile(
    rf"\b(?:0?[1-9]|1[0-2])([/.-])(?:0?[1-9]|[12]\d|3[01])\1{_YEAR}\b"  # 3/14/2025, 03-14-25
    rf"|\b(?:19|20)\d{{2}}([/.-])(?:0?[1-9]|1[0-2])\2(?:0?[1-9]|[12]\d|3[01])\b"  # 2025-03-14
    rf"|\b(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\3(?:19|20)\d{{2}}\b"  # 14.03.2025
    rf"|\b{_MONTHS}\s+{_DAY}\b(?:,?\s+(?:19|20)\d{{2}})?"  # March 14(, 2025)
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTHS}(?:,?\s+(?:19|20)\d{{2}})?\b"  # 14 March 2025, 14th of March
    r"|\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])\b(?!/)"  # 3/14 (month/day)
    r"|(?<=dos|dob)(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01])\b"  # DOS12/12: glued to its label
    r"|\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b",  # 20250314
    _I,
)
_DATE_CONTEXT = re.compile(
    r"(?<!:)\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born on|birthday|b-?day)\b(?!:)\s*[:#-]?\s*"  # not :birthday:
    r"(?!(?:field|fields|format|formats|box|mismatch|mismatches|missing|error|errors|edit|edits|check|checks"
    r"|verification|requirement|requirements|must|needs|should|and|or|to|on|in|for|of\s+the|was\s+(?:missing|wrong)"
    r"|card|cards|rule|party|cake|lunch|list|gift|wishes|month|all)\b)[^\s-]"  # "birthday card", "the birthday rule"
    r"|\b(?:born(?:\s+in)?|birth\s+year|year\s+of\s+birth)\s*[:#-]?\s*(?:(?:19|20)\d{2}\b|'\d{2}\b)"  # a birth year
    r"|(?:^|[(\[,;:]\s*|\b(?:pt|patient|member|mom|dad|he|she|who|husband|wife)\s+)b\.\s*19\d{2}\b",  # "(b. 1930)"
    _I,
)
# A share of something that looks like month/day ("1/30 per day", "1/3 of the claims"), unless a date's label is
# right before it ("dos 1/30 per the notes").
_RATE_AFTER = re.compile(
    r"(?:th)?\s*(?:per\s+(?:day|diem|week|month|year|unit|visit|claim)|of\s+(?:the|a|an)|a\s+day)\b", re.IGNORECASE
)
_DATE_LABEL = re.compile(r"\b(?:dos|dob|seen|born|admit(?:ted)?|on)\b", re.IGNORECASE)
# Fractions and ratios a biller writes that look like month/day.
_FRACTIONS = {"1/2", "1/3", "2/3", "1/4", "3/4", "1/5", "2/5", "1/8", "50/50"}

_PHONE_SHAPE = re.compile(
    r"(?<![\w$.,-])(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,6})?"
    r"|(?<![\w$.,-])\(\d{3}\)\s*\d{3}[\s.-]?\d{4}\b"
    r"|(?<![\w$.,/-])[2-9]\d{2}-\d{4}\b(?!-\d)"  # 555-0134: a local number without its area code
    r"|\b(?:tel|phone|ph|cell|mobile|fax|call(?:ed)?|callback|call back|text|number)\b"
    r"\.?\s*(?:#|no\.?|number)?\s*[:#]?\s*"
    r"(?:\d{3}[\s.-])?\d{3}[\s.-]\d{4}\b",
    _I,
)

_RECORD_CONTEXT = re.compile(
    r"\b(?:mrn|mr#|mr(?=\s+\d{3}-\d)|med(?:ical)?\s*rec(?:ord)?s?|chart|acct|account|acc|claim|icn|dcn|tcn|member|mbr|subscriber|"
    r"policy|group|medicaid|medicare|hicn|mbi|patient|pt|insurance|ins|id|ref(?:erence)?|case|auth(?:orization)?|"
    r"encounter|enc|visit|invoice|inv|ticket)"
    r"\s*(?:#|no\.?|num(?:ber)?|id|number:)?\s*[:#]?\s*(?:is\s+)?"
    r"(?P<value>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b",
    _I,
)
_HASH_NUMBER = re.compile(r"#\s?(?P<value>[A-Z0-9-]*\d[A-Z0-9-]{3,})\b", _I)
_LONG_DIGITS = re.compile(r"(?<![\d.,$])\d{7,}(?![\dA-Za-z]|\.\d|,\d{3})")  # "225100000X": a code with a letter
_ALNUM_ID = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,}\b", _I)

_STREET_SUFFIX = (
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place|ter|terrace|"
    r"pkwy|parkway|hwy|highway|cir|circle|trl|trail|sq|square|loop|pike|row|aly|alley)"
)
_ADDRESS = re.compile(
    rf"(?<![\d.])\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+|north\s+|south\s+|east\s+|west\s+)?(?:[A-Z][A-Za-z'.-]*\s+|\d{{1,3}}(?:st|nd|rd|th)\s+)"
    rf"{{1,3}}{_STREET_SUFFIX}\b\.?"
    r"|\bp\.?\s*o\.?\s*box\s+\d+"
    r"|\b(?:apt|apartment|unit|lot)\s*#?\s*\d+[A-Z]?\b"
    r"|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*(?P<state>[A-Z]{2})\s+\d{5}\b"  # City, ST 12345
    r"|\bzip(?:\s*code)?\s*[:#]?\s*\d{5}\b"
    r"|\b(?:rural\s+route|rr|hc|star\s+route)\s*#?\s*\d+\s*,?\s*box\s+\d+"  # rural route 2 box 118, HC 61 Box 40
    r"|\brural\s+route\s+\d+",
    _I,
)
# Words that occur in sentences but not inside a street name ("error on loop", "paid in full way").
_PHRASE_WORDS = {"on", "in", "at", "to", "for", "with", "by", "from", "is", "was", "are", "were", "and", "or", "but",
                 "error", "errors", "denied", "paid", "units", "claim", "claims", "the", "a", "an", "under", "over",
                 "per", "via", "of", "after", "before", "than", "as", "not", "no", "sec", "secs", "second", "seconds",
                 "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks",
                 "month", "months", "year", "years", "time", "times", "more", "same", "either", "any", "each",
                 "every", "other", "this", "that", "some"}  # fmt: skip
_ZIP4 = re.compile(r"(?<!ndc )\b\d{5}-\d{4}\b(?!-\d)", _I)  # not an NDC (5-4-2)
# A band of ages, nobody's age: "ages 90 and up get lumped into one bucket", "ages 90+".
_AGE_BAND = re.compile(r"\s*(?:\+|and\s+(?:up|over|older|above)|or\s+(?:older|over|more)|to\s+\d|-\s*\d)", _I)
_SPELLED_AGE = (
    r"(?:ninety(?:[\s-]?(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:one|a)\s+hundred(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
_AGE = re.compile(
    r"\b(?:9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:y/?o\b|y\.o\.?|yo\b|yrs?\b|years?\b|year-old|yr-old|-year-old)"
    r"|\b(?:age[ds]?|aged|turned|turns|turning)\s*[:=]?\s*(?:9\d|1[0-2]\d)\b"
    r"|\b(?:9\d|1[0-2]\d)(?:st|nd|rd|th)\s+birthday\b"
    r"|(?<![$.\d])\b9\d(?:yo|y/o|y)?[FM]\b"  # an age and a sex in a chart's shorthand: "91F syncope", "94yoM"
    r"|\b(?:in\s+(?:her|his|their)\s+)?(?:mid|late|early)[\s-]*(?:nineties|90s|90's)\b"  # "in her mid-90s"
    r"|\bin\s+(?:her|his|their)\s+(?:nineties|90s|90's)\b"
    r"|\b(?:nonagenarian|centenarian)\b"
    rf"|\b{_SPELLED_AGE}[\s-]*(?:years?\b|yrs?\b|y/?o\b|year-old)"
    rf"|\b(?:age[ds]?|turned|turns|turning|she's|he's|(?:patient|pt|she|he|member|mom|dad)\s+(?:is|was))\s+"
    rf"{_SPELLED_AGE}\b"
    r"|\b(?:(?:patient|pt|he|she|member|beneficiary|bene|mom|dad|mother|father)\s+(?:is|was|turned|turns)|she's|he's)\s+"
    r"(?:9\d|1[0-2]\d)\b(?!\s*(?:units?|%|percent|dollars|minutes|mins|days|visits|claims))"
    # a relative and an age: "grandpa's 93", "husband 93 and wife 95"
    r"|\b(?:grandpa|grandma|grandfather|grandmother|husband|wife|mom|dad|mother|father|uncle|aunt)(?:'s|\s+is|\s+was)?\s+"
    r"(?:9\d|1[0-2]\d)\b(?!\s*(?:units?|%|percent|dollars|minutes|mins|days|visits|claims|x|times|[-/]\d|\.\d))",
    _I,
)

# Codes that look like identifiers but are billing vocabulary.
_ICD10 = re.compile(r"^[A-TV-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?$", _I)
_BILLING_CODE = re.compile(
    r"^(?:\d{4}[0-9A-Z]|[A-Z]\d{4}|[LA]\d{5}|(?:CO|PR|OA|PI|CR)-?\d{1,3}|[MN]A?\d{1,3}|Q[1-4]|\d{4}Q[1-4]|(?:19|20)\d{2})$",
    _I,
)
_RANGE = re.compile(r"^\d{1,3}-\d{1,3}$")  # "pt 66-80": an age or count range, not a number
_ACCOUNT_BEFORE = re.compile(r"\b(?:account|acct|guarantor|mrn|member|mbr|invoice|statement)\b[^#]{0,4}$", _I)
_CODE_RANGE = re.compile(r"\d{5}\s*[-/]\s*\d{5}")  # "92541-92542", "93620/93621": CPT codes, one to another
_RECORD_WORDS = {"number", "numbers", "denied", "denial", "was", "for", "and", "the", "with", "level"}


def _dated(text: str, start: int) -> bool:
    """A date's label ("dos", "dob", "seen", "on") in the dozen characters before `start`."""
    return _DATE_LABEL.search(text, max(0, start - 12), start) is not None


def _is_billing_token(value: str) -> bool:
    v = value.strip("-")
    return bool(_ICD10.match(v) or _BILLING_CODE.match(v))


def _regex_findings(text: str) -> Iterable[PhiFinding]:
    yield from _letter_findings(text)
    digits = sum(map(str.isdigit, text))
    if digits:
        yield from _digit_findings(text)
    if digits >= 7 and _PHONE_CLUSTER.search(text):
        yield from _phone_findings(text)
    if digits >= 4:
        yield from _record_findings(text)


def _letter_findings(text: str) -> Iterable[PhiFinding]:
    """Detectors that can match text without a digit."""
    for m in _EMAIL.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.EMAIL)
    for m in _URL.finditer(text):
        if "@" not in text[max(0, m.start() - 1) : m.start()] and not public_site(m.group()):
            yield PhiFinding(m.start(), m.end(), PhiKind.URL)
    for m in _IPV4.finditer(text):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        yield PhiFinding(m.start(), m.end(), PhiKind.IP_ADDRESS)
    for m in _IPV6.finditer(text):
        if m.group().count(":") >= 2 and any(c.isalnum() for c in m.group()):
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            yield PhiFinding(m.start(), m.end(), PhiKind.IP_ADDRESS)
    for m in _DATE_CONTEXT.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.DATE)
    for m in _AGE.finditer(text):
        if m.group().lower().startswith("ages") and _AGE_BAND.match(text, m.end()):
            continue  # "ages 90 and up": a band, nobody's age
        yield PhiFinding(m.start(), m.end(), PhiKind.AGE)


def _digit_findings(text: str) -> Iterable[PhiFinding]:
    """Detectors that match only text with a digit in it."""
    for m in _SSN.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.SSN)
    for m in _MBI.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.MBI)
    for m in _HICN.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.MBI)
    for m in _DATES.finditer(text):
        if m.group() in _FRACTIONS or (_RATE_AFTER.match(text, m.end()) and not _dated(text, m.start())):
            continue  # "1/2", "1/30 per day": a share, not a day
        yield PhiFinding(m.start(), m.end(), PhiKind.DATE)
    for m in _ZIP4.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.ZIP4)
    for m in _ADDRESS.finditer(text):
        if m.group()[0].isdigit() and _PHRASE_WORDS & {w.lower() for w in m.group().split()[1:-1]}:
            continue  # "837 error on loop 2300", "the same 10 sec loop": a sentence, not a street name
        if m.group("state") and m.group("state").lower() not in STATE_CODES:
            continue  # "96413 only, no 96415": no state before the five digits
        yield PhiFinding(m.start(), m.end(), PhiKind.ADDRESS)


_PHONE_TRIES = 30
# Seven digits close together (at most three other characters between two): where a phone number can be.
_PHONE_CLUSTER = re.compile(r"\d(?:\D{0,3}\d){6}")
# A stretch of digits and the characters phone numbers are written with, for libphonenumber to judge.
_PHONE_RUN = re.compile(r"(?<![\w+])(?:\+|00|011)?[\s(]*\d[\d\s().\-/]{5,30}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?", _I)


@lru_cache(maxsize=4096)
def _phones_in(run: str) -> tuple[tuple[int, int], ...]:
    """Spans of the phone numbers libphonenumber finds in one stretch of digits (pure, so cached: a text
    that repeats a stretch pays for it once). At most `_PHONE_TRIES` candidates per stretch."""
    found = []
    matcher = phonenumbers.PhoneNumberMatcher(run, "US", leniency=phonenumbers.Leniency.VALID, max_tries=_PHONE_TRIES)
    for match in matcher:
        number = match.number
        raw = match.raw_string.lstrip("( ")
        if number.country_code == 1 and len(str(number.national_number)) != 10:
            continue  # e.g. "31000-26" (a code and a modifier) parsed as a short number
        if number.country_code != 1 and not raw.startswith(("+", "00", "011")):
            continue  # an international number is written with its prefix
        found.append((match.start, match.end))
    return tuple(found)


def _phone_findings(text: str) -> Iterable[PhiFinding]:
    for run in _PHONE_RUN.finditer(text):
        if sum(c.isdigit() for c in run.group()) < 7:
            continue
        for start, end in _phones_in(run.group()):
            if not _CODE_RANGE.fullmatch(run.group()[start:end].strip()):  # "92541-92542": a range of codes
                yield PhiFinding(run.start() + start, run.start() + end, PhiKind.PHONE)
    for m in _PHONE_SHAPE.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.PHONE)


def _record_findings(text: str) -> Iterable[PhiFinding]:
    for m in _RECORD_CONTEXT.finditer(text):
        value = m.group("value")
        if value.lower() in _RECORD_WORDS or not any(c.isdigit() for c in value) or _RANGE.match(value):
            continue
        digits = sum(c.isdigit() for c in value)
        if _is_billing_token(value) or digits < 4:
            continue
        yield PhiFinding(m.start("value"), m.end("value"), PhiKind.RECORD_NUMBER)
    for m in _HASH_NUMBER.finditer(text):
        billing = _is_billing_token(m.group("value"))
        if not billing or _ACCOUNT_BEFORE.search(text, max(0, m.start() - 16), m.start()):  # "acct #G88213"
            yield PhiFinding(m.start("value"), m.end("value"), PhiKind.RECORD_NUMBER)
    for m in _LONG_DIGITS.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.RECORD_NUMBER)
    for m in _ALNUM_ID.finditer(text):
        if not _is_billing_token(m.group()) and sum(c.isdigit() for c in m.group()) >= 4:
            yield PhiFinding(m.start(), m.end(), PhiKind.RECORD_NUMBER)


# --- spelled-out e-mails and digits written apart -------------------------------------------------

_AT = r"(?:\s*@\s*|\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*[-_]at[-_]\s*)"
_DOT = r"(?:\s*\.\s*|\s*[(\[{<]\s*(?:d[o0]t|\.)\s*[)\]}>]\s*|\s+d[o0]t\s+|\s*[-_]d[o0]t[-_]\s*)"  # "d0t" too
_TLD = r"(?:com|org|net|edu|gov|mil|us|io|co|info|biz|me|health|care|email|uk|ca)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+'-])[a-z0-9][a-z0-9._+'-]*{_AT}[a-z0-9][a-z0-9-]*(?:{_DOT}[a-z0-9][a-z0-9-]*)*?{_DOT}{_TLD}\b",
    _I,
)
# A run starts at a piece with no digit and separator just before it (so a long run is scanned once).
_SPACED_DIGITS = re.compile(
    rf"(?<![\w$.,])(?<!\d[\s.\-_/(),])(?<!\d[\s.\-_/(),]{{2}})(?<!\d[\s.\-_/(),]{{3}})"
    rf"(?:{PIECE})(?:(?:[\s.\-_/(),]{{1,3}}|\s+(?:dash|hyphen|dot|slash)\s+|(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d))"
    rf"(?:{PIECE}))+",  # also digit words glued to digits: "5five5", "0one2seven"
    _I,
)
_FULL_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def _spaced_digit_findings(text: str) -> Iterable[PhiFinding]:
    """Digits written apart so that no number pattern sees them: "1 2 3 4 5 6 7 8 9", "1.2.3.4.5.6.7",
    "five five five, oh one three four". Seven digits or more, at least three of them written singly."""
    for m in _SPACED_DIGITS.finditer(text):
        pieces = PIECES.findall(m.group())
        digits = "".join(piece_digits(p) for p in pieces)
        singles = sum(1 for p in pieces if len(p) == 1 or not p[0].isdigit())
        if len(digits) < 7 or singles < 3 or _FULL_DATE.search(m.group()):
            continue  # "effective 4/1/2027, 3% bump": a date (judged by the date patterns) and a number
        if len(digits) == 9:
            kind = PhiKind.SSN
        elif len(digits) in (7, 10) or (len(digits) == 11 and digits.startswith("1")):
            kind = PhiKind.PHONE
        else:
            kind = PhiKind.RECORD_NUMBER
        yield PhiFinding(m.start(), m.end(), kind)


# Letters and digits written one by one ("4 P J 7 - M K 2 - W E 9 3"): an MBI typed apart.
# Starts only where such a run starts (no single character and separator just before), so linear.
_SPACED_CHARS = re.compile(
    r"(?<![\w-])(?<!(?<![\w-])\w[\s.-])(?<!(?<![\w-])\w[\s.-]{2})(?<!(?<![\w-])\w[\s.-]{3})"
    r"(?:[A-Z0-9][\s.\-/]{1,3}){8,}[A-Z0-9](?![\w-])",  # "4 K-W-1 / P-J-2 / T-D-3-5" too
    _I,
)


def _mbi_at(chars: str, k: int) -> bool:
    """An MBI (11 characters) or a legacy HICN (10 or 11) starts at `chars[k]`."""
    mbi, hicn10 = chars[k : k + 11], chars[k : k + 10]
    return bool(_MBI.fullmatch(mbi) or _HICN.fullmatch(hicn10) or _HICN.fullmatch(mbi))


def _spaced_id_findings(text: str) -> Iterable[PhiFinding]:
    for m in _SPACED_CHARS.finditer(text):
        joined = re.sub(r"[\s.\-/]", "", m.group())
        # An 11-character MBI (or a 10–11 character HICN) anywhere in the run ("x 1 E G 4 T E 5 M K 7 3").
        if any(_mbi_at(joined, k) for k in range(max(0, len(joined) - 9))):
            yield PhiFinding(m.start(), m.end(), PhiKind.MBI)


def _spelled_email_findings(text: str) -> Iterable[PhiFinding]:
    for m in _SPELLED_EMAIL.finditer(text):
        host = re.split(r"\s+at\s+", m.group(), maxsplit=1, flags=re.IGNORECASE)
        if len(host) == 2 and "@" not in m.group() and public_site(re.sub(r"\s*(?:\bdot\b|\.)\s*", ".", host[1])):
            continue  # "check claim status at availity dot com": a site, not an address
        yield PhiFinding(m.start(), m.end(), PhiKind.EMAIL)


# --- windows ------------------------------------------------------------------------------------

WINDOW = 1000
_SLACK = 50  # how far back a window edge may move to fall on a space
_STEP = 700
_OVERLAP = WINDOW - _STEP - _SLACK  # 250 at least: longer than any identifier the detectors match


def windows(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) windows of at most `WINDOW` characters covering `text`, consecutive ones
    overlapping by `_OVERLAP` characters or more, their edges moved onto spaces where one is near."""
    n = len(text)
    if n <= WINDOW:
        yield 0, n
        return
    start = 0
    while True:
        end = min(n, start + WINDOW)
        if end < n:
            space = text.rfind(" ", end - _SLACK, end)
            end = space if space > start else end
        yield start, end
        if end >= n:
            return
        nxt = start + _STEP
        space = text.rfind(" ", nxt - _SLACK, nxt)
        start = space + 1 if space != -1 else nxt


def _window_findings(text: str) -> Iterable[PhiFinding]:
    yield from _regex_findings(text)
    yield from _spelled_email_findings(text)
    yield from _spaced_digit_findings(text)
    yield from _spaced_id_findings(text)
    yield from read_out_findings(text)


def pattern_findings(text: str) -> set[PhiFinding]:
    """Every pattern detector over `text`, window by window (linear in the length of `text`)."""
    found: set[PhiFinding] = set()
    for start, end in windows(text):
        chunk = text[start:end]
        found.update(PhiFinding(f.start + start, f.end + start, f.kind) for f in _window_findings(chunk))
    return {f for f in found if not public(text, f)}  # toll-free lines, policy dates, taxonomy codes
