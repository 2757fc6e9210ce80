"""Tables for ncci (filled in by its issue)."""
