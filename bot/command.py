"""The `/cpt` grammar: text as typed in Slack → a typed command. Pure: no I/O, never raises
anything but `CommandError` (whose message is written for the user).

    /cpt 77002                      one code, national, non-facility (office)
    /cpt 77002 26  |  77002-26      with modifier(s)
    /cpt 77002 26 zip:94110         locality from a ZIP
    /cpt 77002 loc:01112-05         carrier-locality
    /cpt 77002 loc:CA san francisco state + part of the locality name
    /cpt 99213 facility             facility setting (default: non-facility/office)
    /cpt 20610 77002                two or more codes: each quote plus bundling
    dos:2025-11-01  units:2         date of service; units for the code before it (or all codes)
    /cpt 80053 clfs | J3301 units:4 | E0601 zip:77002 | 29881 asc | 29881 opps
                                    a fee schedule by name (clfs, asp, dmepos, anes, opps, asc, pfs);
                                    by default the PFS where payable, else the schedule listing the code
    /cpt 00142 QK base:4 minutes:45 anesthesia: base units and minutes (induction: AD at induction)
    rural                           DMEPOS: the rural fee
    /cpt help   /cpt watch on|off

Case- and spacing-tolerant. Text is NFKC-normalised (full-width digits, non-breaking spaces,
Unicode dashes); characters that only look like letters or digits (Cyrillic О in 77О02) are
rejected with a message saying which one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MAX_TEXT = 2000
MAX_CODES = 10
MAX_UNITS = 999

HCPCS_RE = re.compile(r"^(?:[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})$")
MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")
_CODE_WITH_MODS = re.compile(r"^([0-9A-Z]{5})((?:-[0-9A-Z]{2})+)-?$")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WRAPPERS = "`*_~\"'()[]{}"
_OPTION_RE = re.compile(r"^(zip|loc|locality|dos|date|units|unit|u|variant|base|minutes|mins|min|time)\s*[:=](.*)$")
_FACILITY_WORDS = {"facility", "fac", "hospital", "inpatient"}
SCHEDULE_WORDS = {"pfs": "pfs", "clfs": "clfs", "lab": "clfs", "asp": "asp", "drug": "asp", "dmepos": "dmepos",
                  "dme": "dmepos", "anes": "anes", "anesthesia": "anes", "opps": "opps", "asc": "asc"}
_OFFICE_WORDS = {"office", "nonfacility", "non-facility", "nf", "non_facility"}
_NATIONAL_WORDS = {"national", "nat", "national-average"}

USAGE = (
    "Try `/cpt 77002 26`, `/cpt 77002-26 zip:94110`, `/cpt 77002 loc:01112-05 facility`, "
    "`/cpt 20610 77002` (bundling) or `/cpt help`."
)


class CommandError(ValueError):
    """Something in the text could not be understood; the message says what and how to fix it.

    The message may quote what the user typed: renderers must escape it."""


@dataclass(frozen=True, slots=True)
class CodeLine:
    hcpcs: str
    modifiers: tuple[str, ...] = ()
    units: int = 1

    @property
    def label(self) -> str:
        return "-".join((self.hcpcs, *self.modifiers))


@dataclass(frozen=True, slots=True)
class QuoteCommand:
    lines: tuple[CodeLine, ...]
    zip_code: str | None = None
    locality: str | None = None  # "01112-05", "CA san francisco" or "national"
    facility: bool | None = None  # None: not said (user default, else non-facility)
    dos: date | None = None
    variant: str | None = None  # "QPP" / "nonQPP" for CY2026 on
    npp: bool = False  # non-physician practitioner (85 %)
    notes: tuple[str, ...] = ()
    schedule: str | None = None  # "clfs", "asp", "dmepos", "anes", "opps", "asc", "pfs"; None: the default pick
    base_units: Decimal | None = None  # anesthesia
    minutes: int | None = None  # anesthesia
    induction: bool = False  # anesthesia AD: present at induction
    rural: bool = False  # DMEPOS rural fee

    @property
    def codes(self) -> list[str]:
        return [line.hcpcs for line in self.lines]


@dataclass(frozen=True, slots=True)
class HelpCommand:
    topic: str = ""


@dataclass(frozen=True, slots=True)
class WatchCommand:
    on: bool | None  # None: show the current state


Command = QuoteCommand | HelpCommand | WatchCommand


def normalise(text: str) -> str:
    """NFKC, Unicode dashes → "-", invisible characters removed, Slack's &amp;/&lt;/&gt; decoded."""
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_INVISIBLE)
    return text


