"""Shapes of a written name that no name list needs to know: "EZE, EMEKA", "Obi, Chinwe M.", "Kim S.Y.", "vo t.".
Pure; called by `bot.reports.names` with its tokens, each rule looking at most two tokens ahead."""

from __future__ import annotations

import re
from typing import Protocol

from bot.reports import name_positions
from bot.reports.lexicon import Lexicon


class Token(name_positions.Token, Protocol):
    """A token with its case worked out (`bot.reports.names._Tok`)."""

    title: bool
    caps: bool


_VOWELS = frozenset("aeiouy")


def two_initials(initial: Token, text: str) -> bool:
    """An initial glued to a second one: "Kim S.Y.", "Vo T.K." (the next character is a capital and its stop)."""
    return initial.text.endswith(".") and re.match(r"[A-Z]\.", text[initial.end : initial.end + 2]) is not None


def caps_last_first(t: Token, nxt: Token | None, after: Token | None, lex: Lexicon) -> bool:
    """LAST, FIRST in capitals that no word list knows ("EZE, EMEKA"). Not a list of acronyms ("NGS, CGS",
    "FQHC, RHC, ASC"): both words have a vowel, neither is a word, and no third capitalised word follows."""

    def unknown_caps(tok: Token, shortest: int) -> bool:
        w = tok.word
        return (
            tok.caps
            and len(w) >= shortest
            and bool(_VOWELS & set(w.lower()))
            and not lex.is_english(w)
            and not lex.is_billing_word(w)
        )

    return (
        nxt is not None
        and nxt.follows == ","
        and unknown_caps(t, 3)
        and unknown_caps(nxt, 4)
        and not (after is not None and after.follows == "," and after.caps)
        and t.word == t.text  # no full stop or "'s" between the two
    )


def last_first_initial(t: Token, nxt: Token | None, after: Token | None, lex: Lexicon) -> bool:
    """Last, First and a middle initial ("Obi, Chinwe M."), as a chart or a claim prints a patient, whatever
    the lists know of the two names (not billing words or places: "Aetna, Humana B." is no one)."""

    def plain_name(tok: Token) -> bool:
        return (tok.title or tok.caps) and len(tok.word) >= 2 and not lex.is_billing_word(tok.word)

    return (
        nxt is not None
        and after is not None
        and nxt.follows == ","
        and t.word == t.text
        and plain_name(t)
        and plain_name(nxt)
        and after.follows == ""
        and len(after.word) == 1
        and after.word.isupper()
        and after.text.endswith(".")
        and not (lex.is_english(t.word) and lex.is_english(nxt.word))
    )


def short_surname(t: Token, initial: Token, lex: Lexicon) -> bool:
    """A two-letter surname ("Vo", "Ng", "Wu", "Le") before an initial with its full stop ("vo t."): only when
    the two letters are no English or billing word ("do", "ma", "oh" and "NG tube" stay words), or a common
    surname written as one before a capital initial ("Li X.")."""
    return (
        len(t.word) == 2
        and initial.text.endswith(".")
        and not lex.is_billing_word(t.word)
        and (not lex.is_english(t.word) or (t.title and initial.word.isupper() and lex.is_common_surname(t.word)))
    )
