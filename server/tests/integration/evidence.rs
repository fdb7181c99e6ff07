//! Evidence files on reports through the real server, on both databases: attached from the
//! draft form (the answers typed so far saved with them), typed by their content and not their
//! name, kept once by content hash, refused when too large with a 413 and nothing stored,
//! nothing left of an upload cut off half way, downloaded only by those who read the report
//! (as an attachment, never sniffed), and closed once the report is sent.

use crate::common;
use crate::reports::{COMPLETE, get, id_form, save, send, start};
use common::world::world;

use common::{TestApp, browser};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};

/// A JPEG's first bytes (what a phone's camera writes), then `size` bytes of picture.
pub(crate) fn jpeg(size: usize, seed: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01];
    bytes.extend((0..size).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

pub(crate) fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A Windows program, named as a photo.
fn program() -> Vec<u8> {
    let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 2000));
    bytes
}

/// The draft form as the page posts it to the upload address: its hidden fields, the answers
/// typed so far, and the files chosen for the evidence section.
pub(crate) async fn draft_form(app: &TestApp, client: &Client, id: i64, summary: &str) -> Form {
    let r = get(app, client, id).await.unwrap();
    let form = Form::new()
        .text("id", id.to_string())
        .text("version", r.template.id.to_string())
        .text("revision", r.revision.to_string())
        .text("writer", r.writer.clone());
    // The final report has no "summary": its form sends none.
    if summary.is_empty() { form } else { form.text("fields[summary]", summary.to_string()) }
}

pub(crate) fn with_file(form: Form, name: &str, bytes: Vec<u8>, claimed: &str) -> Form {
    form.part("evidence[evidence]", Part::bytes(bytes).file_name(name.to_string()).mime_str(claimed).unwrap())
        .text("intent", "upload")
}

pub(crate) async fn post(app: &TestApp, client: &Client, id: i64, form: Form) -> (StatusCode, String, String) {
    let response = client.post(app.url(&format!("/reports/{id}/evidence"))).multipart(form).send().await.unwrap();
    let status = response.status();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

/// Every file in the storage folder: (kept by content, anything else: uploads under way or
/// left behind).
fn stored(app: &TestApp) -> (usize, usize) {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() { walk(&path, out) } else { out.push(path) }
        }
    }
    let root = app.files_dir();
    let mut all = Vec::new();
    walk(&root, &mut all);
    let kept = all.iter().filter(|p| p.strip_prefix(&root).unwrap().starts_with("sha256")).count();
    (kept, all.len() - kept)
}

async fn rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM evidence_files").await
}

