use super::django::{list_entries, with_settings};
use super::staticfiles_dir_missing::entry_path;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS403",
    name: "static-root-in-staticfiles-dirs",
    severity: Severity::Error,
    summary: "STATIC_ROOT is also listed in STATICFILES_DIRS (Django staticfiles.E002)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS403"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Value::Path(root) = s.when_unset("STATIC_ROOT") else {
        return Vec::new();
    };
    let Some(e) = list_entries(s, "STATICFILES_DIRS")
        .into_iter()
        .find(|e| entry_path(&e.value) == Some(root.as_str()))
    else {
        return Vec::new();
    };
    let mut f = CHECK
        .finding(
            cx,
            cx.settings_location(&e.loc),
            format!(
                "STATICFILES_DIRS contains STATIC_ROOT (`{root}/`) in {}: Django's system check fails with staticfiles.E002, so `collectstatic` stops and the build fails",
                s.describe()
            ),
        )
        .with_label("same folder as STATIC_ROOT")
        .with_help("keep source static files in another folder (e.g. `static/`) and let STATIC_ROOT be the output folder only (e.g. `staticfiles/`)")
        .with_subject("STATICFILES_DIRS")
        .with_data("django_check", "staticfiles.E002");
    if let Some(b) = s.get("STATIC_ROOT") {
        f = f.with_related(cx.settings_location(&b.loc), "STATIC_ROOT is set here");
    }
    vec![with_settings(f, s)]
}
