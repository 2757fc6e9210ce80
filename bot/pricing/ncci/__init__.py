"""NCCI edits (PTP pairs, MUE units, add-on codes) and the pure bundling check over them.

types      the edit rows and releases `storage/` hands over (`EditSet`)
release    which quarterly release a CMS file is, and which release applies on a date
modifiers  which modifiers bypass a PTP edit
check      `check_bundling(lines, dos, edits, schedule) -> BundlingResult`
findings   what the check finds, and `bundling_json`
"""
