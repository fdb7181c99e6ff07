//! Files people give us (a report's evidence; later what the portfolio exports): stored once by
//! the SHA-256 of their content through `object_store` (a folder under the data directory by
//! default), their type told by their first bytes, never by their name or what the browser says.

#[cfg(feature = "ssr")]
pub mod kind;
#[cfg(feature = "ssr")]
pub mod send;
#[cfg(feature = "ssr")]
pub mod storage;

/// A size as people read it: "850 KB", "4.2 MB".
pub fn size_label(bytes: i64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes.max(0) as f64;
    if b < KB * KB {
        format!("{} KB", (b / KB).ceil().max(1.0) as i64)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// What the file choosers offer (a hint to the phone's picker: camera, photos, documents); the
/// server decides by content whatever the browser sends.
pub const ACCEPT: &str = "image/*,application/pdf,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp";

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(super::size_label(1), "1 KB");
        assert_eq!(super::size_label(850_000), "850 KB");
        assert_eq!(super::size_label(4_200_000), "4.2 MB");
        assert_eq!(super::size_label(20_000_000), "20.0 MB");
    }
}
