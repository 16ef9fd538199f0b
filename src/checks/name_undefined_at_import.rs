use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Loc;

pub static CHECK: Check = Check {
    code: "PAAS307",
    name: "name-undefined-at-import",
    severity: Severity::Error,
    summary: "A module the platform imports uses a name at module level that nothing binds first: importing it raises NameError",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS307"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for module in &cx.app.imports.modules {
        for u in &module.undefined {
            let loc = Loc {
                path: module.path.clone(),
                span: u.span,
            };
            let name = &u.name;
            let (message, help) = if u.bound_later {
                (
                    format!("`{name}` is used here before the line that binds it: importing {} ({}) raises NameError, so the app never starts", module.path, module.why),
                    format!("move the line that binds `{name}` above this one"),
                )
            } else if crate::imports::is_stdlib(name) {
                (
                    format!("`{name}` is used but never imported in {}: importing it ({}) raises NameError, so the app never starts", module.path, module.why),
                    format!("add `import {name}` at the top of {}", module.path),
                )
            } else {
                (
                    format!("`{name}` is used but never imported or assigned in {}: importing it ({}) raises NameError, so the app never starts", module.path, module.why),
                    format!("import or assign `{name}` above this line in {}", module.path),
                )
            };
            out.push(
                CHECK
                    .finding(cx, cx.settings_location(&loc), message)
                    .with_label("NameError here")
                    .with_help(help)
                    .with_subject(format!("{}:{name}", module.path))
                    .with_data("name", name.clone())
                    .with_data("imported_because", module.why.clone()),
            );
        }
    }
    out
}
