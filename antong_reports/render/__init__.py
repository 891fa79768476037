"""Renderers: visitors that walk the document tree into DOCX (``docx``), PDF (``pdf``) and XLSX
(``xlsx``, ``report_xlsx``), with their helpers and deterministic zip packing (``ziputil``)."""
