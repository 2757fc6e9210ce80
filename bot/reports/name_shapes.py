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
    sentence_start: bool


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


# First names that are also verbs, before a word and a code: "will call 99213", "bill price 99214".
_VERB_NAMES = frozenset({"will", "may", "bill", "mark", "sue", "rob", "pat", "chase", "grant", "drew", "frank", "wade"})


_PERSON_VERB = re.compile(
    r"\s+(?:called|calls|owes|owed|paid|pays|wants|wanted|says|said|disputes|disputed|is\s+disputing|complained"
    r"|got|has|had|came|moved|passed|died|needs|needed|asked|left|refuses|refused|brought|signed|hasn't|didn't"
    r"|doesn't|never)\b"
)
_OPENER = re.compile(r"\b(?:so|ok|okay|fyi|re|pt|and|but|if|check|whether)\s+$")


def word_name_owning(t: Token, nxt: Token | None, text: str, lex: Lexicon) -> bool:
    """A common first name and a common surname in lower case, both also words, said to own a claim or a code
    ("rose bell's 99213", "faith brown's 20611", "hope young: uhc denied", "rose baker 28296") or opening a
    sentence before what a person does ("june park got billed", "if april may has a medigap"). Words alone
    ("grace period", "will call") have neither."""
    if nxt is None or not (t.text.islower() and nxt.text.islower()) or nxt.follows != "":
        return False
    if t.word.lower() in _VERB_NAMES or not (lex.is_common_first(t.word) and lex.is_common_surname(nxt.word)):
        return False
    rest = text[nxt.end : nxt.end + 3].lstrip(" ")
    if nxt.text.endswith("'s") or rest[:1] == ":" or rest[:1].isdigit():
        return True
    # Or as whom a sentence is about, before what a person does: "june park got billed", "april may has a medigap".
    verb = _PERSON_VERB.match(text, nxt.end)
    return verb is not None and (t.sentence_start or _OPENER.search(text, max(0, t.start - 8), t.start) is not None)


def titled_given_name(t: Token, nxt: Token | None, lex: Lexicon) -> bool:
    """A common first name in Title case mid-sentence before a Title-case word that is no billing word: "sending
    Ruth Kills Crow's records", "Mary Little Bear" (surnames no list holds). Not a verb a button is named with
    ("click Mark Complete")."""
    if nxt is None or t.sentence_start or nxt.follows != "" or not (t.title and nxt.title):
        return False
    if t.word.lower() in _VERB_NAMES or not lex.is_first(t.word):
        return False
    return not (lex.is_vocabulary(nxt.word) or lex.is_billing_word(nxt.word))


# A given name of two syllables joined by a hyphen, as Korean and Chinese names are written in English ("Min-jun",
# "Seo-yeon", "Xiao-ming"), beside a capitalised census name: "Kim Min-jun", "Min-jun Kim".
_HYPHENATED = re.compile(
    r"\b(?P<a>[A-Z][a-z]+)\s+(?P<b>[A-Z][a-z]{1,5}-(?P<bs>[a-z]{2,5}))\b(?!-)"
    r"|(?<![\w-])(?P<c>[A-Za-z][a-z]{1,5}-(?P<cs>[a-z]{2,5}))\s+(?P<d>[A-Za-z][a-z]+)\b"  # "min-jun park" too
)


# First halves of hyphenated words, never a given name's first syllable: "re-auth", "pre-htn", "add-on", "x-ray".
_HYPHEN_HEADS = frozenset({"re", "pre", "co", "non", "post", "sub", "de", "un", "ex", "self", "e", "anti", "multi",
                           "semi", "mid", "over", "under", "add", "log", "check", "call", "after", "follow", "x",
                           "amnio"})  # fmt: skip
_OWNED = re.compile(r"(?:'s\b|\s*:|\s+\d)")


def hyphenated_given_names(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of "Kim Min-jun" and "Min-jun Kim": the second syllable is no English word ("Bill Add-on" is a code)."""
    spans = []
    for m in _HYPHENATED.finditer(text):
        name, syllable = (m.group("a"), m.group("bs")) if m.group("a") else (m.group("d"), m.group("cs"))
        given = m.group("c")  # the hyphenated name first: "Min-jun Kim", "min-jun park"
        lower_case = given is not None and given.islower()
        if given is not None and (
            given.split("-")[0].lower() in _HYPHEN_HEADS  # "re-auth every 12", "Pre-htn or"
            or (not lower_case and not (given[0].isupper() and name[0].isupper()))  # "Self-adher band": mixed case
        ):
            continue
        if lower_case and not (len(name) >= 3 and lex.is_surname(name) and _OWNED.match(text, m.end())):
            continue  # in lower case only before a surname owning a code: "min-jun park 99203", not "re-eval more"
        if lex.is_name(name) and not lex.is_english(syllable):
            spans.append(m.span())
    return spans
