"""The `/cpt` grammar: text as typed in Slack → a typed command. Pure: no I/O, never raises
anything but `CommandError` (whose message is written for the user).

    /cpt 77002                      one code, national, non-facility (office)
    /cpt 77002 26  |  77002-26      with modifier(s)
    /cpt 77002 26 zip:94110         locality from a ZIP
    /cpt 77002 loc:01112-05         carrier-locality
    /cpt 77002 loc:CA san francisco state + part of the locality name
    /cpt 99213 facility             facility setting (default: non-facility/office)
    /cpt 20610 77002                two or more codes: each quote plus bundling
    /cpt 97110x4 20610-RT*2         units with the code (the line forms of `billbot bundle`, see
                                    bot.pricing.lines); `97110 x4` and `20610-RT *2` too
    dos:2025-11-01  units:2         date of service; units for the code before it (or all codes)
    /cpt 80053 clfs  /cpt 29881 asc a fee schedule by name (clfs asp dmepos anes opps asc pfs; default:
                                    the PFS where payable, else the one listing the code), see
                                    bot.command_schedules; base:4 minutes:45 induction (anesthesia), rural
    /cpt help   /cpt watch on|off

Case- and spacing-tolerant. Text is NFKC-normalised (full-width digits, non-breaking spaces,
Unicode dashes); characters that only look like letters or digits (Cyrillic О in 77О02) are
rejected with a message saying which one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from bot.command_schedules import FLAG_WORDS, OPTION_KEYS, SCHEDULE_WORDS, parse_base, parse_minutes
from bot.command_text import MAX_CODES, check_ascii, clip, normalise
from bot.command_text import CommandError as CommandError  # the error the grammar raises, re-exported
from bot.pricing.lines import (
    MAX_MODIFIERS,
    MAX_UNITS,
    ClaimLine,
    is_hcpcs,
    is_modifier,
    split_line,
)

MAX_TEXT = 2000

_UNITS_WORD = re.compile(r"^[x*]\d+$")  # "x2" / "*2" after a code = 2 units
_WRAPPERS = "`*_~\"'()[]{}"
_OPTION_RE = re.compile(
    r"^(zip|loc|locality|dos|date|units|unit|u|variant|release|rel|base|minutes|mins|min|time)\s*[:=](.*)$"
)
_FACILITY_WORDS = {"facility", "fac", "hospital", "inpatient"}
_OFFICE_WORDS = {"office", "nonfacility", "non-facility", "nf", "non_facility"}
_NATIONAL_WORDS = {"national", "nat", "national-average"}

USAGE = (
    "Try `/cpt 77002 26`, `/cpt 77002-26 zip:94110`, `/cpt 77002 loc:01112-05 facility`, "
    "`/cpt 20610 77002` (bundling) or `/cpt help`."
)


@dataclass(frozen=True, slots=True)
class QuoteCommand:
    lines: tuple[ClaimLine, ...]
    zip_code: str | None = None
    locality: str | None = None  # "01112-05", "CA san francisco" or "national"
    facility: bool | None = None  # None: not said (user default, else non-facility)
    dos: date | None = None
    variant: str | None = None  # "QPP" / "nonQPP" for CY2026 on
    npp: bool = False  # non-physician practitioner (85 %)
    notes: tuple[str, ...] = ()
    release: str | None = None  # "RVU25D": price under this release (as `billbot price --release`)
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


def _tokens(text: str) -> list[str]:
    out = []
    for raw in re.split(r"[\s,;+&]+", text):
        tok = raw if _UNITS_WORD.match(raw.lower()) else raw.strip(_WRAPPERS)
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
    parts = split_line(tok)
    return parts is not None and (is_hcpcs(parts.hcpcs) or bool(parts.modifiers))


def _is_keyword(tok: str) -> bool:
    low = tok.lower()
    return bool(
        _OPTION_RE.match(low)
        or low in _FACILITY_WORDS
        or low in _OFFICE_WORDS
        or low in SCHEDULE_WORDS
        or low in FLAG_WORDS
        or low in {"npp", "qpp", "nonqpp"}
    )


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


@dataclass
class _QuoteDraft:
    """What the tokens of a quote said so far; `lines` hold (code, modifiers, units or None)."""

    lines: list[tuple[str, list[str], int | None]] = field(default_factory=list)
    zip_code: str | None = None
    locality: str | None = None
    facility: bool | None = None
    dos: date | None = None
    variant: str | None = None
    release: str | None = None
    npp: bool = False
    all_units: int | None = None
    schedule: str | None = None
    base_units: Decimal | None = None
    minutes: int | None = None
    flags: set[str] = field(default_factory=set)  # "rural", "induction"

    def set_units(self, n: int) -> None:
        """Units for the code before (or, before any code, for all codes)."""
        if self.lines:
            code, mods, _ = self.lines[-1]
            self.lines[-1] = (code, mods, n)
        else:
            self.all_units = n


def _zip_option(draft: _QuoteDraft, value: str) -> None:
    z = value.strip()
    if not re.fullmatch(r"\d{5}(-\d{4})?", z):
        raise CommandError(f"“{z}” is not a ZIP code: use zip: and 5 digits, e.g. zip:94110.")
    draft.zip_code = z[:5]


def _locality_option(draft: _QuoteDraft, loc: str) -> None:
    if not loc:
        raise CommandError(
            "loc: needs a locality: a carrier-locality (loc:01112-05), or a state and part of the "
            "name (loc:CA san francisco), or loc:national."
        )
    if re.fullmatch(r"\d{5}", loc):
        draft.zip_code = loc
    else:
        draft.locality = "national" if loc.lower() in _NATIONAL_WORDS else loc


def _dos_option(draft: _QuoteDraft, value: str) -> None:
    draft.dos = _parse_date(value)


def _units_option(draft: _QuoteDraft, value: str) -> None:
    draft.set_units(_parse_units(value))


def _variant_option(draft: _QuoteDraft, value: str) -> None:
    draft.variant = _variant(value)


def _release_option(draft: _QuoteDraft, value: str) -> None:
    text = value.strip().upper()
    if not re.fullmatch(r"RVU\d{2}[A-Z]", text):
        raise CommandError(
            f"“{clip(value)}” is not a fee-schedule release: write it as CMS names it, e.g. release:RVU25D."
        )
    draft.release = text


def _base_option(draft: _QuoteDraft, value: str) -> None:
    draft.base_units = parse_base(value)
    if draft.base_units is None:
        raise CommandError(f"“{clip(value)}” is not a number of anesthesia base units: use base:N, e.g. base:4.")


def _minutes_option(draft: _QuoteDraft, value: str) -> None:
    draft.minutes = parse_minutes(value)
    if draft.minutes is None:
        raise CommandError(f"“{clip(value)}” is not a number of minutes: use minutes:N, e.g. minutes:45.")


_OPTIONS: dict[str, Callable[[_QuoteDraft, str], None]] = {
    "zip": _zip_option,
    "loc": _locality_option,
    "locality": _locality_option,
    "dos": _dos_option,
    "date": _dos_option,
    "units": _units_option,
    "unit": _units_option,
    "u": _units_option,
    "variant": _variant_option,
    "release": _release_option,
    "rel": _release_option,
    "base": _base_option,
    **dict.fromkeys(OPTION_KEYS[1:], _minutes_option),
}


def _setting_word(draft: _QuoteDraft, low: str) -> bool:
    """Apply a setting word (facility, office, npp, qpp, national); False when `low` is none of them."""
    if low in _FACILITY_WORDS:
        draft.facility = True
    elif low in _OFFICE_WORDS:
        draft.facility = False
    elif low == "npp":
        draft.npp = True
    elif low in {"qpp", "nonqpp"}:
        draft.variant = _variant(low)
    elif low in _NATIONAL_WORDS:
        draft.locality = "national"
    elif low in SCHEDULE_WORDS:
        draft.schedule = SCHEDULE_WORDS[low]
    elif low in FLAG_WORDS:
        draft.flags.add(low)
    else:
        return False
    return True


def _option(draft: _QuoteDraft, tokens: list[str], i: int, opt: re.Match[str]) -> int:
    """Apply the option at tokens[i] (its value may be the next token, a locality several); returns
    the index of the last token used."""
    tok = tokens[i]
    key, value = opt.group(1), tok[len(opt.group(0)) - len(opt.group(2)) :].strip()
    if not value and i + 1 < len(tokens):  # "zip: 94110"
        i += 1
        value = tokens[i]
    if key in {"loc", "locality"}:
        words = [value] if value else []
        while (
            i + 1 < len(tokens)
            and not _is_keyword(tokens[i + 1])
            and not (_looks_like_code(tokens[i + 1].upper()) and words)
        ):
            i += 1
            words.append(tokens[i])
        value = " ".join(words).strip()
    _OPTIONS[key](draft, value)
    return i


def _code_or_modifier(draft: _QuoteDraft, tok: str) -> None:
    up, low = tok.upper(), tok.lower()
    if _UNITS_WORD.match(low) and draft.lines:
        draft.set_units(_parse_units(low[1:]))
    elif _looks_like_code(up) or ((parts := split_line(up)) is not None and parts.units is not None):
        draft.lines.append(_code_token(up))
    elif is_modifier(up) and draft.lines:
        draft.lines[-1][1].append(up)
    elif is_modifier(up):
        raise CommandError(f"“{tok}” looks like a modifier but comes before any code. {USAGE}")
    elif re.fullmatch(r"[0-9A-Z]{3,7}", up) and any(c.isdigit() for c in up):
        raise CommandError(_bad_code(up))
    else:
        raise CommandError(f"I didn't understand “{clip(tok)}”. {USAGE}")


def _parse_quote(tokens: list[str]) -> QuoteCommand:
    draft = _QuoteDraft()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if opt := _OPTION_RE.match(tok.lower()):
            i = _option(draft, tokens, i, opt)
        elif not _setting_word(draft, tok.lower()):
            _code_or_modifier(draft, tok)
        i += 1
    if not draft.lines:
        raise CommandError(f"Which code? {USAGE}")
    lines, notes = _claim_lines(draft)
    if len(lines) > MAX_CODES:
        raise CommandError(f"That is {len(lines)} codes; /cpt checks at most {MAX_CODES} at once.")
    if draft.zip_code and draft.locality:
        raise CommandError("Give either zip: or loc:, not both.")
    return QuoteCommand(
        tuple(lines), draft.zip_code, draft.locality, draft.facility, draft.dos, draft.variant, draft.npp, tuple(notes),
        release=draft.release, schedule=draft.schedule, base_units=draft.base_units, minutes=draft.minutes,
        induction="induction" in draft.flags, rural="rural" in draft.flags,
    )


def _claim_lines(draft: _QuoteDraft) -> tuple[list[ClaimLine], list[str]]:
    """The draft's lines as claim lines (a repeated code and modifiers shown once, with a note)."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out: list[ClaimLine] = []
    notes: list[str] = []
    for code, mods, units in draft.lines:
        key = (code, tuple(mods))
        if key in seen:
            notes.append(f"{'-'.join((code, *mods))} was listed more than once; it is shown once.")
            continue
        seen.add(key)
        if len(set(mods)) != len(mods):
            raise CommandError(f"{code} has the same modifier twice.")
        if len(mods) > MAX_MODIFIERS:
            raise CommandError(f"{code} has {len(mods)} modifiers; a claim line takes at most {MAX_MODIFIERS}.")
        out.append(ClaimLine(code, tuple(mods), units or draft.all_units or 1))
    return out, notes


def _code_token(token: str) -> tuple[str, list[str], int | None]:
    """A code token (``77002``, ``77002-26``, ``97110X4``, ``20610-RT*2``) → (code, modifiers, units)."""
    parts = split_line(token)
    if parts is None or not is_hcpcs(parts.hcpcs):
        raise CommandError(_bad_code(parts.hcpcs if parts else token))
    units = None if parts.units is None else _parse_units(str(parts.units))
    return parts.hcpcs, list(parts.modifiers), units


def _variant(value: str) -> str:
    v = value.strip().lower()
    if v == "qpp":
        return "QPP"
    if v in {"nonqpp", "non-qpp"}:
        return "nonQPP"
    raise CommandError(f"“{clip(value)}” is not a fee-schedule variant: use qpp or nonqpp.")


def _bad_code(code: str) -> str:
    hint = ""
    if "O" in code and re.fullmatch(r"[0-9O]{5}", code):
        hint = f" Did you mean {code.replace('O', '0')} (zero, not the letter O)?"
    return (
        f"“{clip(code)}” is not a HCPCS code: CPT codes are 5 characters such as 77002 or 0213T, "
        f"HCPCS Level II codes a letter and 4 digits such as G0121.{hint}"
    )
