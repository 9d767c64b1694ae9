"""フォローアップ編のテーマとモジュール: one sub-package per theme or case module (analysis and the theme's own layers).

Generic layers (boundary, mesh population, facilities, 小地域, bus feeds) come from :mod:`curriculum.layers`;
a theme adds only what is its own. Importing this package imports no theme.
"""
