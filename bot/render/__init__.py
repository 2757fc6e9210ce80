"""Turning answers into what people read: Slack blocks (`blocks`) and plain text (`text`)."""
