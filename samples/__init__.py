"""Bundled sample files, installed as the package ``antong_reports.samples``.

``angthong-2566-2570.yaml`` is the real plan of Ang Thong town municipality (the default plan of
``antong-reports build``); ``angthong-progress-2567.yaml`` is an illustrative progress file.
Find them with :func:`antong_reports.assets.sample_plan_path` and
:func:`antong_reports.assets.sample_progress_path`.
"""
