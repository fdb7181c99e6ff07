//! The built site's static files: hashed names under /pkg, served pre-compressed.
//!
//! Brotli and gzip copies are written beside each file once (at start, when missing or older
//! than the file), in the background at start: until a copy is ready, the compression layer
//! compresses on the fly, so the server answers at once.

use std::io::Write;
use std::path::Path;

/// Write `name.br` and `name.gz` beside every file of `dir` that lacks fresh ones.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    if !dir.is_dir() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            written += precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "wasm" | "js" | "css" | "svg" | "json" | "txt" | "html") {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        let fresh = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .map(|m| m >= modified)
                .unwrap_or(false)
        };
        let data = std::fs::read(&path)?;
        let br = path.with_extension(format!("{ext}.br"));
        if !fresh(&br) {
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
                writer.write_all(&data)?;
            }
            write_atomically(&br, &out)?;
            written += 1;
        }
        let gz = path.with_extension(format!("{ext}.gz"));
        if !fresh(&gz) {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&data)?;
            write_atomically(&gz, &encoder.finish()?)?;
            written += 1;
        }
    }
    Ok(written)
}

/// Write beside and rename, so a request never reads a half-written copy.
fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp-precompress");
    std::fs::write(&tmp, data)?;
    std::fs::rename(&tmp, path)
}
