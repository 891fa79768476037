"""Bundled Sarabun fonts (SIL Open Font License 1.1, see OFL.txt).

This folder is installed as the ``antong_reports.fonts`` package so the fonts travel with the wheel.
"""
