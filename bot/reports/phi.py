"""Screen free text for patient data (PHI) before anything is stored. Pure: no I/O, no logging.

`screen(text)` returns the kinds of identifier found and where (character spans), never the matched
text, so a caller can tell the user *what kind* of thing to remove without the value ever reaching
a log. The detectors cover the HIPAA Safe Harbor identifiers a biller could type into a denial
note: personal names, full dates, phone/fax numbers, emails, SSNs, Medicare Beneficiary
Identifiers, medical record / account / claim / member numbers, street addresses, ZIP+4, URLs,
IP addresses and ages over 89.

Billing vocabulary must pass: CPT/HCPCS codes (77002, G0121), ICD-10 codes (M17.11, S72001A),
modifiers (26, TC, XU), CARC/RARC codes (CO-16, N290, MA130), LCD/NCD ids (L35936, 220.1), dollar
amounts, years, quarters, payer and MAC names. Phone numbers use `phonenumbers` (Google's
libphonenumber port); names use the US Census name lists in a `Lexicon` the caller passes in
(`storage.wordlists.load_lexicon()` reads them once per process).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from bot.reports.lexicon import TITLES, Lexicon


class PhiKind(StrEnum):
    NAME = "a person's name"
    DATE = "a full date"
    PHONE = "a phone or fax number"
    EMAIL = "an email address"
    SSN = "a Social Security number"
    MBI = "a Medicare Beneficiary Identifier"
    RECORD_NUMBER = "a record, account, claim or member number"
    ADDRESS = "a street address"
    ZIP4 = "a ZIP+4 code"
    URL = "a web address"
    IP_ADDRESS = "an IP address"
    AGE = "an age over 89"


@dataclass(frozen=True, order=True)
class PhiFinding:
    """One hit: its kind and character span in the screened text (the text itself is not kept)."""

    start: int
    end: int
    kind: PhiKind


@dataclass(frozen=True)
class ScreenResult:
    findings: tuple[PhiFinding, ...]

    @property
    def clean(self) -> bool:
        return not self.findings

    @property
    def kinds(self) -> list[PhiKind]:
        """Distinct kinds found, in the order of `PhiKind`."""
        found = {f.kind for f in self.findings}
        return [k for k in PhiKind if k in found]

    def message(self) -> str:
        """A user-facing explanation naming the kinds (never the values)."""
        kinds = self.kinds
        if not kinds:
            return ""
        listed = kinds[0].value if len(kinds) == 1 else ", ".join(k.value for k in kinds[:-1]) + " and " + kinds[-1]
        return (
            f"This looks like patient data ({listed}). Reports are anonymous: please remove it "
            "and describe the situation without names, dates or identifiers."
        )


# --- regular-expression detectors -------------------------------------------------------------

_I = re.IGNORECASE
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d{2}"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", _I)
_URL = re.compile(
    r"\b(?:https?://|ftp://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|us|info|biz|health|co)"
    r"\b(?:/\S*)?",
    _I,
)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])", _I)
_SSN = re.compile(
    r"\b(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}\b"
    r"|\b(?:ssn|social\s+security(?:\s+(?:number|no\.?|#))?|ss#)\s*[:#]?\s*\d{9}\b"
    r"|\b(?:ssn|ss#)\s*[:#]?\s*(?:x{3}|\*{3})[- ]?(?:x{2}|\*{2})[- ]?\d{4}\b",
    _I,
)
# Medicare Beneficiary Identifier: C A AN N A AN N A A N N (letters exclude S L O I B Z).
_MBI_L = "[AC-HJKMNP-RTUVWXY]"
_MBI = re.compile(
    rf"\b[1-9]{_MBI_L}(?:{_MBI_L}|\d)\d-?{_MBI_L}(?:{_MBI_L}|\d)\d-?{_MBI_L}{{2}}\d{{2}}\b",
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
    r"|\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b",  # 20250314
    _I,
)
_DATE_CONTEXT = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born on|birthday)\b\s*[:#-]?\s*\S"
    r"|\b(?:born(?:\s+in)?|birth\s+year|year\s+of\s+birth)\s*[:#-]?\s*(?:19|20)\d{2}\b",  # a birth year tells the age
    _I,
)
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
    r"\b(?:mrn|mr#|med(?:ical)?\s*rec(?:ord)?s?|chart|acct|account|acc|claim|icn|dcn|tcn|member|mbr|subscriber|"
    r"policy|group|medicaid|medicare|hicn|mbi|patient|pt|insurance|ins|id|ref(?:erence)?|case|auth(?:orization)?|"
    r"encounter|enc|visit|invoice|inv|ticket)"
    r"\s*(?:#|no\.?|num(?:ber)?|id|number:)?\s*[:#]?\s*(?:is\s+)?"
    r"(?P<value>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b",
    _I,
)
_HASH_NUMBER = re.compile(r"#\s?(?P<value>[A-Z0-9-]*\d[A-Z0-9-]{3,})\b", _I)
_LONG_DIGITS = re.compile(r"(?<![\d.,$])\d{7,}(?![\d]|\.\d|,\d{3})")
_ALNUM_ID = re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{8,}\b", _I)

_STREET_SUFFIX = (
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place|ter|terrace|"
    r"pkwy|parkway|hwy|highway|cir|circle|trl|trail|sq|square|loop|pike|row|aly|alley)"
)
_ADDRESS = re.compile(
    rf"(?<![\d.])\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+|north\s+|south\s+|east\s+|west\s+)?(?:[A-Z][A-Za-z'.-]*\s+|\d{{1,3}}(?:st|nd|rd|th)\s+)"
    rf"{{1,3}}{_STREET_SUFFIX}\b\.?"
    r"|\bp\.?\s*o\.?\s*box\s+\d+"
    r"|\b(?:apt|apartment|unit|lot)\s*#?\s*\d+[A-Z]?\b"
    r"|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*[A-Z]{2}\s+\d{5}\b"  # City, ST 12345
    r"|\bzip(?:\s*code)?\s*[:#]?\s*\d{5}\b",
    _I,
)
# Words that occur in sentences but not inside a street name ("error on loop", "paid in full way").
_PHRASE_WORDS = {"on", "in", "at", "to", "for", "with", "by", "from", "is", "was", "are", "were", "and", "or", "but",
                 "error", "errors", "denied", "paid", "units", "claim", "claims"}  # fmt: skip
_ZIP4 = re.compile(r"\b\d{5}-\d{4}\b")
_SPELLED_AGE = (
    r"(?:ninety(?:[\s-]?(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:one|a)\s+hundred(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
_AGE = re.compile(
    r"\b(?:9\d|1[0-2]\d)\s*(?:-|\s)?\s*(?:y/?o\b|y\.o\.?|yo\b|yrs?\b|years?\b|year-old|yr-old|-year-old)"
    r"|\b(?:age[ds]?|aged|turned|turns|turning)\s*[:=]?\s*(?:9\d|1[0-2]\d)\b"
    r"|\b(?:9\d|1[0-2]\d)(?:st|nd|rd|th)\s+birthday\b"
    r"|\b(?:nonagenarian|centenarian)\b"
    rf"|\b{_SPELLED_AGE}[\s-]*(?:years?\b|yrs?\b|y/?o\b|year-old)"
    rf"|\b(?:age[ds]?|turned|turns|turning|she's|he's|(?:patient|pt|she|he|member|mom|dad)\s+(?:is|was))\s+"
    rf"{_SPELLED_AGE}\b"
    r"|\b(?:patient|pt|he|she|member|beneficiary|bene|mom|dad|mother|father)\s+(?:is|was|turned|turns)\s+"
    r"(?:9\d|1[0-2]\d)\b(?!\s*(?:units?|%|percent|dollars|minutes|mins|days|visits|claims))",
    _I,
)

# Codes that look like identifiers but are billing vocabulary.
_ICD10 = re.compile(r"^[A-TV-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?$", _I)
_BILLING_CODE = re.compile(
    r"^(?:\d{4}[0-9A-Z]|[A-Z]\d{4}|[LA]\d{5}|(?:CO|PR|OA|PI|CR)-?\d{1,3}|[MN]A?\d{1,3}|Q[1-4]|\d{4}Q[1-4]|(?:19|20)\d{2})$",
    _I,
)
_RANGE = re.compile(r"^\d{1,3}-\d{1,3}$")  # "pt 66-80": an age or count range, not a number
_RECORD_WORDS = {"number", "numbers", "denied", "denial", "was", "for", "and", "the", "with", "level"}


def _is_billing_token(value: str) -> bool:
    v = value.strip("-")
    return bool(_ICD10.match(v) or _BILLING_CODE.match(v))


def _regex_findings(text: str) -> Iterable[PhiFinding]:
    for m in _EMAIL.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.EMAIL)
    for m in _URL.finditer(text):
        if "@" not in text[max(0, m.start() - 1) : m.start()]:
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
    for m in _SSN.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.SSN)
    for m in _MBI.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.MBI)
    for m in _HICN.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.MBI)
    for m in _DATES.finditer(text):
        if m.group() in _FRACTIONS:
            continue
        yield PhiFinding(m.start(), m.end(), PhiKind.DATE)
    for m in _DATE_CONTEXT.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.DATE)
    for m in _ZIP4.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.ZIP4)
    for m in _ADDRESS.finditer(text):
        if m.group()[0].isdigit() and _PHRASE_WORDS & {w.lower() for w in m.group().split()[1:-1]}:
            continue  # "837 error on loop 2300": a sentence, not a street name
        yield PhiFinding(m.start(), m.end(), PhiKind.ADDRESS)
    for m in _AGE.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.AGE)
    yield from _phone_findings(text)
    yield from _record_findings(text)


def _phone_findings(text: str) -> Iterable[PhiFinding]:
    for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID):
        number = match.number
        raw = match.raw_string.lstrip("( ")
        if number.country_code == 1 and len(str(number.national_number)) != 10:
            continue  # e.g. "31000-26" (a code and a modifier) parsed as a short number
        if number.country_code != 1 and not raw.startswith(("+", "00", "011")):
            continue  # an international number is written with its prefix
        yield PhiFinding(match.start, match.end, PhiKind.PHONE)
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
        if not _is_billing_token(m.group("value")):
            yield PhiFinding(m.start("value"), m.end("value"), PhiKind.RECORD_NUMBER)
    for m in _LONG_DIGITS.finditer(text):
        yield PhiFinding(m.start(), m.end(), PhiKind.RECORD_NUMBER)
    for m in _ALNUM_ID.finditer(text):
        if not _is_billing_token(m.group()) and sum(c.isdigit() for c in m.group()) >= 4:
            yield PhiFinding(m.start(), m.end(), PhiKind.RECORD_NUMBER)


# --- names ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?\.?")
# A word that, right before a name, says a person is meant.
_TRIGGERS = {
    "patient", "patients", "pt", "pts", "member", "beneficiary", "bene", "insured", "subscriber", "guarantor",
    "named", "mother", "father", "son", "daughter", "wife", "husband", "spouse", "mom", "dad", "caregiver",
    "grandson", "granddaughter", "grandmother", "grandfather", "brother", "sister", "niece", "nephew",
    "called", "spoke", "talked", "emailed", "texted", "told", "asked", "per", "from", "by", "cc", "attn", "dear",
    "name", "names", "aka", "surname", "nee", "née", "miss", "mister", "resident", "client", "recipient",
    "enrollee", "parent", "guardian", "child", "baby", "infant", "twin", "widow", "widower", "neighbor", "friend",
}  # fmt: skip
_STRONG_TRIGGERS = {
    "patient", "pt", "member", "beneficiary", "bene", "insured", "subscriber", "guarantor", "named", "name",
}  # fmt: skip
_RELATIVES = {
    "mother", "father", "son", "daughter", "wife", "husband", "spouse", "mom", "dad", "grandson", "granddaughter",
    "grandmother", "grandfather", "brother", "sister", "niece", "nephew", "caregiver", "guardian", "parent",
}  # fmt: skip
_POSSESSED = {
    "claim", "claims", "bill", "bills", "balance", "account", "visit", "appeal", "eob", "statement", "denial",
    "chart", "surgery", "injection", "procedure", "deductible", "copay", "coverage", "plan", "insurance",
    "secondary", "primary", "card", "address", "daughter", "son", "wife", "husband", "mri", "labs", "referral",
}  # fmt: skip
_SKIP_AFTER_TRIGGER = {"with", "to", "is", "was", "named", "name", "s", "'s", "name:", "last", "first", "mr", "mrs"}


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    sentence_start: bool
    follows: str  # the non-space characters between the previous token and this one

    @property
    def word(self) -> str:
        w = self.text.rstrip(".")
        return w[:-2] if w.lower().endswith("'s") else w

    @property
    def title(self) -> bool:
        w = self.word
        return len(w) > 1 and w[0].isupper() and not w.isupper()

    @property
    def caps(self) -> bool:
        return len(self.word) > 1 and self.word.isupper()

    @property
    def lower(self) -> bool:
        return self.word.islower()


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        between = text[prev_end : m.start()]
        before = text[:prev_end].rstrip()
        joiner = between.strip()
        starts = not out or bool(re.search(r"[.!?\n•*>\-\"(]\s*$", text[: m.start()])) or before.endswith(("\n",))
        if out and out[-1].text.endswith(".") and out[-1].word.lower() in TITLES:
            starts = False  # "Dr. Smith" is not a new sentence
        if out and re.search(r"\d\s*$", text[: m.start()]) and not between.strip():
            starts = False
        out.append(_Tok(m.group(), m.start(), m.end(), starts, joiner))
        prev_end = m.end()
    return out


def _eponym_surname(first: _Tok, last: _Tok, lex: Lexicon) -> bool:
    """A surname that is also an eponym (Bell, Jones, Baker) after a first name: "Ann Baker", "marcus bell"
    (in lower case only after a first name that is not also an English word, so "graves disease" passes)."""
    if not (lex.is_eponym(last.word) and lex.is_surname(last.word)):
        return False
    return last.title or (first.lower and last.lower and lex.is_first(first.word) and not lex.is_english(first.word))


def _name_findings(text: str, lex: Lexicon) -> Iterable[PhiFinding]:
    toks = _tokens(text)

    def candidate(t: _Tok) -> bool:
        w = t.word
        return len(w) > 1 and lex.is_name(w) and not lex.is_vocabulary(w)

    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        w = t.word.lower()

        # Mr./Mrs./Dr. followed by a capitalised word (or any census name).
        if w in TITLES and nxt is not None and nxt.follows in ("", ".") and (nxt.title or nxt.caps or candidate(nxt)):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # patient / pt / spoke with / member ... then a name.
        if w in _TRIGGERS:
            j = i + 1
            while j < len(toks) and toks[j].word.lower() in _SKIP_AFTER_TRIGGER and toks[j].follows in ("", ":"):
                j += 1
            if j < len(toks) and toks[j].follows in ("", ":", ",", "-", "'"):
                n = toks[j]
                if candidate(n) and ((n.title or n.caps) or not lex.is_english(n.word)):
                    yield PhiFinding(n.start, n.end, PhiKind.NAME)
                elif (
                    (w in _STRONG_TRIGGERS or w in _RELATIVES)
                    and n.title
                    and not lex.is_english(n.word)
                    and not lex.is_vocabulary(n.word)
                ):
                    # A capitalised word the census lists do not know, right after "patient"/"member".
                    yield PhiFinding(n.start, n.end, PhiKind.NAME)

        if nxt is None:
            pass
        elif nxt.follows == "" and candidate(t) and (candidate(nxt) or _eponym_surname(t, nxt, lex)):
            # First Last, in Title case / CAPS anywhere, or lowercase when not both plain English words.
            first_last = lex.is_first(t.word) and lex.is_surname(nxt.word)
            if first_last and (t.title or t.caps) and (nxt.title or nxt.caps):
                yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
                continue
            if (
                first_last
                and t.lower
                and nxt.lower
                and len(t.word) >= 3
                and len(nxt.word) >= 3
                and not (lex.is_english(t.word) and lex.is_english(nxt.word))
            ):
                yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
                continue
        elif (
            nxt.follows == ","  # Last, First
            and (t.title or t.caps)
            and (nxt.title or nxt.caps)
            and candidate(t)
            and candidate(nxt)
            and lex.is_surname(t.word)
            and lex.is_first(nxt.word)
            and not (lex.is_english(t.word) and lex.is_english(nxt.word))
        ):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # Initial + surname: "J. Smith", "J Smith".
        if (
            len(t.word) == 1
            and t.word.isupper()
            and nxt is not None
            and nxt.follows in ("", ".")
            and nxt.title
            and lex.is_surname(nxt.word)
            and not lex.is_vocabulary(nxt.word)
            and not lex.is_english(nxt.word)
        ):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # "Lupe's claim": a capitalised possessive before a claim word.
        if (
            t.title
            and t.text.rstrip(".").lower().endswith("'s")
            and nxt is not None
            and nxt.word.lower() in _POSSESSED
            and not lex.is_vocabulary(t.word)
            and (lex.is_name(t.word) or not lex.is_english(t.word))
        ):
            yield PhiFinding(t.start, t.end, PhiKind.NAME)
            continue

        # A capitalised census name that is not an English word, mid-sentence ("called Maria back").
        if (t.title or (t.caps and len(t.word) >= 4)) and candidate(t) and not lex.is_english(t.word):
            before_name = nxt is not None and nxt.follows == "" and nxt.title and candidate(nxt)
            if not t.sentence_start or before_name or lex.is_first(t.word):
                yield PhiFinding(t.start, t.end, PhiKind.NAME)


# --- entry point ------------------------------------------------------------------------------


def screen(text: str, lexicon: Lexicon) -> ScreenResult:
    """Find PHI in `text`. Returns kinds and spans only; the text is not kept or logged."""
    if not text or not text.strip():
        return ScreenResult(())
    findings = set(_regex_findings(text))
    findings.update(_name_findings(text, lexicon))
    return ScreenResult(tuple(sorted(findings)))


def screen_fields(fields: dict[str, str], lexicon: Lexicon) -> dict[str, ScreenResult]:
    """Screen several free-text fields; returns only the fields with a hit."""
    results = {name: screen(value, lexicon) for name, value in fields.items() if value}
    return {name: r for name, r in results.items() if not r.clean}
