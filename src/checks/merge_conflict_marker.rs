use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::parse::procfile::is_conflict_marker;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS902",
    name: "merge-conflict-marker",
    severity: Severity::Error,
    summary: "Merge-conflict markers left in a file builders read",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS902"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in cx.app_files() {
        let mut open = None;
        for (span, line) in file.lines() {
            if !is_conflict_marker(line) {
                continue;
            }
            if line.starts_with("<<<<<<<") {
                open = Some(span);
            } else if line.starts_with(">>>>>>>") {
                if let Some(start) = open.take() {
                    out.push(
                        CHECK
                            .finding(cx, Location::in_file(file, start), format!("`{}` contains an unresolved merge conflict", file.path))
                            .with_label("conflict starts here")
                            .with_related(Location::in_file(file, span), "and ends here")
                            .with_help("resolve the conflict: keep the right side and delete the `<<<<<<<`, `=======` and `>>>>>>>` lines")
                            .with_subject(file.path.clone()),
                    );
                }
            }
        }
        if let Some(start) = open {
            out.push(
                CHECK
                    .finding(
                        cx,
                        Location::in_file(file, start),
                        format!("`{}` contains a merge-conflict marker", file.path),
                    )
                    .with_label("conflict marker")
                    .with_help("resolve the conflict and delete the marker lines")
                    .with_subject(file.path.clone()),
            );
        }
    }
    out
}
