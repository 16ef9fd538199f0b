use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;
use crate::source::Encoding;

pub static CHECK: Check = Check {
    code: "PAAS901",
    name: "unreadable-file",
    severity: Severity::Error,
    summary: "A file paaslint needs cannot be read: permissions, binary content, or a symlink out of the repository",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS901"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out: Vec<Finding> = cx
        .project
        .read_errors
        .iter()
        .filter(|(path, _)| {
            cx.project
                .app_of(path)
                .is_some_and(|a| std::ptr::eq(a, cx.app))
        })
        .map(|(path, error)| {
            CHECK
                .finding(
                    cx,
                    Location::path_only(path.clone()),
                    format!("`{path}` cannot be read: {error}"),
                )
                .with_help("make the file readable and a regular file inside the repository")
                .with_subject(path.clone())
        })
        .collect();
    out.extend(
        cx.app_files()
            .filter(|f| f.encoding == Encoding::Binary)
            // A binary version file is PAAS502's, on the platforms that read it.
            .filter(|f| !cx.app.python.problems.iter().any(|p| p.path == f.path))
            .map(|f| {
                CHECK
                    .finding(
                        cx,
                        Location::path_only(f.path.clone()),
                        format!("`{}` holds binary data (NUL bytes), not text", f.path),
                    )
                    .with_help("replace it with the plain-text file builders expect")
                    .with_subject(f.path.clone())
            }),
    );
    out
}
