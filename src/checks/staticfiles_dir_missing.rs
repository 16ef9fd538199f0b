use super::django::{list_entries, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS402",
    name: "staticfiles-dir-missing",
    severity: Severity::Warning,
    summary: "A STATICFILES_DIRS folder is not in the repository (Django staticfiles.W004)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS402"),
    run,
};

/// The folder of a `STATICFILES_DIRS` entry: a path, or `(prefix, path)`.
pub fn entry_path(value: &Value) -> Option<&str> {
    match value {
        Value::Path(p) => Some(p),
        Value::List(pair) if pair.len() == 2 => match pair.get(1).map(|e| &e.value) {
            Some(Value::Path(p)) => Some(p),
            _ => None,
        },
        _ => None,
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in list_entries(s, "STATICFILES_DIRS") {
        let Some(path) = entry_path(&e.value) else {
            continue;
        };
        if path.is_empty() || cx.project.inventory.is_dir(path) {
            continue;
        }
        let f = CHECK
            .finding(
                cx,
                cx.settings_location(&e.loc),
                format!(
                    "STATICFILES_DIRS lists `{path}/`, which is not in the repository ({}): Django warns (staticfiles.W004) and `collectstatic` collects nothing from it — git does not keep empty folders",
                    s.describe()
                ),
            )
            .with_label("folder not found")
            .with_help(format!("create `{path}/` with at least one file (e.g. a `.gitkeep`), have the build create it, or remove the entry"))
            .with_subject(path.to_string())
            .with_data("django_check", "staticfiles.W004");
        out.push(with_settings(f, s));
    }
    out
}
