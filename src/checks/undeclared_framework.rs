use super::dependency_facts::{installs_framework, location_in};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS112",
    name: "undeclared-framework",
    severity: Severity::Error,
    summary: "The app imports a web framework that no dependency manifest installs",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS112"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    // No manifest is PAAS101's finding; setup.py, `-e .` or dynamic
    // dependencies hide what gets installed.
    if !deps.has_manifest() || deps.has_unknown_dependencies() {
        return Vec::new();
    }
    let mut reported = Vec::new();
    let mut out = Vec::new();
    for import in &deps.web_imports {
        if reported.contains(&import.package) || installs_framework(cx, &import.package) {
            continue;
        }
        reported.push(import.package.clone());
        let others = deps
            .web_imports
            .iter()
            .filter(|i| i.package == import.package)
            .count()
            - 1;
        let declared_elsewhere = deps.declared(&import.package).next();
        let why = match declared_elsewhere {
            Some(dep) => format!(
                "`{}` is declared only as a {} dependency in `{}`, which production builds skip",
                import.package,
                dep.group.describe(),
                dep.file
            ),
            None => format!(
                "no dependency manifest of the app installs `{}`",
                import.package
            ),
        };
        let mut finding = CHECK
            .finding(
                cx,
                location_in(cx, &import.file, import.span),
                format!(
                    "`{}` imports `{}`, but {why}: the build succeeds and the app crashes at start with ModuleNotFoundError",
                    import.file, import.module
                ),
            )
            .with_label("imported here")
            .with_help(format!(
                "add `{}` with its version to requirements.txt (or `uv add {}` / `poetry add {}`)",
                import.package, import.package, import.package
            ))
            .with_subject(import.package.clone())
            .with_data("module", import.module.clone());
        if others > 0 {
            finding = finding.with_data("other_imports", others);
        }
        out.push(finding);
    }
    out
}
