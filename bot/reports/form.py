"""The denial-report form: its choices and the validation of a submission. Pure: no Slack, no database.

The block ids are contracts: code, modifiers, paired_code, payer, state, carc, rarc,
outcome, what_worked. `validate(values, is_known_code, lexicon)` turns the raw field values into a
`DenialSubmission` or a `{block_id: message}` dict of user-facing errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.pricing import lines
from bot.pricing.lines import HCPCS_SHAPE, MAX_MODIFIERS, MODIFIER_SHAPE
from bot.reports.clean import check_text
from bot.reports.lexicon import Lexicon
from bot.reports.phi import screen

BLOCK_IDS = ("code", "modifiers", "paired_code", "payer", "state", "carc", "rarc", "outcome", "what_worked")
WHAT_WORKED_MAX = 500

PAYERS: dict[str, str] = {
    "medicare_b": "Medicare Part B",
    "medicare_advantage": "Medicare Advantage",
    "medicaid": "Medicaid",
    "commercial": "Commercial",
    "other": "Other",
}

OUTCOMES: dict[str, str] = {
    "appeal_won": "Appeal won",
    "appeal_lost": "Appeal lost",
    "appeal_pending": "Appeal pending",
    "corrected_resubmitted": "Corrected and resubmitted",
    "written_off": "Written off",
    "not_appealed": "Not appealed",
}

# The reasons billers see most, with short plain-English labels (our own words).
CARCS: dict[str, str] = {
    "CO-4": "Modifier wrong or missing for this code",
    "CO-11": "Diagnosis doesn't fit the procedure",
    "CO-16": "Claim missing information or has errors",
    "CO-18": "Duplicate claim or service",
    "CO-22": "Another payer should pay first",
    "CO-27": "Coverage ended before the service",
    "CO-29": "Filed too late",
    "CO-45": "Charge above the allowed fee",
    "CO-50": "Payer says not medically necessary",
    "CO-96": "Service not covered",
    "CO-97": "Paid as part of another service",
    "CO-109": "Sent to the wrong payer or contractor",
    "CO-151": "More services than the payer allows",
    "CO-167": "Diagnosis not covered",
    "CO-170": "Not paid for this provider type",
    "CO-181": "Code not valid on the service date",
    "CO-182": "Modifier not valid on the service date",
    "CO-185": "Rendering provider not eligible",
    "CO-197": "No prior authorization or referral",
    "CO-204": "Not covered by the patient's plan",
    "CO-234": "Not paid separately",
    "CO-236": "Code pair not allowed together (NCCI)",
    "B7": "Provider not certified for this service",
    "B15": "Needs a qualifying service on the same claim",
}

# US states, DC and the territories (USPS codes).
STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
}  # fmt: skip

RARC_SHAPE = re.compile(r"^(?:N|M|MA)\d{1,3}$")
_SPLIT = re.compile(r"[\s,;/]+")


@dataclass(frozen=True)
class DenialSubmission:
    """A validated report: exactly the modal's fields, normalised."""

    hcpcs: str
    modifiers: tuple[str, ...]
    paired_code: str | None
    payer: str
    state: str | None
    carc: str
    rarc: str | None
    outcome: str
    what_worked: str | None

    def canonical(self) -> str:
        """A stable text of the content, for the keyed de-duplication hash (never stored itself)."""
        parts = [self.hcpcs, ",".join(self.modifiers), self.paired_code or "", self.payer, self.state or "",
                 self.carc, self.rarc or "", self.outcome, " ".join((self.what_worked or "").split())]  # fmt: skip
        return "\x1f".join(parts)


def normalise_code(raw: str) -> str:
    """A code typed into the form: spaces inside are dropped too ("77 002")."""
    return lines.normalise_code(raw.replace(" ", ""))


