//! Where files are kept: `object_store`, so a local folder (the default, under the data
//! directory) and shared object storage are the same code. A file is kept once, at the
//! SHA-256 of its content; what names it (a report's evidence) is a row in the database.
//!
//! Receiving streams: the first bytes are held until the type is known, then each piece goes
//! on to storage as it arrives, under a temporary name, so memory stays flat whatever the size.
//! Only a complete file of a type we take is moved to its content address, and only after
//! that does a row name it: a file cut off half way is never seen.

use super::kind::{Kind, SNIFF_BYTES, detect};
use crate::error::AppError;
use axum::body::Bytes;
use futures_util::stream::BoxStream;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    max_bytes: u64,
    /// The folder, for files kept on this machine: a half-written upload there has a name
    /// `object_store` does not list (`uploads/<name>#<n>`), so leftovers are found by walking it.
    local_dir: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Files").field("store", &self.store.to_string()).field("max_bytes", &self.max_bytes).finish()
    }
}

/// Where a shared bucket is and how to sign in to it.
#[derive(Clone)]
pub struct S3Bucket {
    pub name: String,
    /// The storage's address when it is not Amazon's (MinIO, Garage, a provider's own); plain
    /// http is allowed only when the address says so.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// Why a file was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLarge,
    NotTaken,
    Empty,
}

impl Refusal {
    /// As it travels in a page's address (`?file_error=`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::TooLarge => "too_large",
            Refusal::NotTaken => "type",
            Refusal::Empty => "empty",
        }
    }
}

/// A complete file under its temporary name, not yet kept.
#[derive(Debug)]
pub struct Staged {
    tmp: StorePath,
    pub hash: String,
    pub size: u64,
    pub kind: Kind,
}

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::internal("file storage", e)
}

/// Move a complete file from its temporary name to its content address, or drop it when the
/// same content is kept already: a file is stored once.
async fn settle(store: &dyn ObjectStore, tmp: &StorePath, hash: &str) -> Result<(), AppError> {
    let to = content_path(hash);
    match store.head(&to).await {
        Ok(_) => store.delete(tmp).await.map_err(failed),
        Err(object_store::Error::NotFound { .. }) => store.rename(tmp, &to).await.map_err(failed),
        Err(e) => Err(failed(e)),
    }
}

fn content_path(hash: &str) -> StorePath {
    StorePath::from(format!("sha256/{}/{hash}", &hash[..2.min(hash.len())]))
}

