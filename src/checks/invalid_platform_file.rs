use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS701",
    name: "invalid-platform-file",
    severity: Severity::Error,
    summary: "A platform configuration file (railway.json, render.yaml, fly.toml, app.yaml, app.json, heroku.yml, …) does not parse, or a value has the wrong type",
    platforms: &[Platform::Heroku, Platform::Render, Platform::Railway, Platform::Fly, Platform::Google, Platform::Digitalocean, Platform::Dokku],
    doc: check_doc!("PAAS701"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in cx.platform_files() {
        let readers = crate::profile::file_readers(f.origin);
        if let Some((span, message)) = &f.error {
            out.push(
                CHECK
                    .finding(cx, in_file(cx, &f.path, *span), format!("`{}` does not parse: {message}", f.path))
                    .with_label("parse error")
                    .with_help("fix the syntax; the platform rejects the file (or ignores it) and builds with its defaults")
                    .with_subject(f.path.clone())
                    .with_platforms(&readers),
            );
        }
        for (span, message) in &f.problems {
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, &f.path, *span),
                        format!("`{}`: {message}", f.path),
                    )
                    .with_label("wrong type")
                    .with_help("give the value the type the platform's schema requires")
                    .with_subject(format!("{}: {message}", f.path))
                    .with_platforms(&readers),
            );
        }
    }
    out
}
