"""Errors the pricing core raises for things a user asked for: each carries a message fit to show."""

from __future__ import annotations


def shown(typed: str, limit: int = 24) -> str:
    """What the user typed, quoted for a message and cut short, so a pasted essay is not echoed back."""
    text = typed.strip()
    return repr(text if len(text) <= limit else text[:limit] + "...")


class PricingError(ValueError):
    """Base class: the message is written for a biller and is safe to show as is."""


class UnknownCodeError(PricingError):
    """The HCPCS code is not in the release; `suggestions` holds the closest valid codes."""

    def __init__(self, message: str, code: str, release: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.release = release
        self.suggestions = suggestions


class UnknownModifierError(PricingError):
    """A modifier billbot does not recognise, or one that cannot be used with this code."""


class UnknownLocalityError(PricingError):
    """A locality, ZIP or state/name that does not match any Medicare payment locality."""


class NoReleaseError(PricingError):
    """No imported release covers the date of service (or nothing is imported at all)."""
