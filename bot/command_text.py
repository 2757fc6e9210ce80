"""Text as Slack delivers it, made safe to parse: Unicode folded, look-alike characters named, and
the HCPCS codes a conversation mentions. Pure; shared by the /cpt grammar and the listeners."""

from __future__ import annotations

import re
import unicodedata

from bot.pricing.lines import HCPCS_PATTERN, MODIFIER_PATTERN, ClaimLine

MAX_CODES = 10
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


class CommandError(ValueError):
    """Something in the text could not be understood; the message says what and how to fix it.

    The message may quote what the user typed: renderers must escape it."""


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


def clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# -- codes named in conversation ---------------------------------------------------------------

_MENTIONED = re.compile(rf"(?<![\w$.#/:@-])({HCPCS_PATTERN})((?:-{MODIFIER_PATTERN})*)(?![\w/@]|\.\d|,\d|-\d)")


def codes_in_text(text: str, limit: int = MAX_CODES) -> list[ClaimLine]:
    """HCPCS-shaped codes (with -modifiers) named in free text, in order, without duplicates.

    Dollar amounts, decimals, phone numbers and ids glued to other characters are skipped. The
    caller keeps only codes that exist in the fee schedule. The text itself is not retained."""
    if len(text) > 40_000:
        text = text[:40_000]
    text = normalise(text).upper()
    out: list[ClaimLine] = []
    seen: set[str] = set()
    for m in _MENTIONED.finditer(text):
        code = m.group(1)
        mods = tuple(x for x in m.group(2).split("-") if x)
        if code in seen:
            continue
        seen.add(code)
        out.append(ClaimLine(code, mods))
        if len(out) >= limit:
            break
    return out
