"""Reading claim lines the way billers type them: ``CODE[-MOD[-MOD...]][xUNITS]``.

Examples: ``77002``, ``77002-26``, ``11750-F1-59``, ``97110x4``, ``20610-RT*2``. Codes and modifiers are
case-insensitive. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.pricing.bundling_types import ClaimLine

# CPT Category I (5 digits), vaccine admin (A), Category II (F), MAAA (M), Category III (T), PLA (U);
# HCPCS Level II: one letter and four digits.
HCPCS_SHAPE = re.compile(r"^(?:\d{4}[0-9AFMTU]|[A-Z]\d{4})$")
_TOKEN = re.compile(r"^(?P<code>[A-Z0-9]{5})(?P<mods>(?:-[A-Z0-9]{2})*)(?:\s*[X*]\s*(?P<units>\d+))?$")
_UNITS_ALONE = re.compile(r"^[X*]\s*\d+$")
MAX_UNITS = 9999


class ClaimLineError(ValueError):
    """A code the user typed that is not a valid HCPCS/CPT claim line; the message says why."""


def is_hcpcs(code: str) -> bool:
    return HCPCS_SHAPE.match(code) is not None


def _shown(text: str) -> str:
    """The user's token quoted in a message, cut short so a pasted essay is not echoed back."""
    return repr(text if len(text) <= 24 else text[:24] + "...")


def parse_line(token: str) -> ClaimLine:
    """One typed token → a claim line, or ClaimLineError with a message a biller understands."""
    text = token.strip().upper()
    if not text:
        raise ClaimLineError("empty code")
    match = _TOKEN.match(text)
    if match is None:
        code = text.partition("-")[0]
        code = re.split(r"[X*]\d+$", code)[0]
        if not is_hcpcs(code):
            raise ClaimLineError(
                f"{_shown(code or text)} is not a HCPCS/CPT code: expected 5 characters, either 5 digits (99213), "
                "4 digits and A/F/M/T/U (0001U), or a letter and 4 digits (G0008)"
            )
        raise ClaimLineError(
            f"{_shown(token.strip())} is not a claim line: expected CODE[-MOD][xUNITS], "
            "e.g. 77002-26 or 97110x4 (modifiers are 2 letters or digits)"
        )
    code, units_text = match.group("code"), match.group("units")
    modifiers = [m for m in match.group("mods").split("-") if m]
    if not is_hcpcs(code):
        raise ClaimLineError(
            f"{code!r} is not a HCPCS/CPT code: expected 5 characters, either 5 digits (99213), "
            "4 digits and A/F/M/T/U (0001U), or a letter and 4 digits (G0008)"
        )
    units = int(units_text) if units_text else 1
    if not 1 <= units <= MAX_UNITS:
        raise ClaimLineError(f"{_shown(token.strip())}: units must be between 1 and {MAX_UNITS}")
    return ClaimLine(code, tuple(dict.fromkeys(modifiers)), units)


@dataclass(frozen=True, slots=True)
class ParsedLines:
    lines: tuple[ClaimLine, ...]
    errors: tuple[str, ...]  # one message per bad token
    notes: tuple[str, ...]  # e.g. duplicates collapsed


def parse_lines(tokens: Iterable[str]) -> ParsedLines:
    """Every token parsed; bad ones collected as messages; exact duplicates reported once.

    Units typed as a word of their own (``0009U x3``) belong to the code before them."""
    lines: list[ClaimLine] = []
    errors: list[str] = []
    seen: dict[ClaimLine, int] = {}
    joined: list[str] = []
    for token in tokens:
        if joined and _UNITS_ALONE.match(token.strip().upper()) and not _UNITS_ALONE.match(joined[-1].strip().upper()):
            joined[-1] = f"{joined[-1].strip()}{token.strip()}"
        else:
            joined.append(token)
    for token in joined:
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
    notes = tuple(f"{line.label} was listed {n} times; checked once" for line, n in seen.items() if n > 1)
    return ParsedLines(tuple(lines), tuple(errors), notes)
