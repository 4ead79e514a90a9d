//! `convert`.

use super::super::envelope::{Obj, Outcome};
use super::super::request::{Request, parse_error};
use super::ProtocolError;
use crate::units::{self, ConvertRequest, Unit};

pub(super) fn convert(req: &Request<'_>) -> Result<Outcome, ProtocolError> {
    req.fields(&["quantity", "to"], &["quantity", "to"])?;
    let quantity_given = req.any_measure("quantity")?;
    let to_text = req.string("to")?;
    let to = Unit::parse(to_text)
        .map_err(|e| parse_error("to", to_text, e, "a unit such as mcg, mg/mL or mL/day"))?;
    let request = ConvertRequest {
        quantity: quantity_given,
        to,
    };
    let c = units::convert(&request).map_err(|e| req.fail(e))?;
    let mut result = Obj::new();
    result.quantity("quantity", c.quantity);
    Ok(Outcome::plain(result))
}
