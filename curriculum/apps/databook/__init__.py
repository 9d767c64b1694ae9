"""統計データブック: :func:`~curriculum.apps.databook.build.write_databook` (HTML + PDF for any municipality)."""
