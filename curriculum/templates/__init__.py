"""所管課が持つデータの様式（テンプレート）: templates and a validator for city-held tables.

Each theme or module defines its templates as :class:`Template` objects in a sub-module of this package
(``curriculum/templates/<theme>.py``); :func:`all_templates` finds every one of them, so adding a module
is all it takes to make ``curriculum template list / show / write / check`` know a new template.

>>> from curriculum.templates import Column, Template
>>> t = Template("example", "例の表", "企画課", "説明", (Column("市区町村コード", "city_code", "code", pattern=r"\\d{5}", example="15213"),))
>>> t.example_frame().iloc[0, 0]
'15213'
"""

from __future__ import annotations

import importlib
import pkgutil

from curriculum.errors import CatalogueError
from curriculum.templates.spec import KINDS, Column, Template, TemplateError, check_template_file, city_rows, read_template_file

__all__ = ["Column", "Template", "TemplateError", "KINDS", "read_template_file", "check_template_file", "city_rows",
           "all_templates", "get_template"]


def all_templates() -> dict[str, Template]:
    """Every template defined in the sub-modules of this package, by id."""
    found: dict[str, Template] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "spec" or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Template):
                if value.id in found and found[value.id] is not value:
                    raise CatalogueError(f"様式 id {value.id!r} が2つあります。", f"duplicate template id {value.id!r}")
                found[value.id] = value
    return dict(sorted(found.items()))


def get_template(template_id: str) -> Template:
    """The template with this id; an unknown id gets the list of known ones."""
    templates = all_templates()
    if template_id not in templates:
        known = "、".join(templates) or "（なし）"
        raise CatalogueError(f"様式 {template_id!r} はありません。", f"unknown template {template_id!r}",
                             fix=f"curriculum template list で一覧を確認してください（{known}）。")
    return templates[template_id]
