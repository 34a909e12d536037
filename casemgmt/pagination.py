"""Paginating a select, and the parameters GOV.UK Frontend's pagination component needs."""

import math
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


def paginate(query: Select, page_number: int | None, size: int) -> Page:
    number = max(1, page_number or 1)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = min(number, max(1, math.ceil(total / size)))
    items = list(db.session.scalars(query.limit(size).offset((number - 1) * size)).unique())
    return Page(items=items, number=number, size=size, total=total)
