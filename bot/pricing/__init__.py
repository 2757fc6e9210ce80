"""Pure pricing and bundling core: no I/O, no Slack, no SQL."""
