"""Products and preparation: the catalogue, containers to open, and dilutions."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from . import _native
from ._arguments import native, native_optional
from ._errors import error_for
from ._quantities import Concentration, Mass, Volume
from ._results import Finding, Result


@dataclasses.dataclass(frozen=True)
class Dilution(Result):
    """A recipe: ``stock_volume`` of the stock plus ``diluent_volume`` of ``diluent``."""

    _op: ClassVar[str] = "dilution"

    stock_volume: Volume  # in mL
    diluent_volume: Volume  # in mL
    drug_amount: Mass  # in mcg
    diluent: str
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Containers(Result):
    """Whole containers of ``product`` to open for ``amount``, what is drawn and what is left."""

    _op: ClassVar[str] = "containers"

    product: str
    amount: Mass  # in mcg
    count: int
    drawn_volume: Volume  # in mL
    waste: Volume  # in mL: count × container volume − drawn
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Product:
    """A baclofen product; a field its source does not state is None, never guessed."""

    id: str
    label: str
    route: str  # "intrathecal" or "oral"
    use: str  # "screening", "refill" or "oral"
    concentration: Concentration | None
    volume: Volume | None
    amount: Mass | None
    source: str


@dataclasses.dataclass(frozen=True)
class Products(Result):
    """The product catalogue."""

    _op: ClassVar[str] = "products"

    products: tuple[Product, ...]
    findings: tuple[Finding, ...]
    allowed: bool


def dilution(
    stock: Concentration | str, target: Concentration | str, final_volume: Volume | str
) -> Dilution:
    """How to make ``final_volume`` at ``target`` from ``stock`` (a target above the stock
    raises :class:`InputError`, code ``out_of_range``)."""
    return _native.dilution(
        native(stock, "stock"), native(target, "target"), native(final_volume, "final_volume")
    )


def containers(
    product: str | Product,
    amount: Mass | str | None = None,
    *,
    volume: Volume | str | None = None,
    concentration: Concentration | str | None = None,
) -> Containers:
    """Containers of an intrathecal ``product`` (an id such as ``"itb_500mcg_20ml"``) for
    ``amount`` of drug, or for ``volume`` at ``concentration`` (diluted from the product)."""
    if isinstance(product, Product):
        product = product.id
    if not isinstance(product, str):
        message = f"product: {product!r} is not a product id (a text such as 'itb_500mcg_20ml')"
        raise error_for("invalid_value", message, "product")
    return _native.containers(
        product,
        native_optional(amount, "amount"),
        native_optional(volume, "volume"),
        native_optional(concentration, "concentration"),
    )


def products() -> Products:
    """Every baclofen product itb knows, intrathecal and oral."""
    return _native.products()
