//! `products`, `containers`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::Request;
use super::ProtocolError;
use crate::error::ErrorKind;
use crate::product::{self, CATALOGUE, ContainersRequest, Need, Product};
use crate::units::{ClinicalQuantity, Unit};

pub(super) fn products(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&[], &[])?;
    let mut result = Obj::new();
    result.list("products", CATALOGUE.iter().map(product_json));
    Ok(Outcome::plain(result))
}

/// A product; a quantity its source does not state is absent.
fn product_json(p: &Product) -> Obj {
    let mut o = Obj::new();
    o.str("id", p.id)
        .str("label", p.label)
        .str("route", p.route.as_str())
        .str("use", p.use_.as_str());
    let measures = [
        (
            "concentration",
            p.concentration()
                .and_then(|c| c.to_measure(Unit::McgPerMl).ok()),
        ),
        (
            "volume",
            p.volume().and_then(|v| v.to_measure(Unit::Milliliter).ok()),
        ),
        (
            "amount",
            p.amount().and_then(|a| a.to_measure(Unit::Microgram).ok()),
        ),
    ];
    for (name, measure) in measures {
        if let Some(measure) = measure {
            o.quantity(name, measure);
        }
    }
    o.str("source", p.source.as_str());
    o
}

pub(super) fn containers(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(
        &["product", "amount", "volume", "concentration"],
        &["product"],
    )?;
    let by_amount = need_shape(req)?;
    let id = req.string("product")?;
    let product = product::intrathecal_container(id).map_err(|e| {
        ProtocolError::at(
            ErrorKind::InvalidValue,
            "product",
            format!(
                "{id:?}: {}; allowed (case-sensitive): {}",
                e.reason(),
                product::INTRATHECAL_IDS
            ),
        )
    })?;
    let need = if by_amount {
        Need::Amount(req.quantity("amount"))
    } else {
        Need::Dilution {
            volume: req.quantity("volume"),
            concentration: req.quantity("concentration"),
        }
    };
    let c =
        product::containers_for(&ContainersRequest { product, need }).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result
        .str("product", product.id)
        .quantity("amount", c.amount.to_measure(Unit::Microgram)?)
        .count("count", c.count)
        .quantity("drawn_volume", c.drawn_volume.to_measure(Unit::Milliliter)?)
        .quantity("waste", c.waste.to_measure(Unit::Milliliter)?);
    Ok(Outcome::plain(result))
}

/// True for `amount`, false for `volume` + `concentration`; the protocol's error otherwise.
fn need_shape(req: &Request<'_>) -> Result<bool, ProtocolError> {
    let at = ProtocolError::at;
    match (
        req.has("amount"),
        req.has("volume"),
        req.has("concentration"),
    ) {
        (true, false, false) => Ok(true),
        (false, true, true) => Ok(false),
        (true, _, _) => Err(at(
            ErrorKind::InvalidValue,
            "amount",
            "give either amount, or volume and concentration, not both",
        )),
        (false, false, false) => Err(at(
            ErrorKind::MissingField,
            "amount",
            "required: amount, or volume and concentration",
        )),
        (false, true, false) => Err(at(
            ErrorKind::MissingField,
            "concentration",
            "required with volume",
        )),
        (false, false, true) => Err(at(
            ErrorKind::MissingField,
            "volume",
            "required with concentration",
        )),
    }
}
