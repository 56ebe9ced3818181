"""Bounds on the numbers users may send: every integer that reaches the database fits a PostgreSQL `integer`, every
number is finite. Shared by the web forms, the URL converters, the API schemas and the list pages."""
from __future__ import annotations

DB_INT_MAX = 2**31 - 1      # PostgreSQL `integer`; ids, counts and page numbers above it answer 400/404, not 500
COUNT_MAX = 10_000          # deaths, injuries, findings: a whole number of people or findings
AMOUNT_CNY_MAX = 1e12       # fines and losses in yuan
CAPACITY_KT_MAX = 1e6       # design capacity, kt per year (the largest ports handle ~1.3e6 kt)
DWT_MAX = 1_000_000         # the largest ship a wharf takes, dwt
INDICATOR_VALUE_MAX = 1e9   # a measured indicator value (PM10 µg/m³, kWh, %); the rule set narrows it further
PAGE_MAX = 1_000_000        # a list page number
