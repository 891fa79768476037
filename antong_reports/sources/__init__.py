"""Ways in: every source of a plan or of progress ends in the model.

``reader`` reads plan files (YAML/JSON) safely with the place of every problem; ``planfile``
converts plain data ⇄ model; ``progress_file`` and ``progress_workbook`` read progress files and
the filled progress workbook. A new way in (a workbook, an importer) goes here and returns a
:class:`~antong_reports.model.Plan` for the same validation.
"""

from antong_reports.sources.reader import load_plan

__all__ = ["load_plan"]
