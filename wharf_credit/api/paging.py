"""Page numbers of the API's paginated lists are bounded (an OFFSET past 2**63 is a database error, not a page).

flask-smorest 0.47 builds its pagination query schema in the module function
`flask_smorest.pagination._pagination_parameters_schema_factory`, looked up each time `Blueprint.paginate()` is
applied; `bound_page_numbers()` replaces it with one whose `page` has a maximum (PAGE_MAX), so the limit is both
enforced (422 naming `page`) and stated in the OpenAPI document. tests/api checks the document says so, which fails
if a flask-smorest upgrade stops calling the factory."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_smorest import pagination

from ..limits import PAGE_MAX

_library_factory = pagination._pagination_parameters_schema_factory


def _bounded_factory(def_page: int, def_page_size: int, def_max_page_size: int) -> Any:
    base: Any = _library_factory(def_page, def_page_size, def_max_page_size)

    class PaginationParametersSchema(base):  # type: ignore[misc, valid-type]
        page = ma.fields.Integer(load_default=def_page, validate=ma.validate.Range(min=1, max=PAGE_MAX))

    return PaginationParametersSchema


def bound_page_numbers() -> None:
    """Call before the API's routes are declared (idempotent)."""
    pagination._pagination_parameters_schema_factory = _bounded_factory