on_both_databases!(evidence_is_attached_with_the_answers_kept_once_and_read_only_by_those_allowed, |app: TestApp| async move {
    let w = world(&app).await;
    let id = start(&app, &w.tom, w.a, "progress", "").await;
    let r = get(&app, &w.tom, id).await.unwrap();
    assert!(r.template.sections.iter().any(|s| s.kind == "evidence"), "new reports are on the version with evidence");
    assert_eq!(r.max_file_bytes, 20_000_000, "20 MB by default");

    // Tom attaches a photo; what he typed travels with it and is saved.
    let photo = jpeg(300_000, 1);
    let form = with_file(draft_form(&app, &w.tom, id, "Typed before attaching").await, "IMG_0042.jpg", photo.clone(), "image/jpeg");
    let (status, location, _) = post(&app, &w.tom, id, form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with(&format!("/reports/{id}?revision=")) && location.ends_with("&done=files#section-evidence"), "{location}");
    let r = get(&app, &w.tom, id).await.unwrap();
    assert_eq!(r.answers.get("summary").map(String::as_str), Some("Typed before attaching"));
    assert_eq!(r.files.len(), 1);
    let file = &r.files[0];
    assert_eq!((file.section.as_str(), file.name.as_str(), file.media_type.as_str(), file.size), ("evidence", "IMG_0042.jpg", "image/jpeg", photo.len() as i64));
    assert_eq!(stored(&app), (1, 0), "one file kept, nothing left under a temporary name");
    // The page shows it, with its download and a way to take it off.
    let (_, _, html) = app.get(&w.tom, &location).await;
    assert!(html.contains("The file is attached, and your answers are saved."), "{html}");
    assert!(html.contains(&format!("href=\"/evidence/{}\"", file.id)) && html.contains("IMG_0042.jpg"), "{html}");

    // The same photo again, under another name (and a claimed type that lies): a second entry,
    // still one file kept. A PDF whose name says ".exe" is a PDF, and named so.
    let form = with_file(draft_form(&app, &w.tom, id, "Typed before attaching").await, "copy.png", photo.clone(), "image/png");
    assert_eq!(post(&app, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    let form = with_file(draft_form(&app, &w.tom, id, "Typed before attaching").await, "minutes.exe", pdf(), "application/x-msdownload");
    assert_eq!(post(&app, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    let r = get(&app, &w.tom, id).await.unwrap();
    let names: Vec<(&str, &str)> = r.files.iter().map(|f| (f.name.as_str(), f.media_type.as_str())).collect();
    assert_eq!(names, [("IMG_0042.jpg", "image/jpeg"), ("copy.png.jpg", "image/jpeg"), ("minutes.exe.pdf", "application/pdf")]);
    assert_eq!(stored(&app), (2, 0), "the same content is kept once");

    // Downloads: the very bytes, as an attachment, never sniffed, not cached by others.
    let response = w.tom.get(app.url(&format!("/evidence/{}", file.id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"IMG_0042.jpg\""), "{:?}", headers["content-disposition"]);
    assert!(headers["cache-control"].to_str().unwrap().contains("private"));
    assert_eq!(response.bytes().await.unwrap().as_ref(), photo.as_slice());

    // Who may download: the co-op's people, its circle's facilitator, advisors, admins; not
    // another co-op's representative (same circle or not), nor anyone signed out.
    let path = format!("/evidence/{}", file.id);
    for (who, client, expected) in [
        ("sam (Mill Lane)", &w.sam, 200),
        ("priya (facilitates its circle)", &w.priya, 200),
        ("the advisor", &w.advisor, 200),
        ("the admin", &w.admin, 200),
        ("bea (another co-op, same circle)", &w.bea, 404),
        ("cy (another co-op, another circle)", &w.cy, 404),
        ("otto (facilitates another circle)", &w.otto, 404),
        ("signed out", &browser(), 401),
    ] {
        let status = client.get(app.url(&path)).send().await.unwrap().status().as_u16();
        assert_eq!(status, expected, "{who}");
    }
    assert_eq!(browser().get(app.url("/evidence/999999")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(w.tom.get(app.url("/evidence/999999")).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // Who may attach: only those who edit the programme. Each refusal stores nothing.
    let before = (rows(&app).await, stored(&app));
    for (who, client, expected) in [
        ("sam (not its representative)", &w.sam, 403),
        ("the advisor", &w.advisor, 403),
        ("bea (another co-op, same circle)", &w.bea, 404),
        ("cy", &w.cy, 404),
        ("signed out", &browser(), 401),
    ] {
        let form = with_file(draft_form(&app, &w.tom, id, "Not theirs to write").await, "x.jpg", jpeg(1000, 9), "image/jpeg");
        assert_eq!(post(&app, client, id, form).await.0.as_u16(), expected, "{who}");
    }
    assert_eq!((rows(&app).await, stored(&app)), before);
    assert_eq!(get(&app, &w.tom, id).await.unwrap().answers.get("summary").map(String::as_str), Some("Typed before attaching"));

    // Priya, who facilitates its circle, edits the programme: she may attach.
    let form = with_file(draft_form(&app, &w.priya, id, "Typed before attaching").await, "flipchart.jpg", jpeg(5000, 3), "image/jpeg");
    assert_eq!(post(&app, &w.priya, id, form).await.0, StatusCode::SEE_OTHER);
    assert_eq!(rows(&app).await, 4);

    // Taking one off: its entry goes; a file of another report cannot be taken off from here.
    let other = start(&app, &w.tom, w.a, "final", "").await;
    let form = with_file(draft_form(&app, &w.tom, other, "").await, "other.pdf", pdf(), "application/pdf");
    assert_eq!(post(&app, &w.tom, other, form).await.0, StatusCode::SEE_OTHER);
    let other_file = get(&app, &w.tom, other).await.unwrap().files[0].id;
    let form = draft_form(&app, &w.tom, id, "Typed before attaching").await.text("remove", other_file.to_string());
    assert_eq!(post(&app, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    assert_eq!(get(&app, &w.tom, other).await.unwrap().files.len(), 1);
    let copy = get(&app, &w.tom, id).await.unwrap().files[1].id;
    let form = draft_form(&app, &w.tom, id, "Typed before attaching").await.text("remove", copy.to_string());
    let (_, location, _) = post(&app, &w.tom, id, form).await;
    assert!(location.contains("done=removed"), "{location}");
    let names: Vec<String> = get(&app, &w.tom, id).await.unwrap().files.into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["IMG_0042.jpg", "minutes.exe.pdf", "flipchart.jpg"]);

    // Sent: the advisor reads the files; nothing more can be attached or taken off.
    assert_eq!(save(&app, &w.tom, id, COMPLETE, "check").await.unwrap(), format!("/reports/{id}/check"));
    assert_eq!(send::<String>(&app, &w.tom, "submit", &id_form(id)).await.unwrap(), format!("/reports/{id}?done=submitted"));
    assert_eq!(get(&app, &w.advisor, id).await.unwrap().files.len(), 3);
    let before = (rows(&app).await, stored(&app));
    let form = with_file(draft_form(&app, &w.tom, id, "Too late").await, "late.jpg", jpeg(1000, 7), "image/jpeg");
    let (status, location, _) = post(&app, &w.tom, id, form).await;
    assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("/reports/{id}?file_error=not_editable")));
    assert_eq!((rows(&app).await, stored(&app)), before);
});

on_both_databases!(a_file_of_the_wrong_type_too_large_or_cut_off_is_refused_and_nothing_is_stored, |app: TestApp| async move {
    let w = world(&app).await;
    let id = start(&app, &w.tom, w.a, "progress", "").await;

    // A program named as a photo: refused by the field, the answers still saved.
    let form = with_file(draft_form(&app, &w.tom, id, "Still saved").await, "holiday.jpg", program(), "image/jpeg");
    let (status, location, _) = post(&app, &w.tom, id, form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("file_error=type&file_section=evidence#section-evidence"), "{location}");
    assert_eq!(rows(&app).await, 0);
    assert_eq!(stored(&app), (0, 0), "a file refused by its first bytes never reaches storage");
    assert_eq!(get(&app, &w.tom, id).await.unwrap().answers.get("summary").map(String::as_str), Some("Still saved"));
    let (_, _, html) = app.get(&w.tom, &location).await;
    assert!(html.contains("That file was not attached: it is not a photo, a PDF or an office document"), "{html}");
    assert!(html.contains("id=\"section-evidence-error\""), "the message is by the field: {html}");
    // A plain post from that page that fails for its own reason comes back without the old
    // file message.
    let r = get(&app, &w.tom, id).await.unwrap();
    let mut form = crate::reports::page_form(&r, &[("summary", &"x".repeat(5001))], "save");
    form.retain(|(k, _)| !k.is_empty());
    let back = w.tom
        .post(app.url("/api/reports/save"))
        .header("origin", &app.base)
        .header("accept", "text/html")
        // A browser's Referer never carries the fragment.
        .header("referer", app.url(location.split('#').next().unwrap()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(&form).unwrap())
        .send()
        .await
        .unwrap();
    let again = back.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(again.starts_with(&format!("/reports/{id}")) && !again.contains("file_"), "{again}");
    // Plain text and a web page are refused the same way; so is an empty file.
    for (name, bytes) in [("notes.pdf", b"just words".to_vec()), ("page.pdf", b"<html><script>alert(1)</script>".to_vec()), ("empty.jpg", Vec::new())] {
        let form = with_file(draft_form(&app, &w.tom, id, "Still saved").await, name, bytes, "application/pdf");
        let (_, location, _) = post(&app, &w.tom, id, form).await;
        assert!(location.contains("file_error="), "{name}: {location}");
    }
    let (_, location, _) = post(&app, &w.tom, id, with_file(draft_form(&app, &w.tom, id, "").await, "empty.jpg", Vec::new(), "image/jpeg")).await;
    assert!(location.contains("file_error=empty"), "{location}");
    assert_eq!((rows(&app).await, stored(&app)), (0, (0, 0)));

    // Too large, with a limit of 1 MB: a file a little over is read and refused (413, the
    // limit named, nothing stored); one far over is refused from its declared length at once.
    let small = app.with_upload_limit(1_000_000).await;
    for size in [1_200_000, 3_000_000] {
        let form = with_file(draft_form(&small, &w.tom, id, "Still saved").await, "huge.jpg", jpeg(size, 5), "image/jpeg");
        let (status, _, body) = post(&small, &w.tom, id, form).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{size}");
        assert!(body.contains("A file may be at most 1 MB. Nothing was stored.") && body.contains(&format!("href=\"/reports/{id}\"")), "{body}");
        assert!(body.contains("Un fichier peut faire 1 Mo au plus."), "{body}");
        assert_eq!((rows(&app).await, stored(&app)), (0, (0, 0)), "{size}");
    }
    // Just under the limit is taken.
    let form = with_file(draft_form(&small, &w.tom, id, "Still saved").await, "fits.jpg", jpeg(990_000, 5), "image/jpeg");
    assert_eq!(post(&small, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    assert_eq!((rows(&app).await, stored(&app)), (1, (1, 0)));

    // An upload cut off half way (the phone loses its signal): no entry, and nothing of it
    // left in storage, not even under a temporary name.
    let first: Vec<u8> = jpeg(200_000, 8);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(first), Err(std::io::Error::other("signal lost"))];
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let form = draft_form(&app, &w.tom, id, "Cut off").await.part("evidence[evidence]", Part::stream(body).file_name("cut.jpg"));
    let sent = w.tom.post(app.url(&format!("/reports/{id}/evidence"))).multipart(form).send().await;
    assert!(sent.is_err(), "the client gave up");
    let mut left = stored(&app);
    for _ in 0..50 {
        if left == (1, 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        left = stored(&app);
    }
    assert_eq!(left, (1, 0), "nothing of the cut-off upload is left");
    assert_eq!(rows(&app).await, 1);
    assert_eq!(get(&app, &w.tom, id).await.unwrap().answers.get("summary").map(String::as_str), Some("Still saved"), "a cut-off post saves nothing");

    // A file for a section that takes none, or a form for another report: refused.
    let form = draft_form(&app, &w.tom, id, "x").await.part("evidence[summary]", Part::bytes(pdf()).file_name("a.pdf"));
    assert_eq!(post(&app, &w.tom, id, form).await.0, StatusCode::BAD_REQUEST);
    let other = start(&app, &w.tom, w.a, "progress", "").await;
    let form = with_file(draft_form(&app, &w.tom, other, "x").await, "a.pdf", pdf(), "application/pdf");
    assert_eq!(post(&app, &w.tom, id, form).await.0, StatusCode::BAD_REQUEST);
    assert_eq!((rows(&app).await, stored(&app)), (1, (1, 0)));
});

// Several instances share one bucket (an S3-compatible server, moto's, on loopback): a file
// attached through one is downloaded through another that never saw it; nothing is written to
// either's own folder; the same content is one object; an upload cut off leaves no object and
// no unfinished multipart upload behind.
on_both_databases!(evidence_in_a_shared_bucket_is_read_by_every_instance, |app: TestApp| async move {
    let s3 = common::s3::S3Server::start().await;
    let bucket = s3.bucket("evidence").await;
    let files = || app::files::storage::Files::s3(&bucket, 20_000_000).unwrap();
    let (one, two) = (app.with_files(files()).await, app.with_files(files()).await);
    let w = world(&one).await;
    let id = start(&one, &w.tom, w.a, "progress", "").await;

    let photo = jpeg(6_000_000, 4);
    let form = with_file(draft_form(&one, &w.tom, id, "From the first instance").await, "board.jpg", photo.clone(), "image/jpeg");
    assert_eq!(post(&one, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    let form = with_file(draft_form(&two, &w.tom, id, "From the second").await, "board-again.jpg", photo.clone(), "image/jpeg");
    assert_eq!(post(&two, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    let r = get(&two, &w.tom, id).await.unwrap();
    assert_eq!(r.files.len(), 2);
    for instance in [&one, &two] {
        let body = w.advisor.get(instance.url(&format!("/evidence/{}", r.files[0].id))).send().await.unwrap().bytes().await.unwrap();
        assert_eq!(body.as_ref(), photo.as_slice());
    }
    let keys = s3.keys("evidence").await;
    assert_eq!(keys.len(), 1, "the same content is one object: {keys:?}");
    assert!(keys[0].starts_with("sha256/") && keys[0].len() == "sha256/".len() + 3 + 64, "{keys:?}");
    assert_eq!(stored(&app), (0, 0), "nothing in the local folder");

    // Cut off half way: no object, no unfinished upload (its parts would be billed for ever).
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(jpeg(7_000_000, 6)), Err(std::io::Error::other("signal lost"))];
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let form = draft_form(&one, &w.tom, id, "Cut off").await.part("evidence[evidence]", Part::stream(body).file_name("cut.jpg"));
    assert!(w.tom.post(one.url(&format!("/reports/{id}/evidence"))).multipart(form).send().await.is_err());
    let mut left = (s3.keys("evidence").await.len(), s3.unfinished_uploads("evidence").await);
    for _ in 0..50 {
        if left == (1, 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        left = (s3.keys("evidence").await.len(), s3.unfinished_uploads("evidence").await);
    }
    assert_eq!(left, (1, 0));
    assert_eq!(rows(&app).await, 2);

    // Both entries taken off, so nothing names the photo, and an object left under `uploads/`:
    // the same day both stay; two days on, the housekeeping leaves the bucket empty.
    for file in get(&one, &w.tom, id).await.unwrap().files {
        let form = draft_form(&one, &w.tom, id, "Taken off").await.text("remove", file.id.to_string());
        assert_eq!(post(&one, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    }
    let put = reqwest::Client::new().put(format!("{}/evidence/uploads/0a1b2c3d", s3.endpoint)).body("half a photo").send().await.unwrap();
    assert!(put.status().is_success(), "{}", put.status());
    assert_eq!(s3.keys("evidence").await.len(), 2);
    assert_eq!(app::portfolio::export::collect_files(&one.state, app::time::now()).await.unwrap(), 0);
    assert_eq!(s3.keys("evidence").await.len(), 2);
    assert_eq!(app::portfolio::export::collect_files(&one.state, app::time::now() + 2 * 86_400).await.unwrap(), 2);
    assert_eq!(s3.keys("evidence").await, Vec::<String>::new());
});

on_both_databases!(files_nothing_names_are_removed_a_day_on_and_named_ones_stay, |app: TestApp| async move {
    let w = world(&app).await;
    let id = start(&app, &w.tom, w.a, "progress", "").await;
    let other = start(&app, &w.tom, w.a, "final", "").await;
    let shared = jpeg(20_000, 5);
    for (report, summary, name, bytes) in [
        (id, "Typed", "shared.jpg", shared.clone()),
        (id, "Typed", "alone.jpg", jpeg(20_000, 6)),
        (other, "", "shared-too.jpg", shared.clone()),
    ] {
        let form = with_file(draft_form(&app, &w.tom, report, summary).await, name, bytes, "image/jpeg");
        assert_eq!(post(&app, &w.tom, report, form).await.0, StatusCode::SEE_OTHER);
    }
    let sha = |name: &'static str| {
        let pool = app.state.db.pool.clone();
        async move { sqlx::query_as::<_, (String,)>("SELECT sha256 FROM evidence_files WHERE name = $1").bind(name).fetch_one(&pool).await.unwrap().0 }
    };
    let (shared_sha, alone_sha) = (sha("shared.jpg").await, sha("alone.jpg").await);
    assert_eq!(stored(&app), (2, 0));
    // Both taken off the first report: the shared photo is still named by the other.
    for file in get(&app, &w.tom, id).await.unwrap().files {
        let form = draft_form(&app, &w.tom, id, "Typed").await.text("remove", file.id.to_string());
        assert_eq!(post(&app, &w.tom, id, form).await.0, StatusCode::SEE_OTHER);
    }
    assert!(get(&app, &w.tom, id).await.unwrap().files.is_empty());
    // What a server killed half way through an upload leaves (object_store's name for a file
    // still being written).
    std::fs::create_dir_all(app.files_dir().join("uploads")).unwrap();
    std::fs::write(app.files_dir().join("uploads").join("5f3a9c0e#1"), b"half a photo").unwrap();
    assert_eq!(stored(&app), (2, 1));
    let collect = |days: i64| app::portfolio::export::collect_files(&app.state, app::time::now() + days * 86_400);

    // The same day: nothing is a day old, everything stays.
    assert_eq!(collect(0).await.unwrap(), 0);
    assert_eq!(stored(&app), (2, 1));
    // Two days on: the photo nothing names goes, and the half upload; the shared one stays and
    // still downloads.
    assert_eq!(collect(2).await.unwrap(), 2);
    assert_eq!(stored(&app), (1, 0));
    assert!(!app.state.files.holds(&alone_sha).await && app.state.files.holds(&shared_sha).await);
    let file = get(&app, &w.tom, other).await.unwrap().files[0].id;
    let response = w.tom.get(app.url(&format!("/evidence/{file}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().as_ref(), shared.as_slice());
    assert_eq!(collect(2).await.unwrap(), 0, "nothing more to remove");
});
