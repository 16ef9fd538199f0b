use super::dependency_facts::location_in;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::source::Span;

pub static CHECK: Check = Check {
    code: "PAAS120",
    name: "invalid-requirement",
    severity: Severity::Error,
    summary: "A dependency manifest has a line or entry its installer rejects",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS120"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let mut problems: Vec<(&str, Span, String)> = Vec::new();
    for loaded in &deps.requirement_files {
        for (span, error) in &loaded.file.errors {
            problems.push((
                &loaded.file.path,
                *span,
                format!("pip rejects this line: {error}"),
            ));
        }
    }
    if let Some(p) = &deps.pyproject {
        if let Some((span, error)) = &p.error {
            problems.push((
                &p.path,
                *span,
                format!("`{}` is not valid TOML: {error}", p.path),
            ));
        }
        for (span, error) in &p.invalid {
            problems.push((
                &p.path,
                *span,
                format!("not a valid PEP 508 requirement: {error}"),
            ));
        }
    }
    if let Some(p) = &deps.pipfile {
        if let Some((span, error)) = &p.error {
            problems.push((
                &p.path,
                *span,
                format!("`{}` is not valid TOML: {error}", p.path),
            ));
        }
    }
    let mut out: Vec<Finding> = problems
        .into_iter()
        .map(|(path, span, message)| {
            CHECK
                .finding(cx, location_in(cx, path, span), message)
                .with_label("invalid")
                .with_help("fix the entry (a name, optional [extras], version specifiers such as `>=5.2,<6`, optional `; markers`)")
                .with_subject(path.to_string())
        })
        .collect();
    for lock in deps.locks.iter().filter(|l| l.error.is_some()) {
        let error = lock.error.as_deref().unwrap_or_default();
        out.push(
            CHECK
                .finding(
                    cx,
                    cx.project
                        .file(&lock.path)
                        .map(crate::finding::Location::file_start)
                        .unwrap_or_else(|| crate::finding::Location::path_only(lock.path.clone())),
                    format!("`{}` cannot be read: {error}", lock.path),
                )
                .with_help("regenerate the lock file with your package manager and commit it (look for a merge conflict in it first)")
                .with_subject(lock.path.clone()),
        );
    }
    out
}
