"""Fold text to the plain form the PHI screen reads, keeping a map back to the original. Pure.

Someone hiding a name or a number from a screen writes it so that it *looks* the same to a person
but not to a pattern: a zero-width space inside an SSN, a Cyrillic "а" inside "Maria", full-width
digits, a soft hyphen, an accent. `fold(text)` undoes all of these, one character at a time (so it
is linear in the input):

- Unicode NFKC per character (full-width letters and digits, ligatures, superscripts, "＠"),
  then accents removed ("José" → "Jose");
- format characters (Unicode category Cf: zero-width space/joiner, soft hyphen, bidi controls, BOM)
  and marks standing alone (emoji variation selectors, the keycap of "5️⃣") removed; control characters
  other than newline and tab removed;
- confusable letters from Cyrillic, Greek and Armenian mapped to the Latin letter they imitate;
- every kind of space to " ", every dash to "-", curly quotes to straight ones, digits of other
  scripts to ASCII digits;
- HTML character references and %-escapes decoded ("r&#46;vasquez&#64;yahoo&#46;com",
  "Mar%C3%ADa%20Rodr%C3%ADguez"): a page or a link shows what they stand for.

`Folded.span(start, end)` turns a span of the folded text back into a span of the original, so a
finding can point at what the reporter typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Letters of other scripts that a reader takes for a Latin letter (Unicode confusables, the
# single-letter cases that matter for names and codes).
_CONFUSABLES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "г": "r", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "ӏ": "l", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b", "ү": "y", "з": "3",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "З": "3", "І": "I", "Ї": "I", "Ј": "J", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q",
    "Ԝ": "W", "Ӏ": "I", "Ү": "Y", "Һ": "H",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "c", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Armenian and Latin look-alikes NFKC leaves alone
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ı": "i", "ȷ": "j", "ǀ": "l", "ɡ": "g", "ɑ": "a", "ʏ": "y",
    # punctuation a pattern must see plainly
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹘": "-", "⁃": "-",
})  # fmt: skip

_KEEP_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the index of the original character it came from."""

    text: str
    origin: Sequence[int]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span a folded span [start, end) was made from."""
        if not self.origin or start >= len(self.origin):
            return self.original_length, self.original_length
        first = self.origin[start]
        last = self.origin[min(end, len(self.origin)) - 1] + 1 if end > start else first
        return first, last


def _fold_char(ch: str) -> str:
    if ch.isascii():
        if (ch < " " and ch not in _KEEP_CONTROLS) or ch == "\x7f":
            return "\n" if ch in "\r\x0b\x0c" else ""
        return ch.translate(_CONFUSABLES)
    category = unicodedata.category(ch)
    if category in ("Cf", "Cc"):
        return "\n" if ch == "\x85" else ""
    if category in ("Mn", "Me", "Mc"):
        return ""  # a mark standing alone: an accent typed apart, a variation selector, a keycap ("5️⃣")
    if category == "Zs":
        return " "
    if category in ("Zl", "Zp"):
        return "\n"
    if category == "Nd":
        return str(unicodedata.digit(ch))
    out = unicodedata.normalize("NFKC", ch).translate(_CONFUSABLES)
    # Accents off: decompose and drop the combining marks ("é" → "e").
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c))
    return out.translate(_CONFUSABLES)


_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f`]")
# Stretches that fold to themselves (printable ASCII but "%", "&" and "`", newline, tab), copied whole.
_PLAIN = re.compile(r"[\x20-\x24\x27-\x5f\x61-\x7e\n\t]+")
# Characters written as a web page or a link writes them: "&#64;", "&#x40;", "&amp;", "%C3%AD%20".
_ENCODED = re.compile(
    r"&#\d{1,7};|&#[xX][0-9a-fA-F]{1,6};|&(?:amp|lt|gt|quot|apos|nbsp|commat|period|lowbar);|(?:%[0-9A-Fa-f]{2})+"
)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": " ", "commat": "@", "period": ".",
             "lowbar": "_"}  # fmt: skip


def _decoded(encoded: str) -> str:
    """The characters an HTML entity or a run of %-escapes stands for ("" when they stand for none)."""
    if encoded.startswith("%"):
        return bytes.fromhex(encoded.replace("%", "")).decode("utf-8", errors="ignore")
    body = encoded[1:-1]
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        return chr(code) if 0 < code <= 0x10FFFF else ""
    return _ENTITIES[body]


def fold(text: str) -> Folded:
    """Fold `text` for screening (see the module docstring). Linear in the length of `text`."""
    if text.isascii() and not _ASCII_CONTROLS.search(text) and not _ENCODED.search(text):
        return Folded(text, range(len(text)), len(text))  # nothing to fold: the common case
    pieces: list[str] = []
    origin: list[int] = []
    cache: dict[str, str] = {}
    i = 0
    n = len(text)
    while i < n:
        plain = _PLAIN.match(text, i)
        if plain is not None:
            pieces.append(plain.group())
            origin.extend(range(i, plain.end()))
            i = plain.end()
            continue
        ch = text[i]
        encoded = _ENCODED.match(text, i) if ch in "%&" else None
        if encoded is not None:  # "&#64;" is "@" to whoever reads the page: fold what it stands for
            decoded = "".join(_fold_char(c) for c in _decoded(encoded.group()))
            pieces.append(decoded)
            origin.extend([i] * len(decoded))
            i = encoded.end()
            continue
        out = cache.get(ch)
        if out is None:
            out = cache[ch] = _fold_char(ch)
        if out:
            pieces.append(out)
            origin.extend([i] * len(out))
        i += 1
    return Folded("".join(pieces), origin, n)
