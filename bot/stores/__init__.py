"""Small stores, one concern each, built once by `bot.services.Services`.

- `catalogue.FeeScheduleCatalogue`: the fee schedules in memory, prices memoised per load;
- `preferences.PreferencesStore`: per-user defaults and per-channel watching;
- `ncci.NcciEditStore`: NCCI edits for a set of codes and a date, and the releases imported;
- `reports.ReportsStore`: denial reports, patterns, milestone posts and digest slots;
- `requests.RequestLog`: "was this Slack request already handled?" across processes.

Each answers from its cache before it waits on the database; callers never open a session.
"""
