"""The RVU file's codes and indicators in plain English, as RVU25D.pdf (Attachment A) defines them."""

from __future__ import annotations

from dataclasses import dataclass

PAYABLE_STATUSES = frozenset({"A", "R", "T"})

STATUS_TEXT: dict[str, str] = {
    "A": "Active: paid separately under the physician fee schedule, if covered.",
    "B": "Bundled: always bundled into payment for other services; no separate payment, even if RVUs are shown.",
    "C": "Carrier-priced: the MAC sets the payment, usually case by case after reviewing documentation.",
    "D": "Deleted code.",
    "E": "Excluded from the physician fee schedule by regulation; if covered, paid under other rules.",
    "F": "Deleted/discontinued code (no grace period).",
    "G": "Not valid for Medicare: Medicare uses another code for this service (90-day grace period).",
    "H": "Deleted modifier: this 26/TC component was deleted for the current year.",
    "I": "Not valid for Medicare: Medicare uses another code for this service.",
    "J": "Anesthesia service: no RVUs or fee schedule amount (paid with anesthesia base and time units).",
    "M": "Measurement code: for reporting only, no payment.",
    "N": "Non-covered: Medicare does not cover this service.",
    "P": "Bundled/excluded: no separate fee schedule payment (bundled if incident to a physician service).",
    "R": "Restricted coverage: special coverage instructions apply; if covered, contractor-priced.",
    "T": "Injection: paid only if no other fee-schedule service is billed the same day by the same provider.",
    "X": "Statutory exclusion: not a physician service under the fee schedule (e.g. ambulance, lab); no payment.",
}

PCTC_TEXT: dict[str, str] = {
    "0": "Physician service: no professional/technical split; modifiers 26 and TC cannot be used.",
    "1": "Diagnostic test with professional (26) and technical (TC) components; bill global, 26 or TC.",
    "2": "Professional-component-only code; modifiers 26 and TC cannot be used.",
    "3": "Technical-component-only code; modifiers 26 and TC cannot be used.",
    "4": "Global-test-only code (separate codes exist for the PC and TC); modifiers 26 and TC cannot be used.",
    "5": "Incident-to code: not payable to the physician for hospital inpatients/outpatients; no 26 or TC.",
    "6": "Laboratory physician interpretation: separate payment for the interpretation (26); TC cannot be used.",
    "7": "Physical therapy service not payable when furnished in a hospital by an independent PT/OT.",
    "8": "Physician interpretation of an abnormal smear for a hospital inpatient only; no TC.",
    "9": "Professional/technical split does not apply.",
}

GLOBAL_TEXT: dict[str, str] = {
    "000": "0-day global: pre- and post-operative work on the day of the procedure is included; "
    "an E/M that day is generally not payable.",
    "010": "10-day global: the procedure day and 10 days after are included; E/M that day and in the 10 days "
    "are generally not payable.",
    "090": "90-day global: 1 day before, the day of and 90 days after are included.",
    "MMM": "Maternity code: the usual global period does not apply.",
    "XXX": "The global surgery concept does not apply.",
    "YYY": "The MAC decides whether a global period applies and sets it when pricing.",
    "ZZZ": "Add-on code: always included in the global period of the primary service it is billed with.",
}

MULT_PROC_TEXT: dict[str, str] = {
    "0": "No multiple-procedure reduction applies.",
    "1": "Standard pre-1995 multiple-procedure rules (100%, 50%, 25%, 25%, 25%).",
    "2": "Standard multiple-procedure rules: highest-valued procedure 100%, each other one 50%.",
    "3": "Multiple-endoscopy rules apply within the endoscopic family (base code {endo_base}).",
    "4": "Diagnostic-imaging reduction: subsequent procedures in the same session have TC reduced 50% and PC 5%.",
    "5": "Therapy reduction: 50% of the practice expense for subsequent therapy services.",
    "6": "Cardiovascular diagnostic reduction: 25% off the TC of the second and later procedures.",
    "7": "Ophthalmology diagnostic reduction: 20% off the TC of the second and later procedures.",
    "9": "Multiple-procedure concept does not apply.",
}

BILAT_TEXT: dict[str, str] = {
    "0": "Bilateral 150% does not apply: both sides together are paid at most 100% of one code.",
    "1": "Bilateral procedure: with modifier 50 (or RT+LT, or 2 units) both sides are paid at 150%.",
    "2": "RVUs already assume a bilateral procedure: both sides together are paid at 100%.",
    "3": "Each side is paid at 100% of the fee schedule amount (usually radiology/diagnostic tests).",
    "9": "Bilateral concept does not apply.",
}

ASST_TEXT: dict[str, str] = {
    "0": "Assistant at surgery paid only with documentation of medical necessity.",
    "1": "Assistant at surgery may not be paid (statutory restriction).",
    "2": "Assistant at surgery may be paid.",
    "9": "Assistant-at-surgery concept does not apply.",
}

CO_SURG_TEXT: dict[str, str] = {
    "0": "Co-surgeons not permitted.",
    "1": "Co-surgeons may be paid with documentation of medical necessity.",
    "2": "Co-surgeons permitted without documentation if the two-specialty requirement is met.",
    "9": "Co-surgery concept does not apply.",
}

TEAM_SURG_TEXT: dict[str, str] = {
    "0": "Team surgeons not permitted.",
    "1": "Team surgeons may be paid with documentation of medical necessity; priced by report.",
    "2": "Team surgeons permitted; priced by report.",
    "9": "Team-surgery concept does not apply.",
}

SUPERVISION_TEXT: dict[str, str] = {
    "01": "General supervision by a physician.",
    "02": "Direct supervision by a physician.",
    "03": "Personal supervision by a physician.",
    "04": "Supervision rule does not apply to a qualified psychologist; otherwise general supervision.",
    "05": "Supervision rule does not apply to a qualified audiologist; otherwise general supervision.",
    "06": "Performed by a physician or an ABPTS-certified electrophysiological physical therapist.",
    "21": "Certified technician under general supervision; otherwise direct supervision.",
    "22": "Technician with on-line real-time contact with a physician.",
    "66": "Physician, or a physical therapist with ABPTS certification in this procedure.",
    "6A": "As 66; the ABPTS-certified PT may also supervise another PT, but only the certified PT may bill.",
    "77": "ABPTS-certified PT, uncertified PT under direct physician supervision, or certified technician "
    "under general supervision.",
    "7A": "As 77; the ABPTS-certified PT may also supervise another PT, but only the certified PT may bill.",
    "09": "Physician supervision concept does not apply.",
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One policy indicator of an RVU row: the column name, its value and what it means."""

    name: str
    value: str
    text: str


def describe(table: dict[str, str], value: str, what: str) -> str:
    return table.get(value.strip(), f"{what} {value!r} is not described in the RVU file documentation.")


def status_text(status: str) -> str:
    return describe(STATUS_TEXT, status, "Status code")
