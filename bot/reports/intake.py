"""What a denial-form submission holds, read defensively, before anything expensive runs. Pure.

`field_values(view)` reads Slack's `view.state.values` for the form's block ids and returns
`(values, errors)`:

- types: a text input's `value` must be a string and a select's `selected_option` an object with a
  string `value`; anything else (an integer code, a list in "what worked") is a field error, never
  an exception;
- lengths: a field longer than its limit is refused here, before the PHI screen or any parsing sees
  it (the modal already limits what Slack lets a user type; these catch anything else);
- cleaning (control characters removed, bidi overrides refused) follows in `bot.reports.form.validate`
  (`bot.reports.clean`), on text that passed these checks.

Blocks that are not part of the form are ignored. Nothing here raises on any input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.reports.form import BLOCK_IDS, WHAT_WORKED_MAX

SELECT_BLOCKS = frozenset({"payer", "state", "carc", "outcome"})
# Characters allowed before a field is refused without further work (the modal's own limits are
# 5, 20, 5, 40 and 500; codes and RARCs get room for spaces and dashes a user may paste).
MAX_CHARS: dict[str, int] = {"code": 20, "paired_code": 20, "modifiers": 40, "rarc": 60,
                             "what_worked": WHAT_WORKED_MAX}  # fmt: skip
SELECT_MAX_CHARS = 40
NOT_TEXT = "This field should be text. Please type it again."
NOT_A_CHOICE = "Choose one of the options from the list."


def _too_long(block_id: str, value: str) -> str | None:
    limit = MAX_CHARS.get(block_id, WHAT_WORKED_MAX)
    # Surrounding spaces are not the user's fault; anything else over the limit is.
    if len(value) <= limit or len(value.strip()) <= limit:
        return None
    if block_id == "what_worked":
        return f"Please keep this under {WHAT_WORKED_MAX} characters (it has {len(value.strip())})."
    return f"This is too long: at most {limit} characters."


def _read(block_id: str, actions: Any) -> tuple[str | None, str | None]:
    """(value, error) of one block."""
    if not isinstance(actions, Mapping):
        return None, NOT_TEXT if block_id not in SELECT_BLOCKS else NOT_A_CHOICE
    action = next(iter(actions.values()), None) if actions else None
    if action is None:
        return None, None
    if not isinstance(action, Mapping):
        return None, NOT_TEXT if block_id not in SELECT_BLOCKS else NOT_A_CHOICE
    if block_id in SELECT_BLOCKS or action.get("type") == "static_select" or "selected_option" in action:
        selected = action.get("selected_option")
        if selected is None:
            return None, None
        if not isinstance(selected, Mapping):
            return None, NOT_A_CHOICE
        value = selected.get("value")
        if value is None:
            return None, None
        if not isinstance(value, str) or len(value) > SELECT_MAX_CHARS:
            return None, NOT_A_CHOICE
        return value, None
    value = action.get("value")
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, NOT_TEXT
    if problem := _too_long(block_id, value):
        return None, problem
    return value, None


def field_values(view: Any) -> tuple[dict[str, str | None], dict[str, str]]:
    """The form's values by block id, and field errors (block id → message) for what cannot be used."""
    values: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    state = view.get("state") if isinstance(view, Mapping) else None
    blocks = state.get("values") if isinstance(state, Mapping) else None
    if not isinstance(blocks, Mapping):
        return values, errors
    for block_id in BLOCK_IDS:
        if block_id not in blocks:
            continue
        value, error = _read(block_id, blocks[block_id])
        if error:
            errors[block_id] = error
        else:
            values[block_id] = value
    return values, errors
