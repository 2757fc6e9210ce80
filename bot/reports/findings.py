"""What the PHI screen reports: a kind of identifier and where it is, never the value. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PhiKind(StrEnum):
    NAME = "a person's name"
    DATE = "a full date"
    PHONE = "a phone or fax number"
    EMAIL = "an email address"
    SSN = "a Social Security number"
    MBI = "a Medicare Beneficiary Identifier"
    RECORD_NUMBER = "a record, account, claim or member number"
    ADDRESS = "a street address"
    ZIP4 = "a ZIP+4 code"
    URL = "a web address"
    IP_ADDRESS = "an IP address"
    AGE = "an age over 89"


@dataclass(frozen=True, order=True)
class PhiFinding:
    """One hit: its kind and character span in the screened text (the text itself is not kept)."""

    start: int
    end: int
    kind: PhiKind
