"""antong-reports: Thai local-government anti-corruption action plans as official documents.

One plan file (YAML) → the model (:mod:`antong_reports.model`) → validated → composed once into a
format-neutral document tree (:mod:`antong_reports.doctree`) → rendered as DOCX, PDF and XLSX.
"""

__version__ = "0.1.0"
