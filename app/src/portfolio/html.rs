//! `index.html` in the bundle: the portfolio readable offline in any browser, one page, no
//! script and nothing fetched (its style is inside it), with links to the evidence files
//! beside it in the bundle.

use super::document::{Labels, Part, Portfolio};
use std::fmt::Write;

/// Text made safe inside HTML (element content and quoted attributes).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs from text with blank lines; single line breaks kept.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect()
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b}\
h1,h2,h3{line-height:1.2}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}\
.muted{color:#555}a{color:#0b57d0}";

pub fn render(p: &Portfolio, l: &Labels) -> String {
    let mut h = String::new();
    let lang = if p.language == "fr" { "fr" } else { "en" };
    let none = format!("<p>{}</p>", esc(&l.none));
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main><h1>{title}</h1><p class=\"muted\">{generated}</p>",
        title = esc(&l.title),
        generated = esc(&l.generated),
    );
    let _ = write!(h, "<nav aria-label=\"{c}\"><h2>{c}</h2><ol>", c = esc(&l.contents));
    for part in p.parts() {
        let _ = write!(h, "<li><a href=\"#{}\">{}</a></li>", part.anchor(), esc(part.title(l)));
    }
    h.push_str("<li><a href=\"portfolio.pdf\">portfolio.pdf</a></li></ol></nav>");
    for part in p.parts() {
        let _ = write!(h, "<section id=\"{}\"><h2>{}</h2>", part.anchor(), esc(part.title(l)));
        match part {
            Part::Goals => goals(&mut h, p, l, &none),
            Part::Reports => reports(&mut h, p, l, &none),
            Part::Circles => circles(&mut h, p, l, &none),
            Part::Attendance => attendance(&mut h, p, l, &none),
            Part::Sessions => sessions(&mut h, p, l, &none),
            Part::Evidence => evidence(&mut h, p, &none),
        }
        h.push_str("</section>");
    }
    h.push_str("</main></body></html>\n");
    h
}

fn goals(h: &mut String, p: &Portfolio, l: &Labels, none: &str) {
    if p.goals.is_empty() {
        h.push_str(none);
    }
    for g in &p.goals {
        let _ = write!(h, "<article id=\"{}\"><h3>{}</h3><dl>", esc(&g.id), esc(&g.title));
        if !g.issues.is_empty() {
            let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(&l.issues), esc(&g.issues.join(" · ")));
        }
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(&l.outcome), esc(&g.outcome));
        if !g.measure.is_empty() {
            let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(&l.measure), esc(&g.measure));
        }
        h.push_str("</dl>");
        if !g.statement.is_empty() {
            let _ = write!(h, "<h4>{}</h4>{}", esc(&l.statement), paragraphs(&g.statement));
        }
        let _ = write!(h, "<h4>{}</h4>", esc(&l.activities_done));
        if g.activities.is_empty() {
            h.push_str(none);
        } else {
            h.push_str("<ul>");
            for a in &g.activities {
                let when = [a.starts_on.as_str(), a.due_on.as_str()].iter().filter(|d| !d.is_empty()).copied().collect::<Vec<_>>().join(" – ");
                let _ = write!(h, "<li><strong>{}</strong> <span class=\"muted\">{} {}</span>", esc(&a.what), esc(&a.owner), esc(&when));
                if !a.note.is_empty() {
                    let _ = write!(h, "<br>{}", esc(&a.note));
                }
                h.push_str("</li>");
            }
            h.push_str("</ul>");
        }
        h.push_str("</article>");
    }
}

