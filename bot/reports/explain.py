"""Pass only what can be explained: every word of a report must be a word billbot knows. Pure.

Lists of names cannot know every name ("Okafor", "Oyelaran", a name in another script). So besides
looking *for* names, the screen looks at every word and asks whether it can say what it is:

- an English word (the `web2`/`GCIDE` dictionaries of `english-words`), also inflected or with a
  common prefix ("resubmitted", "denials", "unbundling", "didn't");
- a word of the curated billing vocabulary (`storage/billing_vocabulary.txt`: jargon, payers, MACs,
  drugs, devices, eponyms such as "Bell's palsy");
- a code or number of a safe shape: CPT/HCPCS (77002, G0121, 0591T), ICD-10 (M17.11), CARC and
  RARC (CO-16, N290, MA130), modifiers (26, XU), LCDs (L35936), quarters (Q3), ordinals (3rd),
  counts with a unit (15min, 10mg, x2), and any number (long numbers are judged by the pattern
  detectors, which flag record numbers, phones and SSNs);
- a known word of six letters or more with one typing slip ("recieved", "resubmited");
- an abbreviation: one or two letters, a word with no vowel ("rpr", "tstg"), a capitalised
  acronym of three to five letters that is not a census name, or a drug name by its
  international nonproprietary stem ("-zumab", "-tinib", "-glutide") or a medical word by its
  combining form ("-ectomy", "-plasty", "-itis").

A word that is text hidden in base64 is never explained, whatever it looks like.

Whatever is left is most likely a name, and the screen asks the reporter about it by name (the
reporter's own text, shown only to them in the form): "we couldn't recognise 'okafor'".
`unexplained(text, lexicon, covered)` returns the spans of those words. It is linear in the text.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable

from bot.reports.lexicon import STATE_CODES, Lexicon

# A word: letters/digits, joined by apostrophes, hyphens, slashes or ampersands ("o'connor", "x-ray",
# "w/o", "e&m"). Any script's letters count ("王伟", "Оkafor" before folding).
WORD = re.compile(r"[^\W_]+(?:['\-/&][^\W_]+)*")
_JOINERS = re.compile(r"[\-/&]")

_CONTRACTIONS = ("s", "t", "re", "ve", "ll", "d", "m")
_VOWELS = frozenset("aeiouy")
_PREFIXES = ("re", "un", "pre", "non", "co", "sub", "over", "under", "mis", "de", "dis", "out", "post", "multi",
             "inter", "intra", "bi", "tri", "semi", "self", "anti", "auto", "cross", "up", "down", "tele", "e",
             "mid", "peri", "para", "hyper", "hypo", "micro", "macro", "neuro", "cardio", "mini", "ultra",
             "super", "trans", "endo", "epi")  # fmt: skip
# (suffix, replacement) pairs tried in order: "denials" → "denial", "denied" → "deny", "billing" → "bill".
_SUFFIXES = (
    ("'s", ""), ("s'", ""), ("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ily", "y"),
    ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"),
    ("ers", ""), ("ers", "e"), ("est", ""), ("ly", ""), ("ness", ""), ("ment", ""), ("ments", ""),
    ("able", ""), ("able", "e"), ("ably", ""), ("ation", ""), ("ation", "e"), ("ations", ""), ("ations", "e"),
    ("ize", ""), ("ized", ""), ("izing", ""), ("ization", ""), ("al", ""), ("ally", ""), ("ity", ""), ("ive", ""),
    ("ion", ""), ("ion", "e"), ("ions", ""), ("ions", "e"), ("or", ""), ("ors", ""), ("ist", ""), ("ists", ""),
    ("d", ""),  # a past tense typed short: "termd", "pendd"
)  # fmt: skip
# International nonproprietary name stems of drugs, and combining forms of medical words.
_STEMS = (
    "mab", "nib", "cept", "stim", "parin", "pril", "sartan", "olol", "statin", "azole", "cillin", "mycin", "cycline",
    "floxacin", "vir", "tide", "plase", "dronate", "caine", "profen", "semide", "thiazide", "azepam", "zolam",
    "dipine", "setron", "tidine", "prazole", "afil", "triptan", "lukast", "gliptin", "gliflozin", "gatran",
    "xaban", "vudine", "ectomy", "ectomies", "otomy", "otomies", "ostomy", "ostomies", "plasty", "plasties",
    "scopy", "scopies", "graphy", "gram", "grams", "itis", "osis", "emia", "algia", "pathy", "plegia", "rrhaphy",
    "centesis", "desis", "lysis", "pexy", "tripsy", "ology", "ologist", "ologists", "cyte", "cytes", "genic",
    "omas", "uria", "trophy", "megaly", "penia", "poiesis", "plasia", "scope", "stomy", "metry", "graphic",
    "scopic", "ectomies", "plegic", "pathic", "plication", "ase", "ases", "zyme", "phosphonate", "phosphonates",
)  # fmt: skip


_SHORTCODE = re.compile(r":[a-z0-9_+\-]{1,40}:")
_OPENERS = frozenset('.!?\n:;"(*•>-')


def _digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _known(word: str, lex: Lexicon) -> bool:
    """An English or billing word; a first name or a common surname only if a second dictionary confirms it is an
    English word (`Lexicon.name_not_word`: "graham", "patel")."""
    return (lex.is_english(word) and word not in lex.name_not_word) or lex.is_billing_word(word)


def _base(word: str, lex: Lexicon) -> bool:
    """A word another may be derived from: a billing word, an English word of six letters or more ("metacarpal",
    "orthotic"), or a shorter one people write often ("deny", "burn"; not "tsere", "dolor" or "anan", which would
    make "tsering", "dolores" and "anand" words: short rare words are where names end up)."""
    if lex.is_billing_word(word):
        return True
    return _known(word, lex) and (len(word) >= 6 or not lex.common_words or word in lex.common_words)


def _inflected(word: str, lex: Lexicon, depth: int = 0, shortest: int = 3) -> bool:
    """`word` (lower case) is a known word with an inflection or a common prefix, leaving a base of `shortest`
    letters or more."""
    for suffix, repl in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        base = word[: -len(suffix)] + repl
        # "using" → "use", "denied" → "deny"; a long suffix or "-al" leaves four letters or more (not "ben" of
        # "benally", "bil" of "bilal"), and "-d" follows an "e" ("used", not "anan" + "d").
        if suffix == "d" and not base.endswith("e"):
            continue
        if len(base) >= shortest and ((len(suffix) <= 3 and suffix != "al") or len(base) >= 4):
            if _base(base, lex):
                return True
            if len(base) >= 4 and base[-1] == base[-2] and _base(base[:-1], lex):  # stopped → stop
                return True
            if depth == 0 and _inflected(base, lex, 1, 4):  # two suffixes leave four letters: not "ben" of "benally"
                return True
    if depth == 0:
        for prefix in _PREFIXES:
            rest = word[len(prefix) :].lstrip("-")
            if word.startswith(prefix) and len(rest) >= 3 and (_base(rest, lex) or _inflected(rest, lex, 1)):
                return True
    return False


def _explained_word(word: str, lex: Lexicon, opens_sentence: bool = False) -> bool:
    """One word without joiners (letters, digits, maybe an apostrophe)."""
    if _digit(word):
        return True  # a code, an amount or a number: the pattern detectors judge identifiers with digits
    low = word.lower()
    if low in lex.spanish:
        return True  # "recepción", "apelaciones": a Spanish word, as written
    if not word.isascii():
        return False  # a word in another script (or with letters folding could not make Latin)
    if len(low) <= 2 or _known(low, lex):
        return True
    if "'" in low:
        base, _, tail = low.partition("'")
        if tail in _CONTRACTIONS:
            if tail == "t" and base.endswith("n") and _explained_word(base[:-1], lex):
                return True  # didn't, wasn't, can't
            return _explained_word(base, lex)
        return False
    if _ROMAN_GRADE.fullmatch(word):
        return True  # a grade or type in Roman numerals: "IIa", "IIIB" (case matters: "Iva" is a name)
    if low in lex.medical:
        return True  # a word of the medical dictionary: "takotsubo", "tuohy", "mittelschmerz"
    census = lex.is_name(low) or low in lex.given_names
    if not (_VOWELS & set(low)):
        return True  # an abbreviation: "rpr", "tstg", "prgrmg"
    if word.isupper() and len(word) <= 5 and not census:
        return True  # an acronym: "PECOS", "NCCI", "WPS"
    if word.isupper() and 3 <= len(word) <= 4 and not (lex.is_common_first(low) or lex.is_common_surname(low)):
        return True  # an acronym that is also a rare census name: "DOI", "MAC" (not "LEE", "KIM", "DIAZ")
    if len(word) >= 3 and word[-1] == "s" and word[:-1].isupper() and len(word) <= 6 and not lex.is_name(low[:-1]):
        return True  # acronyms in the plural: "MCOs", "CMOs", "NPIs"
    if _camel(word, lex) or _acronym_brand(word, lex):
        return True  # a brand written in one word: "CommonSpirit", "HealthPlan", "NGSConnex"
    if census:
        # A census name is explained only as an ordinary word: a known word inflected ("burns", "Dates"
        # opening a sentence), in lower case or opening a sentence; never by a stem or mid-sentence capitalised.
        return (word.islower() or (opens_sentence and word[1:].islower())) and _inflected(low, lex)
    if len(low) >= 5 and lex.is_surname(low[1:]) and not _inflected(low, lex):
        return False  # an initial glued to a surname, as in a user name: "jsmith", "MJones", "tnguyen"
    if _inflected(low, lex) or _compound(low, lex) or _stretched(low, lex) or _swapped_short(low):
        return True
    return len(low) >= 6 and (low.endswith(_STEMS) or _typo(low, lex))


_ROMAN_GRADE = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX)[a-cA-C]?")
_CAMEL_PART = re.compile(r"[A-Z][a-z]+|[a-z]+")


def _camel(word: str, lex: Lexicon) -> bool:
    """A compound in camel case whose parts are each an English or billing word of three letters or more,
    none one of the commonest census names or a census name that is not also an English word
    ("CommonSpirit", "HealthPlan"; not "McDonald", "LaToya", "MacArthur", "MaryAnn", "BillyBob")."""
    if word.islower() or word.isupper() or not word.isalpha() or not any(c.isupper() for c in word[1:]):
        return False
    if len(word) >= 5 and word[0] in "ie" and word[1].isupper() and word[2:].islower():
        return _known(word[1:].lower(), lex)  # "iStent", "eLearning": a device's or a service's brand
    parts = _CAMEL_PART.findall(word)
    if len(parts) < 2 or "".join(parts) != word:
        return False
    last = parts[-1].lower()
    if len(parts) == 2 and len(last) >= 4 and lex.is_english(last) and not lex.is_name(last) and word[0].isupper():
        return len(parts[0]) <= 5 and not lex.is_name(parts[0])  # a brand's coined head: "LipiFlow", "RxSight"
    # With a word plans are named with, a common name that is also English is a brand's word: "BlueCard", "RoseCare".
    branded = any(p.lower() in _BRAND_PARTS for p in parts)
    return all(
        (len(p) >= 3 or (0 < k < len(parts) - 1 and p.lower() in _CAMEL_JOINERS))  # "CoverMyMeds"
        and _known(p.lower(), lex)
        and (lex.is_english(p.lower()) or not lex.is_name(p))
        and (not (lex.is_common_first(p) or lex.is_common_surname(p)) or (branded and lex.is_english(p.lower())))
        for k, p in enumerate(parts)
    )


_CAMEL_JOINERS = frozenset({"my", "on", "to", "in", "of", "up", "go", "at", "by"})
_ACRONYM_BRAND = re.compile(r"([A-Z]{2,5})([A-Z][a-z]{2,}(?:[A-Z][a-z]+)?)")


def _acronym_brand(word: str, lex: Lexicon) -> bool:
    """A product named by a billing acronym or a state's code and a word: a payer's, MAC's or state's portal
    ("NGSConnex", "CGSConnect", "NCTracks"), or by any acronym and an English word that is no name ("THSteps").
    No person's name starts with an acronym in capitals."""
    m = _ACRONYM_BRAND.fullmatch(word)
    if m is None or lex.is_common_first(m.group(2)):
        return False
    if lex.is_vocabulary(m.group(1)) or m.group(1).lower() in STATE_CODES:
        return True  # "NGSConnex", "NCTracks"
    # An acronym and a plain word that is no name: a state program ("THSteps": Texas Health Steps).
    word_part = m.group(2).lower()
    return not lex.is_name(word_part) and (_known(word_part, lex) or _inflected(word_part, lex))


