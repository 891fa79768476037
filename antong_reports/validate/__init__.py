"""Checks: a plan (``plan``) and a progress file against its plan (``progress``), each issue with
its file, line, field path and fix in Thai and English."""

from antong_reports.validate.plan import check_file, load_and_validate, validate

__all__ = ["check_file", "load_and_validate", "validate"]
