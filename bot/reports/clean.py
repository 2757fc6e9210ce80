"""Clean user text once, at the edge, before it is screened, stored or displayed. Pure.

`clean_text(text)` is what a handler calls on every piece of text a user typed (issue 10 item 5):

- bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) are *refused*: they make
  text display in an order other than the one it was typed in (a file name or a report that reads
  differently from what is stored), and nobody needs them in a denial note. `UnsafeText` carries
  the user-facing message;
- control characters are removed (NUL, which PostgreSQL refuses in text; the escape character that
  starts a terminal escape sequence; backspace and the rest), except newline and tab; a carriage
  return or a Unicode line/paragraph separator becomes a newline;
- invisible format characters (zero-width space, word joiner, soft hyphen, BOM, the left-to-right and
  right-to-left marks) are removed; a zero-width joiner is kept only inside an emoji sequence;
- the result is in Unicode NFC (canonical composition only: nothing a person would see changes).

`check_text(text)` is the same as a value: `(cleaned, None)` or `(text, message)`.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
REFUSAL = (
    "This text holds invisible direction-override characters (they make text display in a different "
    "order from how it was typed). Please retype it without them."
)
_ZWJ = "\u200d"


class UnsafeText(ValueError):
    """Text that is refused rather than cleaned; `str(error)` is the user-facing message."""

    def __init__(self, message: str = REFUSAL) -> None:
        super().__init__(message)


def _is_emoji(ch: str) -> bool:
    return not ch.isascii() and unicodedata.category(ch) in ("So", "Sk")


def clean_text(text: str) -> str:
    """The text with control and invisible format characters removed, in NFC; raises `UnsafeText`
    when it holds a bidi override. Linear in the length of the text."""
    if any(ch in BIDI_CONTROLS for ch in text):
        raise UnsafeText()
    text = text.replace("\r\n", "\n")
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            if (ch >= " " and ch != "\x7f") or ch in "\n\t":
                out.append(ch)
            elif ch in "\r\x0b\x0c":
                out.append("\n")
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            if ch == "\x85":
                out.append("\n")
            continue
        if category in ("Zl", "Zp"):
            out.append("\n")
            continue
        if category == "Cf":
            if ch == _ZWJ and out and _is_emoji(out[-1]) and i + 1 < len(text) and _is_emoji(text[i + 1]):
                out.append(ch)
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def check_text(text: str) -> tuple[str, str | None]:
    """`(clean_text(text), None)`, or `(text, message)` when the text is refused."""
    try:
        return clean_text(text), None
    except UnsafeText as refused:
        return text, str(refused)
