//! Plain text: the whole input is one document whose id is its path.

use super::{decode, read_all, strip_bom, InputError};
use crate::document::Document;
use std::io::BufRead;

pub(super) fn read(
    name: &str,
    mut reader: Box<dyn BufRead>,
    lossy: bool,
) -> Result<Document, InputError> {
    let mut bytes = read_all(name, &mut reader)?;
    let bom = if strip_bom(&mut bytes) { 3 } else { 0 };
    let text = decode(bytes, lossy, bom).map_err(|message| InputError::at(name, None, message))?;
    Ok(Document::new(name, text))
}
