"""Codes, modifiers and claim lines: what they look like and how billers type them. Pure: no I/O.

A claim line is one service as it goes on a claim: a HCPCS/CPT code, up to four modifiers and a
number of units. Billers type it in any of these forms (case-insensitive)::

    77002            77002-26          11750-F1-59         97110x4
    97110*4          20610-RT*2        0009U x3 (units as a word of their own, see parse_lines)

Units: one limit, 1 to MAX_UNITS (999). That is the most the units field of a CMS-1500 claim line
(item 24G, three characters) holds, the same limit the pricing core applies, so every line read here
can also be priced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.pricing.errors import shown

# CPT: five digits, or four digits and a letter (today A, F, M, T, U: the letter set has grown over
# the years, so any letter is accepted here and the fee schedule or NCCI table decides whether the code
# exists); HCPCS Level II: one letter and four digits.
HCPCS_PATTERN = r"(?:\d{4}[0-9A-Z]|[A-Z]\d{4})"  # unanchored, for finding codes in text
MODIFIER_PATTERN = r"[0-9A-Z]{2}"
HCPCS_SHAPE = re.compile(f"^{HCPCS_PATTERN}$")
MODIFIER_SHAPE = re.compile(f"^{MODIFIER_PATTERN}$")
MAX_UNITS = 999
MAX_MODIFIERS = 4
CODE_FORMS = (
    "5 characters, either 5 digits (99213), 4 digits and a letter (0001U, 0633T), or a letter and 4 digits (G0008)"
)

# A code as typed, before it is checked against HCPCS_SHAPE: 5 letters or digits, so that a typo such
# as 77OO2 can still be looked up for the closest valid codes.
TYPED_CODE = re.compile(r"^[A-Z0-9]{5}$")
# CODE[-MOD...][xN | *N]
_LINE = re.compile(r"^(?P<code>[A-Z0-9]{5})(?P<mods>(?:-[A-Z0-9]{2})*)-?(?:\s*[X*]\s*(?P<units>\d+))?$")
_UNITS_ALONE = re.compile(r"^[X*]\s*\d+$")


class ClaimLineError(ValueError):
    """A token that is not a valid claim line; the message names the token and says why."""

    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.token = token


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One service as the biller puts it on a claim line. `text` is what was typed (not compared)."""

    hcpcs: str  # upper case, e.g. "77002", "0001U", "G0008"
    modifiers: tuple[str, ...] = ()  # e.g. ("26",), ("59", "RT")
    units: int = 1
    text: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        """Code and modifiers: ``20610-RT``."""
        return "-".join((self.hcpcs, *self.modifiers))

    @property
    def entry(self) -> str:
        """Code, modifiers and units as a biller writes them: ``20610-RT x2`` (units only when not 1)."""
        return self.label if self.units == 1 else f"{self.label} x{self.units}"


def normalise_code(text: str) -> str:
    """Upper case, surrounding spaces removed."""
    return text.strip().upper()


def is_hcpcs(code: str) -> bool:
    return HCPCS_SHAPE.match(code) is not None


def is_typed_code(text: str) -> bool:
    """Five letters or digits: worth looking up (maybe a typo of a real code)."""
    return TYPED_CODE.match(text) is not None


def is_modifier(text: str) -> bool:
    return MODIFIER_SHAPE.match(text) is not None


def units_ok(units: int) -> bool:
    return 1 <= units <= MAX_UNITS


def not_a_code(code: str) -> str:
    return f"{shown(code)} is not a HCPCS/CPT code: expected {CODE_FORMS}"


@dataclass(frozen=True, slots=True)
class LineParts:
    """A token split into code, modifiers (as typed, in order) and units (None: not typed)."""

    hcpcs: str
    modifiers: tuple[str, ...]
    units: int | None


def split_line(token: str) -> LineParts | None:
    """The parts of a ``CODE[-MOD...][xN]`` token (upper-cased), or None when it does not have that
    shape. The code is not checked against HCPCS_SHAPE and units are not range-checked here."""
    match = _LINE.match(token.strip().upper())
    if match is None:
        return None
    units = match.group("units")
    mods = tuple(m for m in match.group("mods").split("-") if m)
    return LineParts(match.group("code"), mods, int(units) if units else None)


def parse_line(token: str) -> ClaimLine:
    """One typed token → a claim line (repeated modifiers kept once), or ClaimLineError."""
    text = token.strip().upper()
    if not text:
        raise ClaimLineError("empty code", token)
    parts = split_line(text)
    if parts is None:
        code = re.split(r"[X*]\d+$", text.partition("-")[0])[0]
        if not is_hcpcs(code):
            raise ClaimLineError(not_a_code(code or text), token)
        raise ClaimLineError(
            f"{shown(token)} is not a claim line: expected CODE[-MOD][xUNITS], "
            "e.g. 77002-26 or 97110x4 (modifiers are 2 letters or digits)",
            token,
        )
    if not is_hcpcs(parts.hcpcs):
        raise ClaimLineError(not_a_code(parts.hcpcs), token)
    units = 1 if parts.units is None else parts.units
    if not units_ok(units):
        raise ClaimLineError(f"{shown(token)}: units must be between 1 and {MAX_UNITS}", token)
    return ClaimLine(parts.hcpcs, tuple(dict.fromkeys(parts.modifiers)), units, token.strip())


@dataclass(frozen=True, slots=True)
class ParsedLines:
    lines: tuple[ClaimLine, ...]
    errors: tuple[str, ...]  # one message per bad token
    notes: tuple[str, ...]  # e.g. duplicates collapsed


def join_units(tokens: Iterable[str]) -> list[str]:
    """Units typed as a word of their own (``0009U x3``, ``20610-RT *2``) joined to the token before."""
    joined: list[str] = []
    for token in tokens:
        if joined and _UNITS_ALONE.match(token.strip().upper()) and not _UNITS_ALONE.match(joined[-1].strip().upper()):
            joined[-1] = f"{joined[-1].strip()}{token.strip()}"
        else:
            joined.append(token)
    return joined


def parse_lines(tokens: Iterable[str]) -> ParsedLines:
    """Every token parsed; bad ones collected as errors; exact duplicates reported once."""
    lines: list[ClaimLine] = []
    errors: list[str] = []
    seen: dict[ClaimLine, int] = {}
    for token in join_units(tokens):
        try:
            line = parse_line(token)
        except ClaimLineError as exc:
            errors.append(str(exc))
            continue
        if line in seen:
            seen[line] += 1
            continue
        seen[line] = 1
        lines.append(line)
    notes = tuple(f"{line.entry} was listed {n} times; checked once" for line, n in seen.items() if n > 1)
    return ParsedLines(tuple(lines), tuple(errors), notes)
