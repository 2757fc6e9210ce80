"""billbot: Medicare fee-schedule quotes, NCCI bundling flags and denial patterns in Slack."""

__version__ = "0.1.0"
