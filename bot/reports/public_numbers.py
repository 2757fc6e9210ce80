"""Numbers shaped like a patient's identifier that belong to no patient. Pure.

The pattern detectors find every date, phone number and long code; some of those are public facts a
biller quotes, never a patient's:

- toll-free numbers (800, 833, 844, 855, 866, 877, 888): a payer's, a MAC's or a clearinghouse's line,
  unless a word near it says a person is reached there ("call back at", "the member's", "her cell");
- a date a policy took effect or was revised ("effective 1/1/2025", "LCD revised 10/1/2024", "as of
  4/1/2025"), or that names a release ("the 1/1/2027 fee schedule", "the 10/1 NCCI edits"), unless a word
  before it says it is a person's ("DOS", "seen", "pt"): a date about a rule, not about a person; also a date a
  change happened on or a deadline, in a sentence with no person in it ("the tier list changed jan 1", "fee
  sched dropped 12/15", "appeals out by Dec 15, deadline");
- NUCC provider taxonomy codes ("207Q00000X", "363LF0000X"): ten characters ending in X;
- a laboratory's CLIA number ("CLIA 03D0987654"): two digits, D and seven digits, right after the word "CLIA";
- a drug's NDC written as its 10 or 11 digits after "NDC" ("11-digit format is 00069010501");
- the practice's own ZIP code ("our clinic ZIP 87420 counts as rural"), when no person is near;
- the sites a biller cites (`public_site`): a .gov address, or the home page of a payer, a MAC or a
  clearinghouse ("cms.gov", "availity.com").

`public(text, finding)` says whether a finding is one of these. It looks only at the finding and at most
`_LOOK_BACK` characters either side of it, so filtering is linear in the number of findings.
"""

from __future__ import annotations

import re

from bot.reports.findings import PhiFinding, PhiKind

