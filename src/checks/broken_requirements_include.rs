use super::dependency_facts::location_in;
use super::{check_doc, Check, Context};
use crate::deps::IncludeProblemKind;
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS116",
    name: "broken-requirements-include",
    severity: Severity::Error,
    summary: "A `-r`/`-c` line in a requirements file names a file that is missing, outside the repository, or includes itself",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS116"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .deps
        .include_problems
        .iter()
        .map(|problem| {
            let (message, help) = match problem.kind {
                IncludeProblemKind::Missing => (
                    format!("`{}` includes `{}`, which does not exist (pip looks for `{}`, relative to the including file): pip stops with \"Could not open requirements file\"", problem.file, problem.target, problem.resolved),
                    "fix the path (it is relative to the file that contains the line), or commit the missing file".to_string(),
                ),
                IncludeProblemKind::OutsideRepo => (
                    format!("`{}` includes `{}`, which is outside the repository: the builder only has the repository, so pip stops with \"Could not open requirements file\"", problem.file, problem.target),
                    "copy the file into the repository and include it by a relative path".to_string(),
                ),
                IncludeProblemKind::Cycle => (
                    format!("`{}` includes `{}`, which leads back to `{}`: the includes form a cycle and pip, which follows every `-r` line, fails on it", problem.file, problem.target, problem.resolved),
                    "remove one of the `-r` lines so that each file is included once, from the more specific file".to_string(),
                ),
            };
            CHECK
                .finding(cx, location_in(cx, &problem.file, problem.span), message)
                .with_label(match problem.kind {
                    IncludeProblemKind::Cycle => "includes itself",
                    _ => "file not available",
                })
                .with_help(help)
                .with_subject(problem.resolved.clone())
                .with_data("kind", serde_json::to_value(problem.kind).unwrap_or_default())
        })
        .collect()
}