def parse_modifiers(raw: str) -> tuple[list[str], str | None]:
    """Modifiers typed as "26", "26 59", "26,59" or "-26-59". Returns (modifiers, error)."""
    text = raw.strip().upper().replace("-", " ")
    if not text:
        return [], None
    mods = [m for m in _SPLIT.split(text) if m]
    bad = [m for m in mods if not MODIFIER_SHAPE.match(m)]
    if bad:
        return [], "A modifier is two letters or digits, like 26, TC or 59. Separate several with spaces."
    if len(mods) > MAX_MODIFIERS:
        return [], f"A claim line carries at most {MAX_MODIFIERS} modifiers."
    return sorted(set(mods)), None


def _code_error(code: str, is_known_code: Callable[[str], bool], what: str) -> str | None:
    if not HCPCS_SHAPE.match(code):
        return f"{what} should be a 5-character CPT/HCPCS code, like 77002 or G0121."
    if not is_known_code(code):
        return f"{code} is not in the loaded Medicare fee schedule. Check the code and try again."
    return None


def validate(
    values: Mapping[str, str | None], is_known_code: Callable[[str], bool], lexicon: Lexicon
) -> DenialSubmission | dict[str, str]:
    """Validate raw field values ({block_id: text or selected value}); errors keyed by block id.
    Every free-text field is PHI-screened with `lexicon` before anything else sees it."""
    errors: dict[str, str] = {}
    refused: dict[str, str] = {}  # fields holding text billbot will not store (bidi overrides)

    def get(key: str) -> str:
        text, problem = check_text(values.get(key) or "")
        if problem:
            refused[key] = problem
        return text.strip()

    code = normalise_code(get("code"))
    if not code:
        errors["code"] = "Enter the CPT/HCPCS code that was denied."
    elif err := _code_error(code, is_known_code, "The code"):
        errors["code"] = err

    mods, mod_error = parse_modifiers(get("modifiers"))
    if mod_error:
        errors["modifiers"] = mod_error

    paired = normalise_code(get("paired_code")) or None
    if paired is not None:
        if err := _code_error(paired, is_known_code, "The other code"):
            errors["paired_code"] = err
        elif paired == code:
            errors["paired_code"] = "The other code should differ from the denied code (leave it empty if none)."

    payer = get("payer")
    if payer not in PAYERS:
        errors["payer"] = "Choose the kind of payer."
    state = get("state").upper() or None
    if state is not None and state not in STATES:
        errors["state"] = "Choose a state or territory from the list, or leave it empty."
    carc = get("carc")
    if carc not in CARCS:
        errors["carc"] = "Choose the adjustment reason code from the list."
    outcome = get("outcome")
    if outcome not in OUTCOMES:
        errors["outcome"] = "Choose what happened after the denial."

    rarc_raw = get("rarc").upper()
    rarc: str | None = None
    if rarc_raw:
        found = screen(get("rarc"), lexicon)
        if not found.clean:
            errors["rarc"] = found.message()
        else:
            rarcs = [r for r in _SPLIT.split(rarc_raw) if r]
            if not all(RARC_SHAPE.match(r) for r in rarcs) or len(rarcs) > 4:
                errors["rarc"] = "Remark codes look like N290, M127 or MA130 (up to 4, separated by spaces)."
            else:
                rarc = " ".join(dict.fromkeys(rarcs))

    what = get("what_worked") or None
    if what is not None:
        if len(what) > WHAT_WORKED_MAX:
            errors["what_worked"] = f"Please keep this under {WHAT_WORKED_MAX} characters (it has {len(what)})."
        else:
            found = screen(what, lexicon)
            if not found.clean:
                errors["what_worked"] = found.message()

    errors.update(refused)
    if errors:
        return errors
    return DenialSubmission(
        hcpcs=code,
        modifiers=tuple(mods),
        paired_code=paired,
        payer=payer,
        state=state,
        carc=carc,
        rarc=rarc,
        outcome=outcome,
        what_worked=" ".join(what.split()) if what else None,
    )