impl Files {
    /// Files in a folder on this machine (created if missing).
    pub fn local(dir: &std::path::Path, max_bytes: u64) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(|e| e.to_string())?;
        Ok(Files { store: Arc::new(store), max_bytes, local_dir: Some(dir.to_path_buf()) })
    }

    /// Files in an S3-compatible bucket, which every instance shares.
    pub fn s3(bucket: &S3Bucket, max_bytes: u64) -> Result<Self, String> {
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&bucket.name)
            .with_region(&bucket.region)
            .with_access_key_id(&bucket.access_key_id)
            .with_secret_access_key(&bucket.secret_access_key);
        if let Some(endpoint) = bucket.endpoint.as_deref().filter(|e| !e.is_empty()) {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| e.to_string())?;
        Ok(Files { store: Arc::new(store), max_bytes, local_dir: None })
    }

    /// The largest file taken, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Start receiving one file.
    pub fn receive(&self) -> Incoming<'_> {
        Incoming { files: self, head: Vec::new(), hasher: Sha256::new(), size: 0, writer: None, kind: None, refused: None }
    }

    /// Move a received file to its content address (if the same content is already kept, the
    /// copy just received is dropped: a file is stored once).
    pub async fn keep(&self, staged: &Staged) -> Result<(), AppError> {
        settle(self.store.as_ref(), &staged.tmp, &staged.hash).await
    }

    /// Drop a received file that will not be kept.
    pub async fn discard(&self, staged: Staged) {
        if let Err(e) = self.store.delete(&staged.tmp).await {
            tracing::warn!(error = %e, "could not remove a file not kept");
        }
    }

    /// A kept file's bytes, as a stream, with its size.
    pub async fn open(&self, hash: &str) -> Result<(u64, BoxStream<'static, object_store::Result<Bytes>>), AppError> {
        let found = self.store.get(&content_path(hash)).await.map_err(failed)?;
        let size = found.meta.size;
        Ok((size, found.into_stream()))
    }

    /// Stop keeping a file (one already gone is no error).
    pub async fn remove(&self, hash: &str) -> Result<(), AppError> {
        match self.store.delete(&content_path(hash)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }

    /// Whether a file with this content is kept.
    pub async fn holds(&self, hash: &str) -> bool {
        self.store.head(&content_path(hash)).await.is_ok()
    }

    /// The content hashes of the files kept that were last written before `before` (seconds).
    pub async fn kept_before(&self, before: i64) -> Result<Vec<String>, AppError> {
        use futures_util::TryStreamExt;
        let listed: Vec<object_store::ObjectMeta> = match self.store.list(Some(&StorePath::from("sha256"))).try_collect().await {
            Ok(listed) => listed,
            Err(object_store::Error::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(failed(e)),
        };
        Ok(listed
            .into_iter()
            .filter(|meta| meta.last_modified.timestamp() < before)
            .filter_map(|meta| meta.location.filename().map(str::to_string))
            .filter(|name| is_content_hash(name))
            .collect())
    }

    /// Whether the kept file with this content was written at or after `since` (seconds): asked
    /// again just before removing one, in case the same content was kept anew meanwhile.
    pub async fn kept_since(&self, hash: &str, since: i64) -> bool {
        match self.store.head(&content_path(hash)).await {
            Ok(meta) => meta.last_modified.timestamp() >= since,
            Err(_) => false,
        }
    }

    /// Remove what uploads left under a temporary name before `before` (seconds): a request
    /// cut off, or a server killed half way through a file. Nothing under way is that old (a
    /// request ends within 30 s, an export within minutes). Returns how many went.
    pub async fn remove_staged_before(&self, before: i64) -> Result<usize, AppError> {
        if let Some(dir) = &self.local_dir {
            let dir = dir.join("uploads");
            return tokio::task::spawn_blocking(move || remove_older_files(&dir, before))
                .await
                .map_err(failed)?
                .map_err(failed);
        }
        // In a bucket, an upload never completed is not an object: the bucket's lifecycle rule
        // for incomplete multipart uploads removes those (README).
        use futures_util::TryStreamExt;
        let listed: Vec<object_store::ObjectMeta> = self.store.list(Some(&StorePath::from("uploads"))).try_collect().await.map_err(failed)?;
        let mut removed = 0;
        for meta in listed.into_iter().filter(|meta| meta.last_modified.timestamp() < before) {
            match self.store.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => removed += 1,
                Err(e) => return Err(failed(e)),
            }
        }
        Ok(removed)
    }
}

/// A SHA-256 written in lower-case hex, as files are kept under.
fn is_content_hash(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Remove the files directly in `dir` last written before `before` (seconds); a missing folder
/// holds nothing.
fn remove_older_files(dir: &std::path::Path, before: i64) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let meta = entry.metadata()?;
        let written = meta.modified()?.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        if meta.is_file() && written < before {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(removed)
}

/// One file arriving piece by piece ([`Files::receive`]).
pub struct Incoming<'a> {
    files: &'a Files,
    head: Vec<u8>,
    hasher: Sha256,
    size: u64,
    writer: Option<(StorePath, WriteMultipart)>,
    kind: Option<Kind>,
    refused: Option<Refusal>,
}

