//! Reading a document's text for a timeline: plain UTF-8 only, since excerpts are checked
//! against it byte for byte. Text in an older Windows or Latin-1 encoding (what Word's "Plain
//! text" and old archives often give) or in UTF-16 (Notepad's "Unicode") is refused with a clear
//! message, and the decoded text is offered so that a caller can convert it with the user's
//! consent.

use std::path::Path;

/// The largest document read, in bytes.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a text file could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextFileError {
    /// It could not be read.
    #[error("cannot read {path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },

    /// It is not UTF-8 text.
    #[error(
        "{path} is not UTF-8 text (the byte at offset {offset} is not valid UTF-8){}",
        if converted.is_some() {
            format!("; it reads as {encoding}, and can be converted to UTF-8")
        } else {
            "; save it as UTF-8 text and try again".to_owned()
        }
    )]
    NotUtf8 {
        /// The file.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// The text decoded from `encoding`, when that gives plausible text.
        converted: Option<String>,
        /// The encoding it was read in: "Windows-1252 (Latin-1)", or "UTF-16" for a file that
        /// starts with a UTF-16 byte order mark (Notepad's and Excel's "Unicode").
        encoding: &'static str,
    },
}

/// Reads a UTF-8 text file (a byte order mark at the start is allowed and dropped).
pub fn read_text_file(path: &Path) -> Result<String, TextFileError> {
    use std::io::Read as _;
    let name = path.display().to_string();
    let unreadable = |reason: String| TextFileError::Unreadable {
        path: name.clone(),
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !metadata.is_file() {
        return Err(unreadable("it is not a regular file".to_owned()));
    }
    let too_large = || unreadable(format!("it is larger than {} MiB", MAX_TEXT_BYTES >> 20));
    // Refused from its size, without reading it (it may still grow while being read).
    if metadata.len() > MAX_TEXT_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large());
    }
    decode_text(bytes, &name)
}

/// Decodes the bytes of a text file called `name` (see [`read_text_file`]).
pub fn decode_text(bytes: Vec<u8>, name: &str) -> Result<String, TextFileError> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(&bytes)
        && (encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE)
    {
        let converted = encoding
            .decode_without_bom_handling_and_without_replacement(
                bytes.get(bom_length..).unwrap_or_default(),
            )
            .map(std::borrow::Cow::into_owned);
        return Err(TextFileError::NotUtf8 {
            path: name.to_owned(),
            offset: 0,
            converted,
            encoding: "UTF-16",
        });
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        TextFileError::NotUtf8 {
            path: name.to_owned(),
            offset,
            converted: decode_windows_1252(&bytes),
            encoding: "Windows-1252 (Latin-1)",
        }
    })
}

/// The text decoded as Windows-1252 (a superset of Latin-1), when the result looks like text:
/// no control characters other than tabs and line breaks.
fn decode_windows_1252(bytes: &[u8]) -> Option<String> {
    let text = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    let plausible = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    plausible.then_some(text)
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_byte_order_mark_is_offered_converted() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "Caf\u{e9} \u{201c}quoted\u{201d}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let error = decode_text(bytes, "a.txt").unwrap_err();
        assert!(error.to_string().contains("it reads as UTF-16"), "{error}");
        let TextFileError::NotUtf8 { converted, .. } = error else {
            panic!("not UTF-8");
        };
        assert_eq!(
            converted.as_deref(),
            Some("Caf\u{e9} \u{201c}quoted\u{201d}")
        );
        // A lone half of a character pair is not UTF-16: nothing to offer.
        let broken = vec![0xFF, 0xFE, 0x00, 0xD8];
        let error = decode_text(broken, "b.txt").unwrap_err();
        assert!(error.to_string().contains("save it as UTF-8"), "{error}");
    }

    #[test]
    fn utf8_with_or_without_a_byte_order_mark_reads() {
        assert_eq!(
            decode_text(b"caf\xC3\xA9".to_vec(), "a.txt").unwrap(),
            "café"
        );
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9".to_vec(), "a.txt").unwrap(),
            "café"
        );
    }

    #[test]
    fn windows_1252_is_refused_with_an_offer_to_convert() {
        // "Caf\xe9 \x93quoted\x94" in Windows-1252: é and curly quotes.
        let error = decode_text(b"Caf\xE9 \x93quoted\x94".to_vec(), "old.txt").unwrap_err();
        let TextFileError::NotUtf8 {
            offset, converted, ..
        } = &error
        else {
            panic!("{error}")
        };
        assert_eq!(*offset, 3);
        assert_eq!(converted.as_deref(), Some("Café “quoted”"));
        assert!(error.to_string().contains("Windows-1252"), "{error}");
    }

    #[test]
    fn binary_files_are_not_offered_as_text() {
        let error = decode_text(vec![0x89, b'P', b'N', b'G', 0, 1, 2, 0xFF], "x.png").unwrap_err();
        assert!(matches!(
            error,
            TextFileError::NotUtf8 {
                converted: None,
                ..
            }
        ));
        assert!(error.to_string().contains("save it as UTF-8"), "{error}");
    }
}
