"""Eponyms no list holds, read from what follows them: a surname before the test, sign or fracture named after
its person ("thompson test", "segond fx", "Finkelstein sign", "jackson-pratt drain"), or before a grade in Roman
numerals ("schatzker II plateau", "gustilo IIIA"). Pure.

`eponym_spans(text, lex)` gives the spans of such surnames, which the screen treats like a known organisation or
condition: not a person's name. A word right after a word that points at a person ("pt", "mrs", "for", "with")
stays a name ("pt thompson test results", "have nguyen sign the ABN"), and so does a common first name or an
English word, except before what only an eponym is ("Bruce protocol", "Allen test", "austin bunionectomy").
Linear: one pattern, each match looking two words ahead.
"""

from __future__ import annotations

import re

from bot.reports.lexicon import TITLES, Lexicon

# Things named after the person who described them, that a patient's name does not come before (besides `_STRONG`).
_NAMED = (
    r"tests|signs|fractures|stem|triad|phenomenon|disease|palsy|reflex|deformity|node|nodes|criteria"
    r"|score|scale|view|views|splint|technique|stain|nail|ratio|line|lines|angle|sequence|drain|drains|tube|catheter"
    r"|lift|tape|taping|approach|maneuvers|exercises|procedure|punch|needle|needles|holder|holders|scissors|forceps"
    r"|retractor|retractors|dilator|dilators|clamp|speculum|freckle|nevus|cyst|cysts|web|decompression|incision"
    r"|skin\s+type|pouch|operation|repair|block|position|valve|ring|blade|shunt|crisis|cushion|cath|gangrene"
)
# A grade in Roman numerals, with a letter ("IIIA") or before a word of an injury ("II plateau").
_GRADE = (
    r"(?:0-)?(?:I{1,3}|IV|VI{0,3})(?:[A-Ca-c]\b|\s+(?:fx|fracture|plateau|open|closed|injury|tear|lesion|type|pattern"
    r"|criteria|ulcer|tibial|hip|femoral|neck|on\s+the|fx's|fractures)\b)"
)
# Not a verb: "nguyen sign the ABN", "garcia test results".
_NOT_NAMED = r"(?!\s+(?:results?|the|this|that|it|off|up|here|a|an|his|her|their|for)\b)"
_SURNAMES = r"[A-Za-z][a-z]{2,}(?:-[A-Za-z][a-z]{2,}){0,2}"  # "thompson", "jackson-pratt"
# Things only a person's method or sign is, whatever the name before them is ("Bruce protocol", "austin bunionectomy").
_STRONG = (
    r"protocol|method|maneuver|manoeuvre|bunionectomy|osteotomy|classification|sign|signs|syndrome|test|stenting"
    r"|thrombectomy|pupil|membrane|capsule|gland|glands|spots|streaks|plates|chart|rod|applanation|spindle|lens"
    r"|goniolens|tonometer|perimetry|visual\s+field"
)
# Conditions a patient has, which a patient's name may come before ("Lualhati Macaraeg syncope workup"): an eponym
# before them only when the medical dictionary or the eponym list knows the name ("Smith fracture", "Austin Flint
# murmur", "Marjolin ulcer").
_CONDITION = (
    r"ulcer|fracture|fx|anomaly|angina|endocarditis|murmur|syncope|aneurysm|arteritis|cardiomyopathy|lesion|lesions"
    r"|dystrophy|retinopathy"
)
# Two capitalised names before a strong noun or a condition: "Graham Steell murmur", "Duane and Brown syndrome",
# "Zeis and Moll glands".
_TWO_NAMES = re.compile(
    rf"\b(?P<name>[A-Z][a-z]{{2,}}\s+(?:and\s+|&\s+)?(?P<last>[A-Z][a-z]{{2,}}))\s+"
    rf"(?:(?P<strong>{_STRONG})|{_CONDITION})\b"
)
_EPONYM = re.compile(
    rf"\b(?P<name>{_SURNAMES})(?:'s)?\s+(?:(?P<strong>{_STRONG})\b{_NOT_NAMED}|(?P<condition>{_CONDITION})\b{_NOT_NAMED}"
    rf"|(?:{_NAMED})\b{_NOT_NAMED}|{_GRADE})"
)
# A test's result after the name of its test, a name the medical dictionary knows: "Coombs positive", "Seidel
# positive", "Gleason score".
_RESULT = re.compile(r"\b(?P<name>[A-Z][a-z]{2,})(?:'s)?\s+(?:positive|negative|score|grade)\b")
_PERSON_BEFORE = re.compile(
    r"\b(?:pt|pts|patient|member|mr|mrs|ms|miss|dr|for|with|called|spoke|told|asked|named|name|is|was)\.?\s*$",
    re.IGNORECASE,
)


def eponym_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans of surnames standing for a clinical thing (see the module docstring)."""
    spans = [
        m.span("name")
        for m in _TWO_NAMES.finditer(text)
        if not _PERSON_BEFORE.search(text, max(0, m.start() - 12), m.start())
        and (m.group("strong") is not None or _known_eponym(m.group("last"), lex))
    ]
    spans += [m.span("name") for m in _RESULT.finditer(text) if _known_eponym(m.group("name"), lex)]
    for m in _EPONYM.finditer(text):
        name = m.group("name")
        if m.group("condition") is not None:
            if all(_known_eponym(part, lex) for part in name.split("-")):
                spans.append(m.span("name"))
            continue
        strong = m.group("strong") is not None  # "Bruce protocol", "austin bunionectomy": only a person's method
        if "-" not in name and not strong and (lex.is_common_first(name) or lex.is_english(name)):
            continue  # two surnames joined ("jackson-pratt drain") are an eponym whatever each is
        if name.lower() in TITLES:
            continue
        if _PERSON_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        spans.append(m.span("name"))
    return spans


def _known_eponym(name: str, lex: Lexicon) -> bool:
    """A name the eponym list or the medical dictionary holds ("Smith", "Flint", "Marjolin", "Takotsubo")."""
    low = name.lower()
    if low.endswith("s") and low[:-1] in lex.medical_eponyms:
        return True  # the possessive without its apostrophe: "Ludwigs angina"
    return lex.is_eponym(name) or low in lex.medical or low in lex.medical_eponyms
