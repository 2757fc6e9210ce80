"""Work that runs on a schedule or after an event, not in answer to a Slack request: milestone
posts (`milestones`), the weekly digest (`digest`) and the scheduler that runs both (`scheduler`)."""
