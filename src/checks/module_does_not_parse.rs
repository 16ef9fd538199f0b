use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS306",
    name: "module-does-not-parse",
    severity: Severity::Error,
    summary: "A Python module the platform imports at start (entry module, settings, or a module they import) has a syntax error",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS306"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .imports
        .startup_modules
        .iter()
        .filter_map(|path| {
            let module = cx.project.python_module(path)?;
            let file = cx.project.file(path)?;
            // Undecodable or cut-short files are PAAS901/903/904's findings.
            if file.truncated || file.encoding.is_problem() {
                return None;
            }
            let (span, message) = module.syntax_errors.first()?;
            let location = Location::in_file(file, *span);
            Some(
                CHECK
                    .finding(
                        cx,
                        location.clone(),
                        format!(
                            "`{path}` does not parse (line {}, column {}): {message}; the platform's Python raises SyntaxError when the app imports it, so the app never starts",
                            location.line, location.column
                        ),
                    )
                    .with_label("syntax error here")
                    .with_help("fix the syntax error (`python -m py_compile` on this file shows it), then run the app locally once before deploying")
                    .with_subject(path.clone())
                    .with_data("errors", module.syntax_errors.len()),
            )
        })
        .collect()
}