impl Incoming<'_> {
    /// The next piece. Once refused (too large, not a type we take), the rest is read and
    /// dropped, so the form's other fields can still be read.
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        if self.refused.is_some() {
            return Ok(());
        }
        self.size += chunk.len() as u64;
        if self.size > self.files.max_bytes {
            self.refuse(Refusal::TooLarge).await;
            return Ok(());
        }
        self.hasher.update(chunk);
        if let Some((_, writer)) = &mut self.writer {
            // At most two pieces on their way to storage at once: memory stays bounded.
            writer.wait_for_capacity(2).await.map_err(failed)?;
            writer.write(chunk);
            return Ok(());
        }
        self.head.extend_from_slice(chunk);
        if self.head.len() >= SNIFF_BYTES {
            self.decide().await?;
        }
        Ok(())
    }

    /// Whether nothing at all arrived (an empty file input sends no bytes).
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    async fn refuse(&mut self, why: Refusal) {
        self.refused = Some(why);
        self.head = Vec::new();
        if let Some((_, writer)) = self.writer.take() {
            let _ = writer.abort().await;
        }
    }

    /// Tell the type from the first bytes; a file we take starts on its way to storage.
    async fn decide(&mut self) -> Result<(), AppError> {
        let Some(kind) = detect(&self.head) else {
            self.refuse(Refusal::NotTaken).await;
            return Ok(());
        };
        self.kind = Some(kind);
        let mut name = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut name);
        let tmp = StorePath::from(format!("uploads/{}", hex::encode(name)));
        let upload = self.files.store.put_multipart(&tmp).await.map_err(failed)?;
        let mut writer = WriteMultipart::new(upload);
        writer.write(&std::mem::take(&mut self.head));
        self.writer = Some((tmp, writer));
        Ok(())
    }

    /// The whole file has arrived: complete it under its temporary name, or say why not.
    pub async fn finish(mut self) -> Result<Result<Staged, Refusal>, AppError> {
        if let Some(why) = self.refused {
            return Ok(Err(why));
        }
        if self.size == 0 {
            return Ok(Err(Refusal::Empty));
        }
        if self.writer.is_none() {
            self.decide().await?;
            if let Some(why) = self.refused {
                return Ok(Err(why));
            }
        }
        let (Some((tmp, writer)), Some(kind)) = (self.writer.take(), self.kind) else {
            return Err(failed("no writer after deciding"));
        };
        writer.finish().await.map_err(failed)?;
        let hash = hex::encode(std::mem::take(&mut self.hasher).finalize());
        Ok(Ok(Staged { tmp, hash, size: self.size, kind }))
    }

    /// The request broke off: nothing of this file stays.
    pub async fn abort(mut self) {
        if let Some((_, writer)) = self.writer.take() {
            let _ = writer.abort().await;
        }
    }
}

/// A file we make ourselves (a portfolio bundle), written piece by piece under a temporary
/// name and kept at its content address when complete ([`Files::produce`]). No type check and
/// no size limit: the content is ours.
pub struct Outgoing {
    store: Arc<dyn ObjectStore>,
    tmp: StorePath,
    writer: WriteMultipart,
    hasher: Sha256,
    size: u64,
}

impl Files {
    /// Start writing a file of our own.
    pub async fn produce(&self) -> Result<Outgoing, AppError> {
        let mut name = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut name);
        let tmp = StorePath::from(format!("uploads/{}", hex::encode(name)));
        let upload = self.store.put_multipart(&tmp).await.map_err(failed)?;
        Ok(Outgoing { store: self.store.clone(), tmp, writer: WriteMultipart::new(upload), hasher: Sha256::new(), size: 0 })
    }
}

impl Outgoing {
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        self.size += chunk.len() as u64;
        self.hasher.update(chunk);
        // As for a received file: at most two pieces on their way at once.
        self.writer.wait_for_capacity(2).await.map_err(failed)?;
        self.writer.write(chunk);
        Ok(())
    }

    /// Complete it and keep it at its content address: (sha256, size). The same content kept
    /// before is not stored twice.
    pub async fn finish(self) -> Result<(String, u64), AppError> {
        self.writer.finish().await.map_err(failed)?;
        let hash = hex::encode(self.hasher.finalize());
        settle(self.store.as_ref(), &self.tmp, &hash).await?;
        Ok((hash, self.size))
    }

    /// Something went wrong on the way: nothing of it stays.
    pub async fn abort(self) {
        let _ = self.writer.abort().await;
    }
}