_LOOK_BACK = 40
_TOLL_FREE = re.compile(r"^(?:\+?1[\s.-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[\s.-]?\d{3}[\s.-]?\d{4}$")
_POLICY_DATE = re.compile(
    r"\b(?:effective|eff\.?|as\s+of|revised|rev\.?|updated|published|released|retired|implemented|starting"
    r"|deleted|sunsets?|(?:take|takes|took)\s+effect|(?:go|goes|went)\s+live"  # not "expired": patients expire
    r"|(?:schedule|file|article|bulletin|update|manual|notice|transmittal|lcd|policy)\s+dated"
    r"|beginning|(?:office|offices|clinic|we're|we\s+are|we'll\s+be)\s+closed(?:\s+on)?|closure(?:\s+is)?"
    r"|formulary)"
    r"(?:\s+(?:on|date|dates|from|with|in|by|per|the|a|an)){0,3}\s*[:-]?\s*"  # "retired with the 10/1/2025 update"
    r"(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*(?:,|and|&|or)\s*){0,4}$",  # the later dates of "closed 12/24, 12/25 and 1/1"
    re.IGNORECASE,
)
# A date that names a release: "the 1/1/2027 fee schedule", "the 10/1/2025 NCCI edits", "4/1 quarterly update".
_RELEASE_AFTER = re.compile(
    r"\s*(?:medicare\s+|cms\s+|physician\s+)?(?:fee\s+schedules?|pfs|mpfs|opps|clfs|dmepos|asp|ncci|mue|mues|ptp"
    r"|quarterly|update|updates|release|final\s+rule|proposed\s+rule|transmittal|bulletin|code\s+set|cpt\s+book"
    r"|icd-10\s+update|lcd|ncd|edits|pricing\s+file|rate\s+file|addend(?:um|a)|policy|policies|formulary)\b",
    re.IGNORECASE,
)
# What says a date is a person's, whatever follows it: "DOS 1/1/2027 update".
_PERSON_DATE_WORDS = r"dos|dob|born|seen|admit(?:ted)?|discharged?|died|visit|pt|patient|member"
_PERSON_DATE = re.compile(rf"\b(?:{_PERSON_DATE_WORDS})\b[^.;]*$", re.IGNORECASE)
# A date a payer's or CMS's change happened on, said with no person in the sentence: "the tier list changed jan 1",
# "the 2027 final rule 11/1/2026", "copay card stopped working Jan 1", "fee sched dropped 12/15", "the remit for the
# week of Nov 17", "appeals out by Dec 15, deadline".
_CHANGE_BEFORE = re.compile(
    r"\b(?:changed|changes|dropped|drops|switch|switched|switches|stopped|stops|started|starts|ended|ends|began"
    r"|begins|rule|bulletin|remit|remits|cycle|week\s+of|month\s+of|deadline|cutoff|since|reset|resets|renews?"
    r"|reissued|update|updated|schedule|sched|posted|out|outage|before|after|by|until|thru|through|kicked\s+in|went\s+live)"
    r"(?:\s+[\w'-]+){0,2}\s*[:-]?\s*$",
    re.IGNORECASE,
)
_DEADLINE_AFTER = re.compile(r"\s*[,;-]?\s*(?:deadline|cutoff|cut-off|due\s+date)\b", re.IGNORECASE)
# Any word that puts a person in the sentence: then no date in it is taken for a rule's.
_PERSON_IN_SENTENCE = re.compile(
    rf"\b(?:{_PERSON_DATE_WORDS}|admits|pts|patients|members|her"
    r"|his|him|she|he|daughter|son|wife|husband|mom|dad|mother|father|baby|kid|child|guarantor|caregiver|auth"
    r"|authorization|surgery|delivered|appt|appointment|encounter|stay|readmit(?:ted)?|readmission|walk-in"
    r"|arrived|treated|injured|fell|accident)\b",
    re.IGNORECASE,
)
_PERSON_NEAR = re.compile(
    r"\b(?:member|members|patient|pt|her|his|him|she|he|daughter|son|wife|husband|mom|dad|mother|father"
    r"|callback|call\s+back|cb|guarantor|caregiver|home|cell|mobile|personal|reach)\b",
    re.IGNORECASE,
)
# Federal lines every beneficiary is told to call, public whoever is near them: 1-800-MEDICARE, its TTY line,
# Social Security, the HHS-OIG hotline.
_PUBLIC_LINES = frozenset({"8006334227", "8774862048", "8007721213", "8004478477"})
_PAYER_LINE = re.compile(
    r"\b(?:provider\s+(?:services|relations|line)|customer\s+service|claims\s+(?:line|department|dept)"
    r"|ivr|payer|plan|mac|eligibility\s+line)\b",
    re.IGNORECASE,
)
# A five-digit ZIP said to be the practice's: "our clinic ZIP 87420 counts as rural".
_ZIP_ALONE = re.compile(r"^zip(?:\s*code)?\s*[:#]?\s*\d{5}$", re.IGNORECASE)
_PRACTICE = re.compile(
    r"\b(?:our|clinic|clinic's|office|practice|facility|site|location|locality|rural|mac|hospital|group|billing)\b",
    re.IGNORECASE,
)
# A drug's National Drug Code written as its 10 or 11 digits, after "NDC" or its format: "11-digit format is
# 00069010501".
_NDC_NEAR = re.compile(r"\b(?:ndc|n4|(?:10|11)[- ]digit)\b", re.IGNORECASE)
_TAXONOMY_WORD = re.compile(r"\b(?:taxonomy|taxonomies|nucc)\b", re.IGNORECASE)
_TAXONOMY = re.compile(r"^\d{3}[0-9A-Z]{6}X$", re.IGNORECASE)


