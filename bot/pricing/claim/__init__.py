"""Claim answers: Medicare's claim rules over a whole encounter (issue 11), pure like the rest of bot/pricing."""

from bot.pricing.claim.engine import CLAIM_MODIFIERS, LinePricer, claim_json, price_claim
from bot.pricing.claim.model import PFS, Adjustment, Claim, ClaimLineLike, ClaimLineResult, ClaimRequest, EncounterLine

__all__ = [
    "CLAIM_MODIFIERS",
    "PFS",
    "Adjustment",
    "Claim",
    "ClaimLineLike",
    "ClaimLineResult",
    "ClaimRequest",
    "EncounterLine",
    "LinePricer",
    "claim_json",
    "price_claim",
]
