"""Tables for fee_schedule (filled in by its issue)."""