def _lookalike(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        name = "an unprintable character"
    return f"{name.title()} (U+{ord(ch):04X})"


def check_ascii(text: str) -> None:
    for ch in text:
        if ord(ch) > 127:
            if ch.isspace():
                continue
            raise CommandError(
                f"The text contains “{ch}”, {_lookalike(ch)}, which is not a plain letter or digit "
                "(it may have been pasted from a document). Please retype the code with a normal keyboard."
            )
        if ord(ch) < 32 and ch not in "\t\n\r":
            raise CommandError("The text contains a control character. Please retype the command.")


def _tokens(text: str) -> list[str]:
    out = []
    for raw in re.split(r"[\s,;+&]+", text):
        tok = raw.strip(_WRAPPERS)
        if tok:
            out.append(tok)
    return out


def _parse_date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d", "%m-%d-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"“{value}” is not a date: write the date of service as dos:YYYY-MM-DD, e.g. dos:2025-11-01.")


def _parse_units(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_UNITS:
        raise CommandError(f"“{value}” is not a number of units: use units:N with N from 1 to {MAX_UNITS}.")
    return int(value)


def _looks_like_code(tok: str) -> bool:
    return bool(HCPCS_RE.match(tok) or _CODE_WITH_MODS.match(tok))


def _is_keyword(tok: str) -> bool:
    low = tok.lower()
    return bool(
        _OPTION_RE.match(low)
        or low in _FACILITY_WORDS
        or low in _OFFICE_WORDS
        or low in SCHEDULE_WORDS
        or low in {"npp", "qpp", "nonqpp", "rural", "induction"}
    )


@dataclass
class _Builder:
    lines: list[list[object]] = field(default_factory=list)  # [hcpcs, [mods], units|None]
    pending_units: int | None = None


def parse(text: str) -> Command:
    """Parse the text after `/cpt`. Raises `CommandError` with a user-facing message."""
    if text is None:  # defensive: Slack always sends a string
        text = ""
    if len(text) > MAX_TEXT:
        raise CommandError(f"That is {len(text):,} characters; /cpt reads at most {MAX_TEXT:,}. {USAGE}")
    text = normalise(text)
    if len(text) > MAX_TEXT:
        raise CommandError(f"That is too long; /cpt reads at most {MAX_TEXT:,} characters. {USAGE}")
    check_ascii(text)
    tokens = _tokens(text)
    if not tokens:
        return HelpCommand()
    head = tokens[0].lower()
    if head in {"help", "?", "-h", "--help", "usage"}:
        return HelpCommand(" ".join(t.lower() for t in tokens[1:2]))
    if head == "watch":
        if len(tokens) == 1:
            return WatchCommand(None)
        arg = tokens[1].lower()
        if arg in {"on", "yes", "true", "start", "enable"} and len(tokens) == 2:
            return WatchCommand(True)
        if arg in {"off", "no", "false", "stop", "disable"} and len(tokens) == 2:
            return WatchCommand(False)
        raise CommandError("Use `/cpt watch on` or `/cpt watch off` (or `/cpt watch` to see the current setting).")
    return _parse_quote(tokens)


def _parse_quote(tokens: list[str]) -> QuoteCommand:
    lines: list[tuple[str, list[str], int | None]] = []
    zip_code: str | None = None
    locality: str | None = None
    facility: bool | None = None
    dos: date | None = None
    variant: str | None = None
    npp = False
    schedule: str | None = None
    base_units: Decimal | None = None
    minutes: int | None = None
    induction = rural = False
    all_units: int | None = None
    notes: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        up = tok.upper()
        low = tok.lower()
        opt = _OPTION_RE.match(low)
        if opt:
            key, value = opt.group(1), tok[len(opt.group(0)) - len(opt.group(2)):].strip()
            if not value and i + 1 < len(tokens):  # "zip: 94110"
                i += 1
                value = tokens[i]
            if key == "zip":
                z = value.strip()
                if not re.fullmatch(r"\d{5}(-\d{4})?", z):
                    raise CommandError(f"“{z}” is not a ZIP code: use zip: and 5 digits, e.g. zip:94110.")
                zip_code = z[:5]
            elif key in {"loc", "locality"}:
                words = [value] if value else []
                while i + 1 < len(tokens) and not _is_keyword(tokens[i + 1]) and not (
                    _looks_like_code(tokens[i + 1].upper()) and words
                ):
                    i += 1
                    words.append(tokens[i])
                loc = " ".join(words).strip()
                if not loc:
                    raise CommandError(
                        "loc: needs a locality: a carrier-locality (loc:01112-05), or a state and part of the "
                        "name (loc:CA san francisco), or loc:national."
                    )
                if re.fullmatch(r"\d{5}", loc):
                    zip_code = loc
                else:
                    locality = "national" if loc.lower() in _NATIONAL_WORDS else loc
            elif key in {"dos", "date"}:
                dos = _parse_date(value)
            elif key in {"units", "unit", "u"}:
                n = _parse_units(value)
                if lines:
                    code, mods, _ = lines[-1]
                    lines[-1] = (code, mods, n)
                else:
                    all_units = n
            elif key == "variant":
                variant = _variant(value)
            elif key == "base":
                base_units = _parse_base(value)
            else:  # minutes, mins, min, time
                if not value.isdigit() or not 0 <= int(value) <= 24 * 60:
                    raise CommandError(f"“{_clip(value)}” is not a number of minutes: use minutes:N, e.g. minutes:45.")
                minutes = int(value)
            i += 1
            continue
        if low in _FACILITY_WORDS:
            facility = True
        elif low in _OFFICE_WORDS:
            facility = False
        elif low == "npp":
            npp = True
        elif low in SCHEDULE_WORDS:
            schedule = SCHEDULE_WORDS[low]
        elif low == "rural":
            rural = True
        elif low == "induction":
            induction = True
        elif low in {"qpp", "nonqpp"}:
            variant = _variant(low)
        elif low in _NATIONAL_WORDS:
            locality = "national"
        elif re.fullmatch(r"x\d{1,3}", low) and lines:  # "x2" after a code = 2 units
            code, mods, _ = lines[-1]
            lines[-1] = (code, mods, _parse_units(low[1:]))
        elif HCPCS_RE.match(up):
            lines.append((up, [], None))
        elif m := _CODE_WITH_MODS.match(up):
            if not HCPCS_RE.match(m.group(1)):
                raise CommandError(_bad_code(m.group(1)))
            lines.append((m.group(1), [x for x in m.group(2).split("-") if x], None))
        elif MODIFIER_RE.match(up) and lines:
            lines[-1][1].append(up)
        elif MODIFIER_RE.match(up):
            raise CommandError(f"“{tok}” looks like a modifier but comes before any code. {USAGE}")
        elif re.fullmatch(r"[0-9A-Z]{3,7}", up) and any(c.isdigit() for c in up):
            raise CommandError(_bad_code(up))
        else:
            raise CommandError(f"I didn't understand “{_clip(tok)}”. {USAGE}")
        i += 1
    if not lines:
        raise CommandError(f"Which code? {USAGE}")
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out: list[CodeLine] = []
    for code, mods, units in lines:
        key = (code, tuple(mods))
        if key in seen:
            notes.append(f"{'-'.join((code, *mods))} was listed more than once; it is shown once.")
            continue
        seen.add(key)
        if len(set(mods)) != len(mods):
            raise CommandError(f"{code} has the same modifier twice.")
        if len(mods) > 4:
            raise CommandError(f"{code} has {len(mods)} modifiers; a claim line takes at most 4.")
        out.append(CodeLine(code, tuple(mods), units or all_units or 1))
    if len(out) > MAX_CODES:
        raise CommandError(f"That is {len(out)} codes; /cpt checks at most {MAX_CODES} at once.")
    if zip_code and locality:
        raise CommandError("Give either zip: or loc:, not both.")
    return QuoteCommand(
        tuple(out), zip_code, locality, facility, dos, variant, npp, tuple(notes),
        schedule, base_units, minutes, induction, rural,
    )


def _parse_base(value: str) -> Decimal:
    try:
        base = Decimal(value)
    except InvalidOperation:
        base = Decimal(-1)
    if not base.is_finite() or not 0 <= base <= 100:
        raise CommandError(f"“{_clip(value)}” is not a number of anesthesia base units: use base:N, e.g. base:4.")
    return base


def _variant(value: str) -> str:
    v = value.strip().lower()
    if v == "qpp":
        return "QPP"
    if v in {"nonqpp", "non-qpp"}:
        return "nonQPP"
    raise CommandError(f"“{_clip(value)}” is not a fee-schedule variant: use qpp or nonqpp.")


def _bad_code(code: str) -> str:
    hint = ""
    if "O" in code and re.fullmatch(r"[0-9O]{5}", code):
        hint = f" Did you mean {code.replace('O', '0')} (zero, not the letter O)?"
    return (
        f"“{_clip(code)}” is not a HCPCS code: CPT codes are 5 characters such as 77002 or 0213T, "
        f"HCPCS Level II codes a letter and 4 digits such as G0121.{hint}"
    )


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# -- codes named in conversation ---------------------------------------------------------------

_MENTIONED = re.compile(
    r"(?<![\w$.#/:@-])((?:[0-9]{4}[0-9A-Z])|(?:[A-Z][0-9]{4}))((?:-[0-9A-Z]{2})*)(?![\w/@]|\.\d|,\d|-\d)"
)


def codes_in_text(text: str, limit: int = MAX_CODES) -> list[CodeLine]:
    """HCPCS-shaped codes (with -modifiers) named in free text, in order, without duplicates.

    Dollar amounts, decimals, phone numbers and ids glued to other characters are skipped. The
    caller keeps only codes that exist in the fee schedule. The text itself is not retained."""
    if len(text) > 40_000:
        text = text[:40_000]
    text = normalise(text).upper()
    out: list[CodeLine] = []
    seen: set[str] = set()
    for m in _MENTIONED.finditer(text):
        code = m.group(1)
        mods = tuple(x for x in m.group(2).split("-") if x)
        if code in seen:
            continue
        seen.add(code)
        out.append(CodeLine(code, mods))
        if len(out) >= limit:
            break
    return out
