use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;
use crate::source::MAX_READ_BYTES;

pub static CHECK: Check = Check {
    code: "PAAS904",
    name: "file-too-large",
    severity: Severity::Warning,
    summary: "A file paaslint reads is over 2 MiB; only its start was checked",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS904"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app_files()
        .filter(|f| f.truncated)
        .map(|f| {
            CHECK
                .finding(
                    cx,
                    Location::path_only(f.path.clone()),
                    format!("`{}` is {} bytes; only the first {} MiB were checked", f.path, f.size, MAX_READ_BYTES / (1024 * 1024)),
                )
                .with_help("a manifest, Procfile or settings file this large is almost always a mistake (a committed data dump); shrink it")
                .with_subject(f.path.clone())
        })
        .collect()
}
