"""フォローアップ編のテーマとモジュール: one sub-package per case (the analysis and maps only that case uses)."""
