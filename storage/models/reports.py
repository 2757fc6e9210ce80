"""Tables for reports (filled in by its issue)."""
