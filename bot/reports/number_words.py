"""Numbers written in words or in single digits, as a person reads an identifier out. Pure.

A piece is one to four digits, or a number word: a digit ("seven", "oh" and "o" for zero), a teen ("eleven")
or a tens word with or without its unit ("sixty", "sixty-six", "twenty three"), or a digit said twice or three
times ("double oh", "triple five"). `piece_digits(piece)` gives the digits a piece stands for. The pattern
detectors join pieces into phone numbers, SSNs and record numbers (`bot.reports.detectors`,
`bot.reports.read_out`).
"""

from __future__ import annotations

import re

DIGIT_WORDS = {"zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9}  # fmt: skip
_TENS = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8, "ninety": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
PIECE = (
    rf"(?:(?:double|triple)[\s-]+(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|\d)(?![a-z\d])|\d{{1,4}}(?!\d)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:-|\s+){_UNIT}(?![a-z]))?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|zero|oh|o|one|two|three|four|five|six|seven|eight|nine)(?![a-z]))"  # a digit may touch a word: "5five5"
)
PIECES = re.compile(PIECE, re.IGNORECASE)
_SPLIT = re.compile(r"[-\s]+")


def piece_digits(piece: str) -> str:
    """The digits one piece stands for: "7" → "7", "seven" → "7", "eleven" → "11", "sixty-two" and "sixty two"
    → "62", "sixty" → "60"."""
    p = piece.lower()
    if p.startswith(("double", "triple")):  # "triple five" → "555"
        times, digit = _SPLIT.split(p)
        return piece_digits(digit) * (2 if times == "double" else 3)
    if p[0].isdigit():
        return p
    if p in DIGIT_WORDS:
        return str(DIGIT_WORDS[p])
    if p in _TEENS:
        return str(_TEENS[p])
    tens, *unit = _SPLIT.split(p)
    return f"{_TENS[tens]}{DIGIT_WORDS[unit[0]] if unit else 0}"