fn reports(h: &mut String, p: &Portfolio, l: &Labels, none: &str) {
    if p.reports.is_empty() {
        h.push_str(none);
    }
    for r in &p.reports {
        let _ = write!(
            h,
            "<article id=\"{}\"><h3>{}</h3><p class=\"muted\">{} · {} {}</p>",
            esc(&r.id),
            esc(&r.title),
            esc(&r.template),
            esc(&l.accepted_on),
            esc(r.accepted_at.get(..10).unwrap_or_default())
        );
        if let Some(f) = r.follows.as_ref().and_then(|f| p.reports.iter().find(|x| &x.id == f)) {
            let _ = write!(h, "<p>{} <a href=\"#{}\">{}</a></p>", esc(&l.follow_up_of), esc(&f.id), esc(&f.title));
        }
        for s in &r.sections {
            let _ = write!(h, "<h4>{}</h4>{}", esc(&s.title), paragraphs(&s.text));
            let files: Vec<_> = s.evidence.iter().filter_map(|e| p.evidence.iter().find(|x| &x.id == e)).collect();
            if !files.is_empty() {
                h.push_str("<ul>");
                for f in files {
                    let _ = write!(h, "<li><a href=\"{}\">{}</a></li>", esc(&f.path), esc(&f.name));
                }
                h.push_str("</ul>");
            }
        }
        h.push_str("</article>");
    }
}

fn circles(h: &mut String, p: &Portfolio, l: &Labels, none: &str) {
    if p.circles.is_empty() {
        h.push_str(none);
        return;
    }
    let _ = write!(h, "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>", esc(&l.circles), esc(&l.joined));
    for c in &p.circles {
        let _ = write!(h, "<tr><td>{} <span class=\"muted\">{}</span></td><td>{}</td></tr>", esc(&c.name), esc(&c.theme), esc(&c.joined_on));
    }
    h.push_str("</tbody></table>");
}

fn attendance(h: &mut String, p: &Portfolio, l: &Labels, none: &str) {
    if p.attendance.is_empty() {
        h.push_str(none);
    } else {
        let _ = write!(h, "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>", esc(&l.meeting), esc(&l.date), esc(&l.present));
        for m in &p.attendance {
            let mut present = m.present.join(", ");
            if m.others_present > 0 {
                present = format!("{present}; {}", l.others_present.replace("{count}", &m.others_present.to_string()));
            }
            let _ = write!(
                h,
                "<tr><td>{} <span class=\"muted\">({})</span></td><td>{}</td><td>{}</td></tr>",
                esc(&m.title),
                esc(&m.circle),
                esc(m.starts_at.get(..10).unwrap_or_default()),
                esc(&present)
            );
        }
        h.push_str("</tbody></table>");
    }
}

fn sessions(h: &mut String, p: &Portfolio, l: &Labels, none: &str) {
    if p.sessions.is_empty() {
        h.push_str(none);
    }
    for s in &p.sessions {
        let _ = write!(h, "<article id=\"{}\"><h3>{}</h3><p class=\"muted\">{}</p>", esc(&s.id), esc(&s.title), esc(s.ended_at.get(..10).unwrap_or_default()));
        if !s.actions.is_empty() {
            let _ = write!(h, "<h4>{}</h4><ul>", esc(&l.actions));
            for a in &s.actions {
                let _ = write!(h, "<li>{}</li>", esc(a));
            }
            h.push_str("</ul>");
        }
        if !s.polls.is_empty() {
            let _ = write!(h, "<h4>{}</h4>", esc(&l.polls));
            for poll in &s.polls {
                let _ = write!(h, "<p><strong>{}</strong></p><ul>", esc(&poll.question));
                for o in &poll.results {
                    let _ = write!(h, "<li>{}: {}</li>", esc(&o.option), o.votes);
                }
                h.push_str("</ul>");
            }
        }
        h.push_str("</article>");
    }
}

fn evidence(h: &mut String, p: &Portfolio, none: &str) {
    if p.evidence.is_empty() {
        h.push_str(none);
    } else {
        h.push_str("<ul>");
        for e in &p.evidence {
            let _ = write!(
                h,
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">{} · {}</span></li>",
                esc(&e.path),
                esc(&e.name),
                esc(&e.media_type),
                crate::files::size_label(e.size as i64)
            );
        }
        h.push_str("</ul>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_cannot_become_markup() {
        let mut p = Portfolio::default();
        p.goals.push(super::super::document::Goal { title: "<script>alert(1)</script> & \"x\"".into(), ..Default::default() });
        let html = render(&p, &Labels::default());
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    }
}