# Second halves of a closed compound that are shorter than a word: "workup", "followup", "signoff", "walkin".
_PARTICLES = ("up", "in", "on", "off", "out", "through")
# Words plans, portals and vendors build their names with ("ForwardHealth", "BlueCare", "CareSource").
_BRAND_PARTS = frozenset({
    "health", "care", "plan", "plans", "net", "link", "connect", "source", "point", "first", "partners", "choice",
    "select", "star", "well", "wise", "path", "way", "med", "medical", "rx", "script", "scripts", "pay", "claim",
    "claims", "portal", "hub", "bridge", "direct", "smart", "one", "plus", "advantage", "benefits", "life", "mark",
    "shield", "cross", "key", "trust", "room", "card", "cards", "chart", "access", "works", "network", "ability",
    "blue",
})  # fmt: skip


def _compound(word: str, lex: Lexicon) -> bool:
    """A closed compound: a word and a particle ("workup", "followup"), or a known word joined to a word plans
    and portals are named with ("bluecare", "forwardhealth", "carelink"). Not any two words: surnames are
    compounds too ("Warsame", "Blackhorse", "Littledog"). At most one split per letter."""
    if len(word) < 6 or len(word) > 30 or not word.isalpha():
        return False
    if word.startswith("my") and _compound(word[2:], lex):
        return True  # a portal named "my" and a brand: "myabilitynetwork"
    for k in range(3, len(word) - 1):
        head, tail = word[:k], word[k:]
        if tail in _PARTICLES and _base(head, lex):
            return True
        branded = head in _BRAND_PARTS or tail in _BRAND_PARTS
        if branded and len(tail) >= 3 and _base(head, lex) and _base(tail, lex):
            return True
    return False


