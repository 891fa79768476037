"""Wording and structure, built once into the format-neutral document tree (``tree``): the plan,
its tables, the summary and the reports. Fixed phrases of the official layout live in ``phrases``."""
