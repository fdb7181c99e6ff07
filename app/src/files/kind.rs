//! Which files we take, told by their first bytes (the `infer` crate reads the signatures):
//! photos as phones take them, PDF, and office documents. Anything else, whatever its name
//! says, is refused.

/// How many first bytes are read before deciding (an office document is a ZIP whose first
/// entries name what it is).
pub const SNIFF_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub media_type: &'static str,
    pub extension: &'static str,
}

const TAKEN: &[(&str, &str)] = &[
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/webp", "webp"),
    ("image/gif", "gif"),
    ("image/heif", "heic"),
    ("image/avif", "avif"),
    ("application/pdf", "pdf"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("application/vnd.oasis.opendocument.presentation", "odp"),
    ("application/msword", "doc"),
    ("application/vnd.ms-excel", "xls"),
    ("application/vnd.ms-powerpoint", "ppt"),
];

/// The kind of a file from its first bytes, if it is one we take.
pub fn detect(head: &[u8]) -> Option<Kind> {
    let found = infer::get(head)?;
    TAKEN
        .iter()
        .find(|(media_type, _)| *media_type == found.mime_type())
        .map(|(media_type, extension)| Kind { media_type, extension })
}

/// The name a file is shown and downloaded under: the last part of what the browser sent,
/// without control characters or path separators, at most 100 characters, ending in its real
/// type's extension ("report.exe" that is a PDF becomes "report.exe.pdf").
pub fn display_name(sent: &str, kind: Kind) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .take(100)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let stem = if clean.is_empty() { "file".to_string() } else { clean };
    let has_extension = stem
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case(kind.extension) || (kind.extension == "jpg" && ext.eq_ignore_ascii_case("jpeg")) || (kind.extension == "heic" && ext.eq_ignore_ascii_case("heif")));
    if has_extension { stem } else { format!("{stem}.{}", kind.extension) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

    #[test]
    fn the_type_comes_from_the_content_not_the_name() {
        assert_eq!(detect(JPEG).map(|k| k.media_type), Some("image/jpeg"));
        assert_eq!(detect(PDF).map(|k| k.extension), Some("pdf"));
        // A program, a web page and plain text are refused whatever they are called.
        assert_eq!(detect(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), None);
        assert_eq!(detect(b"<!DOCTYPE html><html><script>alert(1)</script>"), None);
        assert_eq!(detect(b"just some words"), None);
        assert_eq!(detect(b""), None);
    }

    #[test]
    fn names_are_cleaned_and_end_in_the_real_type() {
        let pdf = detect(PDF).unwrap();
        let jpeg = detect(JPEG).unwrap();
        assert_eq!(display_name("C:\\Users\\tom\\minutes.pdf", pdf), "minutes.pdf");
        assert_eq!(display_name("../../etc/passwd", pdf), "passwd.pdf");
        assert_eq!(display_name("report.exe", pdf), "report.exe.pdf");
        assert_eq!(display_name("IMG_0001.JPEG", jpeg), "IMG_0001.JPEG");
        assert_eq!(display_name("a\"b\r\n<c>.jpg", jpeg), "abc.jpg");
        assert_eq!(display_name("", jpeg), "file.jpg");
        assert_eq!(display_name(".hidden", pdf), "hidden.pdf");
        assert_eq!(display_name(&"x".repeat(300), pdf).chars().count(), 104);
    }
}
