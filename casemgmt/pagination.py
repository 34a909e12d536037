"""Paginating a select, and the parameters GOV.UK Frontend's pagination component needs."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from flask import request, url_for
from sqlalchemy import Select, func, select

from casemgmt.extensions import db


@dataclass
class Page:
    items: list
    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    def govuk_params(self) -> dict | None:
        """`govukPagination` parameters, keeping the current query string; None for a single page."""
        if self.count <= 1:
            return None

        def link(number: int) -> str:
            args = {**request.args.to_dict(), **(request.view_args or {}), "page": number}
            return url_for(request.endpoint, **args)

        params: dict = {"items": []}
        if self.number > 1:
            params["previous"] = {"href": link(self.number - 1)}
        if self.number < self.count:
            params["next"] = {"href": link(self.number + 1)}
        for number in range(1, self.count + 1):
            if number in (1, self.count) or abs(number - self.number) <= 2:
                params["items"].append({"number": number, "href": link(number), "current": number == self.number})
            elif params["items"] and not params["items"][-1].get("ellipsis"):
                params["items"].append({"ellipsis": True})
        return params


def _entity_with_id(query: Select):
    """The one mapped class a select returns, when it has an `id`; else None."""
    descriptions = query.column_descriptions
    entity = descriptions[0].get("entity") if len(descriptions) == 1 else None
    return entity if entity is not None and hasattr(entity, "id") and descriptions[0].get("expr") is entity else None


def load_page(query: Select, limit: int, offset: int, with_details: Callable[[Select], Select] = lambda q: q) -> list:
    """The records of one page of `query`, in its order.

    The page is chosen by id alone first, so a broad match (thousands of incidents) is sorted without joining
    what each record displays; only the chosen page is then loaded in full (with `with_details` options).
    """
    if _entity_with_id(query) is None:
        return list(db.session.scalars(with_details(query).limit(limit).offset(offset)).unique())
    ids = page_ids(query, limit, offset)
    records = records_by_id(query, ids, with_details)
    return [records[record_id] for record_id in ids if record_id in records]


def page_ids(query: Select, limit: int, offset: int) -> list:
    """The ids of one page of `query` (a select of one mapped class with an `id`), in its order."""
    entity = _entity_with_id(query)
    return list(
        db.session.scalars(query.with_only_columns(entity.id, maintain_column_froms=True).limit(limit).offset(offset))
    )


def records_by_id(query: Select, ids: list, with_details: Callable[[Select], Select] = lambda q: q) -> dict:
    """Those of `ids` that `query` returns, loaded in full (with `with_details` options), by id."""
    if not ids:
        return {}
    entity = _entity_with_id(query)
    chosen = with_details(query.where(entity.id.in_(ids)).order_by(None))
    return {record.id: record for record in db.session.scalars(chosen).unique()}


def _counted(query: Select, cap: int | None) -> Select:
    """`select count(*)` of `query`'s rows (at most `cap` + 1 when a cap is given), by id alone."""
    entity = _entity_with_id(query)
    counted = query.order_by(None)
    if entity is not None:
        counted = counted.with_only_columns(entity.id, maintain_column_froms=True)
    if cap is not None:
        counted = counted.limit(cap + 1)
    return select(func.count()).select_from(counted.subquery())


def count_rows(query: Select, cap: int | None = None) -> int:
    """How many rows `query` returns (counting at most `cap` + 1 when a cap is given), by id alone."""
    return db.session.scalar(_counted(query, cap))


def count_rows_of(queries: list[Select], cap: int | None = None) -> list[int]:
    """`count_rows` of each query, all in one round trip."""
    if not queries:
        return []
    return list(db.session.execute(select(*(_counted(query, cap).scalar_subquery() for query in queries))).one())


def paginate(query: Select, page_number: int | None, size: int) -> Page:
    """One page of `query` and the number of rows in all.

    The page's ids come with the count of every row in one query (a window count), then the page is loaded;
    a page number past the end shows the last page.
    """
    if _entity_with_id(query) is None:
        number = max(1, page_number or 1)
        total = count_rows(query)
        number = min(number, max(1, math.ceil(total / size)))
        return Page(items=load_page(query, size, (number - 1) * size), number=number, size=size, total=total)
    page = paginate_ids(query, page_number, size)
    records = records_by_id(query, page.items)
    page.items = [records[record_id] for record_id in page.items if record_id in records]
    return page


def paginate_ids(query: Select, page_number: int | None, size: int) -> Page:
    """The ids of one page of `query` (a select of one mapped class with an `id`) and the number of rows in all,
    in one query (a window count); a page number past the end gives the last page."""
    number = max(1, page_number or 1)
    entity = _entity_with_id(query)
    ids_and_total = query.with_only_columns(entity.id, func.count().over(), maintain_column_froms=True)
    rows = db.session.execute(ids_and_total.limit(size).offset((number - 1) * size)).all()
    if not rows and number > 1:
        number = max(1, math.ceil(count_rows(query) / size))
        rows = db.session.execute(ids_and_total.limit(size).offset((number - 1) * size)).all()
    return Page(items=[row[0] for row in rows], number=number, size=size, total=rows[0][1] if rows else 0)
