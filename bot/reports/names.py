"""The name detector of the PHI screen: census first names and surnames in the places names go. Pure.

Title + name ("Mr. Okafor", "mrs o'connor"), a trigger word + name ("patient Garcia", "spoke with
Maria"), First Last in any case when not two plain English words, "Last, First" (also in lower
case), a surname followed by an initial ("Nguyen T."), a capitalised possessive before a claim word
("Lupe's claim"), a capitalised census name mid-sentence, and names inside file names
("IMG_0412_okafor_chidi.png"). The text given is the folded text (`bot.reports.normalise.fold`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.reports.disguised import disguised_findings
from bot.reports.explain import explained
from bot.reports.findings import PhiFinding, PhiKind
from bot.reports.lexicon import TITLES, Lexicon
from bot.reports.name_positions import name_position_findings
from bot.reports.name_shapes import (
    caps_last_first,
    hyphenated_given_names,
    last_first_initial,
    short_surname,
    titled_given_name,
    two_initials,
    word_name_owning,
)

_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?\.?")
# A word that, right before a name, says a person is meant.
_TRIGGERS = {
    "patient", "patients", "pt", "pts", "member", "beneficiary", "bene", "insured", "subscriber", "guarantor",
    "named", "mother", "father", "son", "daughter", "wife", "husband", "spouse", "mom", "dad", "caregiver",
    "grandson", "granddaughter", "grandmother", "grandfather", "brother", "sister", "niece", "nephew",
    "called", "spoke", "talked", "emailed", "texted", "told", "asked", "per", "from", "by", "cc", "attn", "dear",
    "name", "names", "aka", "surname", "nee", "née", "miss", "mister", "resident", "client", "recipient",
    "enrollee", "parent", "guardian", "child", "baby", "infant", "twin", "widow", "widower", "neighbor", "friend",
}  # fmt: skip
_STRONG_TRIGGERS = {
    "patient", "pt", "member", "beneficiary", "bene", "insured", "subscriber", "guarantor", "named", "name",
}  # fmt: skip
_RELATIVES = {
    "mother", "father", "son", "daughter", "wife", "husband", "spouse", "mom", "dad", "grandson", "granddaughter",
    "grandmother", "grandfather", "brother", "sister", "niece", "nephew", "caregiver", "guardian", "parent",
}  # fmt: skip
_POSSESSED = {
    "claim", "claims", "bill", "bills", "balance", "account", "visit", "appeal", "eob", "statement", "denial",
    "chart", "surgery", "injection", "procedure", "deductible", "copay", "coverage", "plan", "insurance",
    "secondary", "primary", "card", "address", "daughter", "son", "wife", "husband", "mri", "labs", "referral",
}  # fmt: skip
_NAMING = {"name", "named", "names", "aka", "surname", "nee"}
_FUNCTION_WORDS = {"in", "on", "at", "of", "to", "for", "and", "or", "the", "an", "are", "were", "by", "with", "from",
                   "as"}  # fmt: skip
_SKIP_AFTER_TRIGGER = {"with", "to", "is", "was", "named", "name", "s", "'s", "name:", "last", "first", "mr", "mrs"}


class _Tok:
    """A word token; its word (without a trailing full stop or "'s") and case, worked out once."""

    __slots__ = ("caps", "end", "follows", "lower", "sentence_start", "start", "text", "title", "word")

    def __init__(self, text: str, start: int, end: int, sentence_start: bool, follows: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.sentence_start = sentence_start
        self.follows = follows  # the non-space characters between the previous token and this one
        w = text.rstrip(".")
        self.word = w[:-2] if w.lower().endswith("'s") else w
        w = self.word
        self.title = len(w) > 1 and w[0].isupper() and not w.isupper()
        self.caps = len(w) > 1 and w.isupper()
        self.lower = w.islower()


# "MS Word": Microsoft, not a Ms.
_MS_PRODUCTS = {"word", "excel", "office", "teams", "outlook", "access", "edge", "paint", "project", "dos"}
_SENTENCE_END = frozenset('.!?\n•*>-"(')


def _tokens(text: str) -> list[_Tok]:
    """Word tokens with what joins each to the previous one. Linear: each token looks back only at
    the characters between it and the previous token."""
    out: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        between = text[prev_end : m.start()]
        joiner = between.strip()
        if not out:
            starts = True
        else:
            seg = out[-1].text + between
            stripped = seg.rstrip()
            starts = "\n" in seg[len(stripped) :] or (bool(stripped) and stripped[-1] in _SENTENCE_END)
            if out[-1].text.endswith(".") and out[-1].word.lower() in TITLES:
                starts = False  # "Dr. Smith" is not a new sentence
        out.append(_Tok(m.group(), m.start(), m.end(), starts, joiner))
        prev_end = m.end()
    return out


def _eponym_surname(first: _Tok, last: _Tok, lex: Lexicon) -> bool:
    """A surname that is also an eponym (Bell, Jones, Baker) after a first name: "Ann Baker", "marcus bell"
    (in lower case only after a first name that is not also an English word, so "graves disease" passes)."""
    if not (lex.is_eponym(last.word) and lex.is_surname(last.word)):
        return False
    return last.title or (first.lower and last.lower and lex.is_first(first.word) and not lex.is_english(first.word))


# One to three capitalised words naming an organisation: "Jackson Health System", "Baptist Memorial",
# "Sanford Medical Center". Case-sensitive: a person's name before "hospital" in lower case is not masked.
_ORGANISATION = re.compile(
    r"\b(?:(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:'s)?|[A-Z]\.)\s+){1,4}(?=(?:Health(?:care)?|Medical\s+(?:Center|Centre|Group)|Hospitals?|Clinics?"
    r"|Memorial|Regional|Physicians|Orthopedics|Cardiology|Radiology|Imaging|Surgery\s+Center|University"
    r"|Healthplan|Health\s+Plan|Care\s+Network|Foundation|Institute|Center|Centre|Associates|Partners|Network"
    r"|Pharmacy|Laboratories|Rehabilitation|Dermatology|Pediatrics|Urology|Oncology|Neurology|Family\s+Medicine"
    r"|Family\s+Practice|Children's|Dental|Mutual|Administrators|VA|VAMC|Veterans)\b)"
)


# Departments, studies and roles written in capitals that are also census names as words ("Ed", "Us").
_DEPARTMENTS = frozenset({"ED", "US", "ER", "OR", "PT", "OT", "ST", "PA", "NP", "MD", "RN", "CT", "XR", "IR", "OB"})

_PERSON_WORDS = _STRONG_TRIGGERS | _RELATIVES | TITLES | {"called", "spoke", "told", "asked", "dear", "attn"}


# In lower case, only before words no sentence puts after a person: "sibley memorial", "baptist regional".
_ORGANISATION_LOWER = re.compile(
    r"\b(?:[a-z]+(?:'s)?\s+){1,2}(?=(?:memorial|regional\s+(?:medical|health|hospital)|medical\s+center"
    r"|health\s+system|children's\s+(?:hospital|health))\b)"
)


# Saints and storms name a hospital or a storm: "Our Lady of Lourdes"; a saint before a place or a facility word
# ("Christus St. Frances Cabrini in Alexandria", "St. Vincent Hospital"); a storm by its one name ("Hurricane Ida").
# Not "St." or "Hurricane" before any name: "St. Maria Garcia owes" would hide a patient.
_SAINT_OR_STORM = re.compile(
    r"\bOur\s+Lady\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b"
    r"|\b(?:St\.?|Saint)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?=\s+(?:in|at|Hospital|Medical|Health|Regional"
    r"|Memorial|Clinic|Campus|Center|Behavioral|Rehab|Rehabilitation|Children's)\b)"
    r"|\b(?:Hurricane|Tropical\s+Storm)\s+[A-Z][a-z]+\b(?!\s+[A-Z])"
)


def organisation_spans(text: str) -> list[tuple[int, int]]:
    """The names in front of an organisation word ("Jackson" in "Jackson Health System"), and saints' and storms'
    names ("St. Frances Cabrini", "Hurricane Ida"). Linear: each pattern starts at word starts and looks at most
    four words ahead."""
    spans = [m.span() for m in _SAINT_OR_STORM.finditer(text)]
    for m in (*_ORGANISATION.finditer(text), *_ORGANISATION_LOWER.finditer(text)):
        words = text[max(0, m.start() - 20) : m.start()].split()[-1:] + m.group().split()
        if any(w.lower().rstrip(".:,").removesuffix("'s") in _PERSON_WORDS for w in words):
            continue  # "patient John Smith Hospital stay": a person, then a word
        spans.append(m.span())
    return spans


def name_findings(text: str, lex: Lexicon) -> Iterable[PhiFinding]:
    """Names in `text` (spans and the kind NAME). Linear in the length of `text`."""
    toks = _tokens(text)
    yield from _token_findings(toks, lex, text)
    yield from name_position_findings(toks, lex)  # "spoke w/ baker about", "baker's eob"
    yield from _file_name_findings(text, lex)
    yield from disguised_findings(text, lex)  # "G r a c e", "s4nt1ag0"
    yield from (PhiFinding(a, b, PhiKind.NAME) for a, b in hyphenated_given_names(text, lex))  # "Kim Min-jun"


def _token_findings(toks: list[_Tok], lex: Lexicon, text: str) -> Iterable[PhiFinding]:

    def candidate(t: _Tok) -> bool:
        w = t.word
        if _CONTRACTED.search(t.text):
            return False  # "I'll", "we'd": a pronoun and a verb, never a name
        # A two-letter surname that is also a modifier is a name in Title case: "Bo Xu", not "XU"; a department or a
        # study in capitals is never one ("ED", "US", "ER", "OR").
        if w in _DEPARTMENTS:
            return False
        return len(w) > 1 and lex.is_name(w) and (not lex.is_vocabulary(w) or (len(w) == 2 and t.title))

    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        w = t.word.lower()

        # Mr./Mrs./Dr. followed by a capitalised word, any census name, or (in lower case) a word
        # that is not English ("mrs o'connor", "dr okafor").
        if (
            w in TITLES
            and nxt is not None
            and nxt.follows in ("", ".")
            and not (w == "ms" and nxt.word.lower() in _MS_PRODUCTS)
            and not (lex.is_vocabulary(nxt.word) and not lex.is_name(nxt.word))  # "Dr. NPI", not "Mrs Bell"
            and (
                ((nxt.title or nxt.caps) and not (nxt.caps and lex.is_billing_word(nxt.word)))
                # "mr knee", "dr note" are not names, "mr. lee" is (the title's full stop says so)
                or (
                    candidate(nxt)
                    and (
                        # after "Dr." a lower-case English word is a name only if common ("dr. lee", not "Dr. said")
                        (t.text.endswith(".") and (not (nxt.lower and lex.is_english(nxt.word)) or _common(nxt, lex)))
                        or not (nxt.lower and _plain(nxt.word, lex))
                    )
                )
                or _unknown(nxt, lex)
                or _titled_surname(w, nxt, lex)
            )
        ):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # patient / pt / spoke with / member ... then a name.
        if w in _TRIGGERS:
            j = i + 1
            naming = w in _NAMING
            while j < len(toks) and toks[j].word.lower() in _SKIP_AFTER_TRIGGER and toks[j].follows in ("", ":"):
                naming = naming or toks[j].word.lower() in _NAMING
                j += 1
            if j < len(toks) and toks[j].follows in ("", ":", ",", "-", "'"):
                n = toks[j]
                # After "name is" / "named" any census name is meant as a name, even "grace" or "sam".
                # In lower case a word inflected from English is a verb ("pt speaks", "pt owes"), unless it is
                # also one of the commonest surnames ("pt burns", "pt banks").
                # "payer names in the pm system", "last names, try without the hyphen": no name is given
                said = naming and n.follows != "," and n.word.lower() not in _FUNCTION_WORDS
                if candidate(n) and ((n.title or n.caps) or said or not _plain(n.word, lex) or _surname_word(n, lex)):
                    yield PhiFinding(n.start, n.end, PhiKind.NAME)
                elif (
                    (w in _STRONG_TRIGGERS or w in _RELATIVES)
                    and n.title
                    and not lex.is_english(n.word)
                    and not lex.is_vocabulary(n.word)
                ):
                    # A capitalised word the census lists do not know, right after "patient"/"member".
                    yield PhiFinding(n.start, n.end, PhiKind.NAME)

        if titled_given_name(t, nxt, lex):
            yield PhiFinding(t.start, nxt.end if nxt else t.end, PhiKind.NAME)
            continue
        if nxt is None:
            pass
        elif nxt.follows == "" and candidate(t) and (candidate(nxt) or _eponym_surname(t, nxt, lex)):
            # First Last, in Title case / CAPS anywhere, or lowercase when not both plain English words.
            first_last = lex.is_first(t.word) and lex.is_surname(nxt.word)
            if first_last and (t.title or t.caps) and (nxt.title or nxt.caps):
                yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
                continue
            if (
                first_last
                and t.lower
                and nxt.lower
                and len(t.word) >= 3
                and (len(nxt.word) >= 3 or not (lex.is_english(nxt.word) or lex.is_billing_word(nxt.word)))
                and not (lex.is_english(t.word) and lex.is_english(nxt.word))
            ):  # "nancy vo": a two-letter surname when it is no word
                yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
                continue
        elif (
            nxt.follows == ","  # Last, First (in any case: "ROBERTSON, KEVIN", "smith, maria")
            and (t.title or t.caps or t.lower)
            and (nxt.title or nxt.caps or nxt.lower)
            and len(t.word) >= 2
            and len(nxt.word) >= 2
            and (candidate(t) or _eponym_name(t, lex))
            and candidate(nxt)
            and lex.is_surname(t.word)
            and lex.is_first(nxt.word)
            and (
                not (_english_or_plural(t.word, lex) and lex.is_english(nxt.word))  # "3 weeks, so start": words
                or (lex.is_common_surname(t.word) and lex.is_common_first(nxt.word))  # "baker, tom"
            )
        ):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # LAST, FIRST in capitals that no word list knows ("EZE, EMEKA", "OYELARAN, FOLAKE"), as an EHR prints a
        # patient, and Last, First M. ("Obi, Chinwe M."): see `bot.reports.name_shapes`.
        after = toks[i + 2] if i + 2 < len(toks) else None
        if (
            caps_last_first(t, nxt, after, lex)
            or last_first_initial(t, nxt, after, lex)
            or word_name_owning(t, nxt, text, lex)
        ):
            yield PhiFinding(t.start, nxt.end if nxt else t.end, PhiKind.NAME)
            continue

        # Surname + initial: "Nguyen T.", "garcia m", "Okafor, C."; a surname that is also an English word
        # only with the initial's full stop, capitalised or a common surname ("Smith J.", "bell m."), and
        # never a word that is often followed by a letter ("Plan B.") or an initial glued to a code ("G0466").
        if (
            nxt is not None
            and len(nxt.word) == 1
            and nxt.word.isalpha()
            and nxt.follows in ("", ",")
            and (not (nxt.end < len(text) and text[nxt.end].isalnum()) or two_initials(nxt, text))
            and (len(t.word) >= 3 or short_surname(t, nxt, lex))
            and lex.is_surname(t.word)
            and w not in _LETTERED
            and (
                (not lex.is_vocabulary(t.word) and not _plain(t.word, lex))
                or (
                    (nxt.text.endswith(".") or (nxt.follows == "," and _BREAK_AFTER.match(text, nxt.end) is not None))
                    and (((t.title or t.caps) and nxt.word.isupper()) or lex.is_common_surname(t.word))
                    and (_eponym_name(t, lex) or not lex.is_vocabulary(t.word))
                )
            )
        ):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # Initial + surname: "J. Smith", "J Smith".
        if (
            len(t.word) == 1
            and t.word.isupper()
            and nxt is not None
            and nxt.follows in ("", ".")
            and nxt.title
            and lex.is_surname(nxt.word)
            and not lex.is_vocabulary(nxt.word)
            and not lex.is_english(nxt.word)
        ):
            yield PhiFinding(t.start, nxt.end, PhiKind.NAME)
            continue

        # "Lupe's claim": a capitalised possessive before a claim word.
        if (
            t.title
            and t.text.rstrip(".").lower().endswith("'s")
            and nxt is not None
            and nxt.word.lower() in _POSSESSED
            and w not in _TRIGGERS  # "Patient's secondary", "Member's plan"
            and not lex.is_vocabulary(t.word)
            and (lex.is_name(t.word) or not lex.is_english(t.word))
        ):
            yield PhiFinding(t.start, t.end, PhiKind.NAME)
            continue

        # A capitalised census name that is not an English word, mid-sentence ("called Maria back").
        if (t.title or (t.caps and len(t.word) >= 4)) and candidate(t) and not lex.is_english(t.word):
            before_name = nxt is not None and nxt.follows == "" and nxt.title and candidate(nxt)
            if not t.sentence_start or before_name or lex.is_first(t.word):
                yield PhiFinding(t.start, t.end, PhiKind.NAME)


# Words a biller writes before a letter that are not a surname before an initial ("Plan B.", "Part A").
_LETTERED = {
    "plan", "part", "parts", "schedule", "exhibit", "appendix", "option", "type", "class", "group", "section",
    "form", "level", "tier", "phase", "grade", "stage", "category", "list", "box", "line", "column", "field",
    "item", "vitamin", "hepatitis", "hep", "influenza", "strep", "factor", "zone", "unit", "wing", "floor",
    "building", "suite", "room", "bay", "gate", "model", "version", "step", "page", "appendices", "table",
}  # fmt: skip


# What ends a written name after its initial: a dash or a colon ("young, j — aetna wants...", not "quick q —").
_BREAK_AFTER = re.compile(r"\s*(?:-|:)")
_CONTRACTED = re.compile(r"'(?:ll|d|m|ve|re)$", re.IGNORECASE)


def _eponym_name(t: _Tok, lex: Lexicon) -> bool:
    """A surname the screen otherwise passes as billing vocabulary because it is also an eponym (Smith,
    Jones, Bell, Baker)."""
    return lex.is_eponym(t.word) and lex.is_surname(t.word)


def _surname_word(t: _Tok, lex: Lexicon) -> bool:
    """A word the English list lacks that is one of the commonest surnames ("burns", "banks", "fields")."""
    return not lex.is_english(t.word) and lex.is_common_surname(t.word)


def _common(t: _Tok, lex: Lexicon) -> bool:
    return lex.is_common_first(t.word) or lex.is_common_surname(t.word)


def _titled_surname(title: str, t: _Tok, lex: Lexicon) -> bool:
    """After a title in lower case: any census name after "mrs"/"miss"; after "mr"/"ms"/"dr" (which also
    abbreviate magnetic resonance, multiple sclerosis and "doctor's") a surname that is not an English
    word, or an eponym surname ("mr smith", but not "dr note")."""
    if title in ("mrs", "miss", "mx", "mister"):
        return lex.is_name(t.word)
    return lex.is_surname(t.word) and (not lex.is_english(t.word) or _eponym_name(t, lex))


def _plain(word: str, lex: Lexicon) -> bool:
    """An English or billing word, also inflected ("bills", "signed")."""
    return lex.is_english(word) or explained(word.lower(), lex)


def _english_or_plural(word: str, lex: Lexicon) -> bool:
    """An English word, or one in the plural ("weeks", "sides")."""
    w = word.lower()
    return lex.is_english(w) or (len(w) > 3 and w.endswith("s") and lex.is_english(w[:-1]))


def _unknown(t: _Tok, lex: Lexicon) -> bool:
    """A word of three letters or more that the screen cannot explain as a word."""
    w = t.word
    return len(w) >= 3 and not _plain(w, lex) and not _plain(w.replace("'", ""), lex)


# Starts only where a run of file-name characters starts, and has one unbounded part: linear.
_FILE_NAME = re.compile(
    r"(?<![\w.-])[\w.\-]+\.(?:png|jpe?g|gif|bmp|tiff?|heic|webp|pdf|docx?|xlsx?|csv|txt|rtf|zip|msg|eml|dcm|pptx?)\b",
    re.IGNORECASE,
)
_FILE_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")  # camel case splits too: "FitzgeraldSean"
# Words of scanned documents that are also common surnames.
_DOCUMENT_WORDS = {
    "page", "pages", "back", "front", "long", "short", "white", "black", "gray", "grey", "green", "brown", "new",
    "old", "final", "draft", "copy", "side", "top", "bottom", "left", "right", "full", "part", "parts", "rose",
    "young", "little", "best", "good", "day", "week", "may", "june", "april", "august", "march", "wood", "hill",
    "king", "hall", "ward", "price", "bill", "bills", "cash", "money", "lane", "field", "fields", "office",
}  # fmt: skip


def _file_name_findings(text: str, lex: Lexicon) -> Iterable[PhiFinding]:
    """A name inside a file name: "IMG_0412_okafor_chidi.png", "EOB-Smith-John.pdf", "ABN_signed_begay.tif".
    A part that is a census name and not an English word, one of the 5,000 commonest surnames (unless a word
    of documents: "page", "back"), or two census names side by side, make the file name a name."""
    for m in _FILE_NAME.finditer(text):
        # two capitals are a code's letters, not a name ("remit_CO97_june.png"): "Vo" and "vo" still are
        parts = [p for p in _FILE_PARTS.findall(m.group()) if len(p) >= 2 and not (len(p) == 2 and p.isupper())]
        # An eponym that is also a common surname ("baker", "jones") is a name part in a file name.
        names = [
            lex.is_name(p)
            and (
                (lex.is_eponym(p) and lex.is_common_surname(p)) or not (lex.is_vocabulary(p) or lex.is_billing_word(p))
            )
            for p in parts
        ]
        for k, part in enumerate(parts):
            if not names[k]:
                continue
            common = lex.is_common_surname(part) and part.lower() not in _DOCUMENT_WORDS
            if not lex.is_english(part) or common or (k + 1 < len(parts) and names[k + 1]):
                yield PhiFinding(m.start(), m.end(), PhiKind.NAME)
                break
