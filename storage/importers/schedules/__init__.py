"""Importers for the non-PFS Medicare fee schedules: CLFS, ASP, DMEPOS/PEN, OPPS Addendum B and
ASC Addenda AA/BB. One parser per kind (pure: text in, rows + release period out), `period.py`
reads each file's effective period, `kinds.py` plugs them into the file-kind registry and
`store.py` writes a parsed file as one release part, idempotently."""
