"""Tables for slack (filled in by its issue)."""
