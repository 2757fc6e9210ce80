"""Names that are also ordinary words ("rose", "bell", "baker", "young"), found where only a name goes. Pure.

Alone, "rose" or "baker" passes: "rose to the top", "the baker act". In a name's position it is a name:

- after a word of talking to or about a person and before what that person did or said: "spoke w/ baker
  about her units", "called young back", "pt young says", "patient bell is appealing"; or as a first name
  and a surname there: "pt jane doe";
- after an honorific, in any case, when a common surname or first name that is also a word ("mr carter",
  "Mrs. Young", "dr. baker"), unless it names a body part or a doctor's thing ("mr knee", "dr note");
- in lower case before "'s" and a word of a person's claim: "baker's eob", "young's balance" (not after
  "the", "a", "this": "the bill's balance").

Only the commonest census names count here (the 600 commonest first names of each sex, the 5,000 commonest
surnames) and never a payer or billing word ("spoke with humana about"). Honorifics, "surname, first",
"surname + initial" and file names are read by `bot.reports.names`, which calls `name_position_findings`
with its tokens. Linear: each token looks at most four tokens ahead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from bot.reports.findings import PhiFinding, PhiKind
from bot.reports.lexicon import Lexicon


class Token(Protocol):
    start: int
    end: int
    text: str
    word: str
    follows: str


# A word of talking to or about a person: a name may follow (after "with", "w/", "to", "back").
_TALK = {
    "spoke", "speak", "speaking", "talked", "talk", "talking", "called", "call", "calling", "emailed", "texted",
    "told", "asked", "messaged", "met", "patient", "pt", "member", "beneficiary", "bene", "insured", "subscriber",
    "guarantor", "attn", "dear", "cc", "mom", "dad", "wife", "husband", "daughter", "son", "reached", "contacted",
    "phoned", "paged", "notified", "informed", "reminded", "mailed", "wrote", "visited",
}  # fmt: skip
_LINKS = {"with", "w", "to", "back", "for", "out"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr"}
# Words after "mr"/"ms"/"dr" that are an MR study, multiple sclerosis or a doctor's thing, even when a surname.
_NOT_AFTER_TITLE = {
    "head", "neck", "brain", "chest", "spine", "hip", "knee", "shoulder", "ankle", "foot", "hand", "wrist", "elbow",
    "pelvis", "abdomen", "breast", "heart", "orbit", "orbits", "face", "arm", "leg", "thigh", "back", "bone",
    "liver", "joint", "lumbar", "cervical", "thoracic", "cardiac", "prostate", "angio", "contrast", "order",
    "orders", "note", "notes", "office", "visit", "flare", "patient", "patients", "signed", "said", "says", "wants",
}  # fmt: skip
# What a person does or says next: the word before it was the person.
_PERSON_NEXT = {
    "is", "was", "says", "said", "say", "called", "calls", "has", "had", "wants", "wanted", "needs", "needed",
    "asked", "asks", "states", "stated", "reports", "reported", "thinks", "thought", "got", "gets", "paid", "pays",
    "owes", "owed", "disputes", "disputed", "about", "re", "regarding", "today", "yesterday", "again", "back",
    "herself", "himself", "agreed", "refused", "signed", "never", "still", "already", "will", "would", "can",
    "cannot", "cant", "didnt", "doesnt", "isnt", "wasnt", "did", "does", "brought", "sent", "left", "came",
}  # fmt: skip
_POSSESSED = {
    "claim", "claims", "bill", "bills", "balance", "account", "visit", "appeal", "eob", "statement", "denial",
    "chart", "surgery", "injection", "procedure", "deductible", "copay", "coverage", "plan", "insurance",
    "secondary", "primary", "card", "address", "daughter", "son", "wife", "husband", "mri", "labs", "referral",
    "abn", "auth", "dos", "dob", "mrn", "ssn", "phone", "records", "file", "case", "refund", "payment",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "each", "every", "our", "your", "their", "his",
                "her", "my", "its", "any", "no", "one"}  # fmt: skip


# Words after which a first name and a surname are the person a claim is for.
_ON_BEHALF = {"for", "re", "regarding", "about"}


def _first_last(first: Token, last: Token, after: Token | None, lex: Lexicon) -> bool:
    """A common first name and a common surname, both also words, ending the clause or before what the person
    did: "for ruth baker", "re rose young's claim" (not "for grace period", "about bill pay")."""
    ends = (
        after is None
        or after.follows[:1] in (",", ".", ";", "!", "?", ")", ":")
        or (after.follows == "" and after.word.lower() in _PERSON_NEXT)
    )
    return (
        first.follows == ""
        and last.follows == ""
        and lex.is_common_first(first.word)
        and lex.is_common_surname(last.word)
        and _namelike(first.word, lex)
        and _namelike(last.word, lex)
        and ends
    )


_PRONOUNS = {"her", "him", "his", "hers", "them", "they", "she", "he", "you", "me", "us", "it", "we", "i"}


def _namelike(word: str, lex: Lexicon) -> bool:
    """One of the commonest census names, and not a payer or billing word (an eponym surname counts), nor a
    pronoun ("talk to her": Her is also a common Hmong surname)."""
    if word.lower() in _PRONOUNS or not (lex.is_common_first(word) or lex.is_common_surname(word)):
        return False
    return lex.is_eponym(word) or not lex.is_vocabulary(word)


def name_position_findings(toks: Sequence[Token], lex: Lexicon) -> Iterable[PhiFinding]:
    """Common names that are also words, where the words around them say a person is meant."""
    n = len(toks)
    for i, t in enumerate(toks):
        w = t.word.lower()
        if (
            w in _HONORIFICS
            and i + 1 < n
            and toks[i + 1].follows in ("", ".")
            and toks[i + 1].word.lower() not in _NOT_AFTER_TITLE
            and len(toks[i + 1].word) > 2
            and _namelike(toks[i + 1].word, lex)
            and not (w == "ms" and toks[i + 1].word.lower() in ("word", "office", "excel", "teams"))
        ):
            yield PhiFinding(t.start, toks[i + 1].end, PhiKind.NAME)
        if w in _TALK:
            j = i + 1
            while j < n and j <= i + 2 and toks[j].word.lower() in _LINKS and toks[j].follows in ("", "/"):
                j += 1
            if j < n and toks[j].follows in ("", "/", ":") and _namelike(toks[j].word, lex):
                after = toks[j + 1] if j + 1 < n else None
                if (
                    after is not None
                    and after.follows == ""
                    and lex.is_common_first(toks[j].word)
                    and lex.is_common_surname(after.word)
                    and _namelike(after.word, lex)
                ):
                    yield PhiFinding(toks[j].start, after.end, PhiKind.NAME)  # "pt jane doe", "spoke w/ rose bell"
                    continue
                ends = (
                    after is None
                    or (after.follows == "" and after.word.lower() in _PERSON_NEXT)
                    or after.follows[:1] in (",", ".", ";", "!", "?", ")")
                )
                if ends and not toks[j].text.lower().endswith("'s"):
                    yield PhiFinding(toks[j].start, toks[j].end, PhiKind.NAME)
        after_pair = toks[i + 3] if i + 3 < n else None
        if w in _ON_BEHALF and i + 2 < n and _first_last(toks[i + 1], toks[i + 2], after_pair, lex):
            yield PhiFinding(toks[i + 1].start, toks[i + 2].end, PhiKind.NAME)  # "void the duplicate for ruth baker"
        if (
            t.text.lower().endswith("'s")
            and t.word.islower()
            and i + 1 < n
            and toks[i + 1].follows == ""
            and toks[i + 1].word.lower() in _POSSESSED
            and not (i > 0 and toks[i - 1].word.lower() in _DETERMINERS)
            and _namelike(t.word, lex)
        ):
            yield PhiFinding(t.start, t.end, PhiKind.NAME)