def public(text: str, finding: PhiFinding) -> bool:
    """The finding is a public number, not a patient's (see the module docstring)."""
    value = text[finding.start : finding.end].strip(" ()")  # "(1-800-633-4227)"
    before = text[max(0, finding.start - _LOOK_BACK) : finding.start]
    if finding.kind is PhiKind.PHONE:
        if re.sub(r"\D", "", value).removeprefix("1") in _PUBLIC_LINES:
            return True
        if not _TOLL_FREE.match(value):
            return False
        # "call provider services at 1-866-...": the payer's line, whatever follows; otherwise no person near.
        near = before + text[finding.start : finding.end + _LOOK_BACK]
        return bool(_PAYER_LINE.search(before)) or not _PERSON_NEAR.search(near)
    if finding.kind is PhiKind.DATE:
        if _POLICY_DATE.search(before):
            return True
        if _RELEASE_AFTER.match(text, finding.end) and not _PERSON_DATE.search(before):
            return True
        changed = _CHANGE_BEFORE.search(before) or _DEADLINE_AFTER.match(text, finding.end)
        return bool(changed) and not _PERSON_IN_SENTENCE.search(text)
    if finding.kind is PhiKind.MBI and _taxonomy(text, finding, value):
        return True  # "225100000X" looks like an old HICN; ending in X it is a taxonomy code
    if finding.kind is PhiKind.RECORD_NUMBER:
        if value.isdigit() and len(value) in (10, 11):  # an NDC's digits, said to be one
            return _NDC_NEAR.search(text, max(0, finding.start - 90), finding.start) is not None
        return _taxonomy(text, finding, value) or _clia(text, finding)
    if finding.kind is PhiKind.ADDRESS and _ZIP_ALONE.match(value):
        return bool(_PRACTICE.search(before)) and not _PERSON_NEAR.search(before)
    return False


# Public sites a biller cites: a government site, or a payer's, MAC's or clearinghouse's home page.
_PUBLIC_SITES = {
    "cms", "medicare", "medicaid", "hhs", "oig", "availity", "noridian", "noridianmedicare", "novitas",
    "novitas-solutions", "palmettogba", "wpsgha", "ngsmedicare", "cgsmedicare", "fcso", "medicareadvocacy",
    "aapc", "ama-assn", "x12", "nucc", "uhcprovider", "aetna", "cigna", "humana", "anthem", "optum", "waystar",
    "trizetto", "change", "changehealthcare", "findacode", "codingclinicadvisor", "ahima", "bcbs", "molina",
    "merlin", "carelink", "mycarelink",
}  # fmt: skip


def public_site(url: str) -> bool:
    """A .gov address, or the bare home page of a public billing site ("cms.gov", "availity.com")."""
    host = re.sub(r"^(?:https?://|ftp://)?(?:www\.)?", "", url.lower()).split("/", 1)
    labels = host[0].rstrip(".").split(".")
    if labels[-1] == "gov":
        return True
    bare = len(host) == 1 or not host[1].strip("/")
    return bare and len(labels) >= 2 and labels[-2] in _PUBLIC_SITES


_CLIA = re.compile(r"^\d{2}D\d{7}$", re.IGNORECASE)
_CLIA_WORD = re.compile(r"\bclia\b", re.IGNORECASE)


def _clia(text: str, finding: PhiFinding) -> bool:
    """A laboratory's CLIA certificate number, right after its label: "update the CLIA 03D0987654"."""
    start, end = finding.start, finding.end
    while start > 0 and text[start - 1].isalnum():  # the digits found may be the tail of the number
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    label = text[max(0, start - 16) : start]  # "CLIA 03D0987654", "clia #: 03D0987654", "CLIA number 03D0987654"
    return _CLIA.match(text[start:end]) is not None and _CLIA_WORD.search(label) is not None


def _taxonomy(text: str, finding: PhiFinding, value: str) -> bool:
    """A NUCC taxonomy code: ten characters ending in X, with a letter inside ("207Q00000X") or the word near
    ("taxonomy 225100000X"); a Medicaid id may also end in X ("112938475X")."""
    if not _TAXONOMY.match(value):
        return False
    near = text[max(0, finding.start - 60) : finding.end + 60]
    return any(c.isalpha() for c in value[3:-1]) or _TAXONOMY_WORD.search(near) is not None
