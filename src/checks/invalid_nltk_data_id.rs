use super::dependency_facts::installs_framework;
use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::parse::nltk::{impossible_id, KNOWN_IDS};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS132",
    name: "invalid-nltk-data-id",
    severity: Severity::Error,
    summary:
        "A line of nltk.txt that is not an NLTK data id, so the build's download of NLTK data fails",
    platforms: &[Platform::Heroku, Platform::Digitalocean, Platform::Dokku],
    doc: check_doc!("PAAS132"),
    run,
};

/// heroku-buildpack-python v351 `bin/steps/nltk`: when nltk is installed, every line of nltk.txt
/// goes to `python -m nltk.downloader`; an id not in the index makes nltk 3.10.4's downloader ask
/// "Retry? [n/y/e]", which ends in EOFError, and the build stops with "Unable to download NLTK
/// data" (spec/hatchet/nltk_spec.rb:52-79, fixture nltk_txt_invalid holds `invalid!`).
fn run(cx: &Context) -> Vec<Finding> {
    let Some(nltk) = &cx.app.nltk else {
        return Vec::new();
    };
    if !installs_framework(cx, "nltk") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (index, entry) in nltk.entries.iter().enumerate() {
        let line = index + 1;
        let (severity, why) = if impossible_id(&entry.id) {
            (
                Severity::Error,
                if entry.id.trim().is_empty() {
                    "is empty, and the buildpack passes it to the downloader as an id".to_string()
                } else if entry.id.trim() != entry.id {
                    format!("`{}` has spaces or a Windows line end (\\r) around the id, which the buildpack passes on as part of it", entry.id.escape_debug())
                } else {
                    format!("`{}` cannot be an NLTK data id (ids are letters, digits, `_`, `-` and `.`; one per line, no comments)", entry.id.escape_debug())
                },
            )
        } else if !KNOWN_IDS.contains(&entry.id.as_str()) {
            (
                Severity::Warning,
                format!("`{}` is not in NLTK's data index as paaslint knows it (2023); if the downloader does not know it either", entry.id),
            )
        } else {
            continue;
        };
        let mut finding = CHECK
            .finding(
                cx,
                in_file(cx, &nltk.path, entry.span),
                format!(
                    "line {line} of {} {why}: Heroku's Python buildpack (also on DigitalOcean and Dokku) runs `python -m nltk.downloader` on it and the build fails (\"Unable to download NLTK data\")",
                    nltk.path
                ),
            )
            .with_label("not an NLTK data id")
            .with_help("write one id from https://www.nltk.org/nltk_data/ per line (for example `punkt_tab` or `stopwords`), without comments, blank lines or spaces, and save the file with LF line ends")
            .with_subject(format!("{}:{}", nltk.path, entry.id));
        finding.severity = severity;
        out.push(finding);
    }
    out
}