# The commonest short words, which a hurried typist swaps two letters of ("teh", "adn", "taht", "wiht").
_SHORT_WORDS = frozenset({
    "the", "and", "for", "with", "that", "this", "from", "have", "was", "not", "but", "you", "are", "they", "what",
    "when", "then", "them", "their", "there", "just", "been", "were", "will", "your", "said", "also", "only",
})  # fmt: skip


def _swapped_short(word: str) -> bool:
    """One of the commonest short words with two neighbouring letters swapped ("teh" → "the")."""
    if len(word) > 5:
        return False
    return any(word[:k] + word[k + 1] + word[k] + word[k + 2 :] in _SHORT_WORDS for k in range(len(word) - 1))


_STRETCH = re.compile(r"([a-z])\1{2,}")


def _stretched(word: str, lex: Lexicon) -> bool:
    """A word stretched for emphasis: a letter typed three times or more ("sooo", "pleeease", "nooo")."""
    if not _STRETCH.search(word):
        return False
    return any(_known(_STRETCH.sub(r"\1" * keep, word), lex) for keep in (1, 2))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TYPO_SUFFIXES = (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ied", "y"), ("ies", "y"))


def _typo(word: str, lex: Lexicon) -> bool:
    """A known word of six letters or more typed with one slip after its first two letters: two letters swapped
    ("recieved"), one letter doubled or added ("denieed"), a double letter typed once ("resubmited"), or one letter
    typed for another or left out of a billing word ("avaiity"). About 55 lookups per letter, and only for words
    nothing else explains."""
    if len(word) > 24:
        return False

    def known(candidate: str) -> bool:
        if _base(candidate, lex):
            return True
        stem = candidate.removeprefix("re").removeprefix("un") if len(candidate) > 7 else candidate
        for suffix, repl in _TYPO_SUFFIXES:
            base = stem[: len(stem) - len(suffix)] + repl
            if stem.endswith(suffix) and len(base) >= 4 and _base(base, lex):  # not "raj" of "rajesh"
                return True
        return stem != candidate and _base(stem, lex)

    # A slip keeps the first two letters (a typist starts a word right: "folake" is no "flake", "obinna" no
    # "binna"), and adds no letter at the end but a doubled one (names end so: "chinedu", "suresh").
    for k in range(2, len(word) - 1):
        if word[k] != word[k + 1] and known(word[:k] + word[k + 1] + word[k] + word[k + 2 :]):
            return True
    for k in range(2, len(word)):
        if (k < len(word) - 1 or word[k] == word[k - 1]) and known(word[:k] + word[k + 1 :]):
            return True
        if known(word[: k + 1] + word[k] + word[k + 1 :]):
            return True
    # One letter typed for another or left out, in a billing word of seven letters or more only (a payer, a portal):
    # "avaiity", "avallity"; not "folake" for "folate"; or in a long medical word ("dyspagia").
    return len(word) >= 7 and any(
        _slip_of(word[:k] + c + word[k + 1 :], lex) or _slip_of(word[:k] + c + word[k:], lex)
        for k in range(2, len(word))
        for c in _LETTERS
    )


def _slip_of(candidate: str, lex: Lexicon) -> bool:
    """A word a letter typed wrong or left out may come from: a billing word, or a medical word of eight letters or
    more ("dyspagia" for "dysphagia")."""
    return lex.is_billing_word(candidate) or (len(candidate) >= 8 and candidate in lex.medical)


# A run of base64 long enough to hide a name (eight characters carry six letters).
_BASE64 = re.compile(r"[A-Za-z0-9+/]{8,}")


def encoded(token: str) -> bool:
    """Text hidden in base64 ("TWFyaWEgU2FudG9z" is "Maria Santos"): a mixed-case run that decodes to six
    printable characters or more, nearly all letters and spaces. Random codes and brands decode to bytes."""
    if len(token) > 200 or not _BASE64.fullmatch(token) or token.islower() or token.isupper():
        return False
    try:
        text = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("ascii")
    except (binascii.Error, ValueError):
        return False
    readable = sum(c.isalpha() or c in " .,'-" for c in text)
    return len(text) >= 6 and text.isprintable() and readable >= 0.85 * len(text)


def explained(token: str, lex: Lexicon, opens_sentence: bool = False) -> bool:
    """Can the screen say what `token` (a match of `WORD`) is?"""
    if encoded(token):
        return False
    if lex.is_billing_word(token):
        return True
    parts = split_word(token)
    # A joined word with a digit is judged by its parts: "faleolo-seini-photo-1" is no code.
    whole = not (len(parts) > 1 and _digit(token)) and _explained_word(token, lex, opens_sentence)
    return whole or (len(parts) > 1 and all(_explained_word(p, lex) or lex.is_billing_word(p) for p in parts))


def split_word(token: str) -> list[str]:
    """The parts of a joined word: "x-ray" → ["x", "ray"], "w/o" → ["w", "o"]."""
    return [p for p in _JOINERS.split(token) if p]


# A drug's HCPCS code (J and Q drug and biological codes, 90476-90759 vaccines; not 908xx psychotherapy) with a
# word in brackets right before or after it, or the word right before it: "J1743 (elaprase)", "elaprase (J1743)",
# "cerezyme J1786".
_DRUG_CODE_BEFORE = re.compile(r"\b(?:[JQ]\d{4}|90[4-7]\d{2})\s*[(\[]\s*$")
_DRUG_CODE_AFTER = re.compile(r"\s*(?:[)\]]?\s*[(\[]\s*|\s)(?:[JQ]\d{4}|90[4-7]\d{2})\b")


def _beside_drug_code(text: str, start: int, end: int) -> bool:
    """A word in brackets beside a drug's HCPCS code is the drug's name: a code names a drug, not a person."""
    before = text[max(0, start - 10) : start]
    if _DRUG_CODE_BEFORE.search(before):
        return text[end : end + 1] in (")", "]")
    return bool(_DRUG_CODE_AFTER.match(text, end, min(len(text), end + 12)))


def unexplained(text: str, lex: Lexicon, covered: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of the words of `text` the screen cannot explain, leaving out words inside `covered`
    spans (already reported as a kind of identifier). Linear in the length of `text`."""
    spans: list[tuple[int, int]] = []
    shortcodes = ((m.start(), m.end()) for m in _SHORTCODE.finditer(text))  # Slack's :emoji: names
    for a, b in sorted([*covered, *shortcodes]):
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    out: list[tuple[int, int]] = []
    k = 0
    prev_end = 0
    memo: dict[tuple[str, bool], bool] = {}
    for m in WORD.finditer(text):
        start, end = m.span()
        before = text[prev_end:start].rstrip(" \t")
        opens_sentence = (prev_end == 0 and not before) or (bool(before) and before[-1] in _OPENERS)
        prev_end = end
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] < end:
            continue  # inside (or overlapping) a finding
        key = (m.group(), opens_sentence)
        known = memo.get(key)
        if known is None:
            known = memo[key] = explained(m.group(), lex, opens_sentence)
        if known or _beside_drug_code(text, start, end) or _names_a_place(text, m.group(), end, lex):
            continue
        out.append((start, end))
    # A product named once is named throughout: "Adbry vs Ebglyss, Caremark prefers Ebglyss now".
    products = {text[a:b].lower() for a, b in out if _names_a_product(text, text[a:b], a, b, lex)}
    return [(a, b) for a, b in out if text[a:b].lower() not in products]


# What follows a drug's or a product's name: a dose, a pen, a kit, a form ("Ebglyss 250 mg", "plenvu prep", "Vtama
# cream", "Hadlima pens").
_PRODUCT_AFTER = re.compile(
    r"\s+(?:\d{1,4}(?:\.\d+)?\s*(?:mg|mcg|ml|g|iu)\b|(?:pens?|autoinjectors?|kits?|vials?|syringes?|biosimilars?"
    r"|copay\s+card|prep|cream|gel|foam|ointment|lotion|patch|implant|tabs|tablets?|capsules?|loading\s+dose)\b)",
    re.IGNORECASE,
)
# Two products compared or listed: "Adbry vs Ebglyss", "clenpiq vs plenvu", "Humira or Hadlima".
_COMPARED = r"\s*(?:vs\.?|versus|or|/)\s*"
_COMPARED_AFTER = re.compile(_COMPARED + r"([A-Za-z]+)")
_COMPARED_BEFORE = re.compile(r"\b([A-Za-z]+)" + _COMPARED + "$")


def _names_a_product(text: str, word: str, start: int, end: int, lex: Lexicon) -> bool:
    """A word no list holds and no census or given name, before a dose or a product's form ("Ebglyss 250 mg",
    "plenvu prep"), or compared with a drug or brand billbot knows ("Adbry vs Ebglyss"): a new product's name."""
    if lex.is_name(word) or word.lower() in lex.given_names or not word.isascii():
        return False
    if _PRODUCT_AFTER.match(text, end):
        return True
    after = _COMPARED_AFTER.match(text, end)
    before = _COMPARED_BEFORE.search(text, max(0, start - 20), start)
    known = (m.group(1) for m in (after, before) if m is not None)
    return any(lex.is_vocabulary(w) and not lex.is_english(w) for w in known)


# Words that follow the name of a place or a facility: "shiprock service unit", "tuba city regional".
_PLACE_WORD_AFTER = re.compile(
    r"\s+(?:service\s+unit|indian\s+health|memorial|medical\s+center|health\s+(?:center|system)"
    r"|isd|county|parish|tribe|nation|pueblo|chapter|reservation|ihs|regional|rancheria|band\s+of)\b",
    re.IGNORECASE,
)


def _names_a_place(text: str, word: str, end: int, lex: Lexicon) -> bool:
    """A word no list holds, right before a word of a place or a facility, and no census or given name: the
    place's own name ("shiprock service unit", "kayenta clinic"). A name of a person is asked about as ever."""
    if lex.is_name(word) or word.lower() in lex.given_names:
        return False
    return _PLACE_WORD_AFTER.match(text, end) is not None
