"""Names disguised so that no word list sees them: written apart letter by letter ("G r a c e", "h-i-r-o-s-h-i",
"J.o.h.n.s.o.n"), with digits for letters ("s4nt1ag0 m3ndez"), cut to initials ("initials J.R.S."), or written as
hexadecimal bytes ("4b 6f 77 61 6c 73 6b 69"). Pure.

`disguised_findings(text, lex)` joins such a run back into its word and reports it as a name when the word
is a census name or one the screen cannot explain (a person spells their own name apart, not "d-e-n-i-e-d").
A word of letters and digits is read with the usual substitutions (0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t) only
when every digit has one and letters outnumber digits, so codes ("G0121", "J3301", "A1C") and amounts ("10mg")
stay what they are. Linear: each run is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.reports.explain import explained
from bot.reports.findings import PhiFinding, PhiKind
from bot.reports.lexicon import Lexicon

# Four letters or more, each followed by the same one separator (a space, dot, hyphen, underscore, star, slash,
# or any symbol outside ASCII: "T🔹o🔹m🔹a🔹s").
_APART = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z](?P<sep>[ .\-_*/]|[^\w\s\x00-\x7f])[A-Za-z](?:(?P=sep)[A-Za-z]){2,}(?![A-Za-z0-9])"
)
_LETTERS_TALKED_OF = re.compile(r"\b(?:letters?|chars?|characters|alphabet|format)\b", re.IGNORECASE)
# A word of four characters or more with a letter and a digit.
_MIXED = re.compile(r"\b(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{4,}\b")
_QUANTITY = re.compile(r"\d+[A-Za-z]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_LEET_L = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t"})


# A person's initials, said to be initials or right after "pt" with their full stops: "initials J.R.S.", "pt
# initials are jrs", "pt M.G.".
_INITIALS = re.compile(
    r"\b(?i:initials)\s*(?:(?i:are|were)\s+|[:=\-]\s*)?(?P<said>(?:[A-Za-z]\.\s?){2,4}|[A-Za-z]{2,4}\b)"
    r"|\b(?i:pt|patient|member)\s+(?P<dotted>(?:[A-Z]\.){2,4})(?!\w)"
)
# Letters with full stops that are a role or a route, not a person: "pt P.T. eval", "M.D. signed".
_DOTTED_ROLES = frozenset({"pt", "ot", "st", "md", "do", "rn", "np", "pa", "er", "iv", "ed", "lpn", "cna", "ma", "dc",
                           "dpm", "od", "crna", "slp", "po", "im", "sc", "prn", "us", "uk", "dr"})  # fmt: skip


# Text written as hexadecimal bytes, in pairs apart or run together: "4b 6f 77 61 6c 73 6b 69", "4b6f77616c736b69".
_HEX = re.compile(r"(?<![\w:-])[0-9a-fA-F]{2}(?:[\s:-]?[0-9a-fA-F]{2}){3,63}(?![\w:-])")


def _hex_text(run: str) -> bool:
    """The bytes spell words: four letters or more, and nearly nothing but letters and spaces."""
    raw = bytes.fromhex(re.sub(r"[\s:-]", "", run))
    text = raw.decode("ascii", errors="replace")
    letters = sum(c.isalpha() for c in text)
    return letters >= 4 and letters + text.count(" ") + text.count(".") >= 0.85 * len(text)


def _a_name(word: str, lex: Lexicon) -> bool:
    return lex.is_name(word) or not explained(word, lex)


def disguised_findings(text: str, lex: Lexicon) -> Iterable[PhiFinding]:
    for m in _APART.finditer(text):
        sep = m.group("sep")
        talked_of = _LETTERS_TALKED_OF.search(text, max(0, m.start() - 25), min(len(text), m.end() + 25))
        if talked_of and not lex.is_name(m.group().replace(sep, "")):
            continue  # "no S L O I B Z letters": letters talked of, not a name written apart
        word = m.group().replace(sep, "").lower()  # "NGOZI" written apart is no acronym
        if sep == "/" and not (m.group().isupper() or lex.is_name(word)):
            continue  # CMS's lists of body parts: "f/e/e/n/l/m" (face, ears, eyelids, nose, lips, mucous membrane)
        if _a_name(word, lex) and not lex.is_billing_word(word):
            yield PhiFinding(m.start(), m.end(), PhiKind.NAME)
    for m in _HEX.finditer(text):
        if _hex_text(m.group()):
            yield PhiFinding(m.start(), m.end(), PhiKind.NAME)
    for m in _INITIALS.finditer(text):
        said = re.sub(r"[.\s]", "", m.group("said") or m.group("dotted")).lower()
        if said not in _DOTTED_ROLES and not (m.group("said") and lex.is_english(m.group("said"))):
            yield PhiFinding(m.start(), m.end(), PhiKind.NAME)
    for m in _MIXED.finditer(text):
        raw = m.group()
        letters = sum(c.isalpha() for c in raw)
        if letters <= len(raw) - letters or _QUANTITY.fullmatch(raw):
            continue  # mostly digits, or an amount and its unit ("10mg", "15min", "2units")
        for table in (_LEET, _LEET_L):
            word = raw.translate(table)
            if word.isalpha() and lex.is_name(word) and not lex.is_english(word) and not lex.is_billing_word(word):
                yield PhiFinding(m.start(), m.end(), PhiKind.NAME)
                break
