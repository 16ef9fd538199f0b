use super::{check_doc, Check, Context};
use crate::discover::join;
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS131",
    name: "committed-heroku-python",
    severity: Severity::Error,
    summary:
        "A `.heroku/python` folder in the repository, where Heroku's buildpack installs Python",
    platforms: &[Platform::Heroku],
    doc: check_doc!("PAAS131"),
    run,
};

/// heroku-buildpack-python v351 `lib/checks.sh` `checks::existing_python_dir_present`
/// tests `-e .heroku/python` (a file too) and stops the build; spec/hatchet/checks_spec.rb:38-71.
fn run(cx: &Context) -> Vec<Finding> {
    let path = join(&cx.app.root, ".heroku/python");
    let inventory = &cx.project.inventory;
    if inventory.get(&path).is_none() {
        return Vec::new();
    }
    let shown = if inventory.is_dir(&path) {
        format!("{path}/")
    } else {
        path.clone()
    };
    vec![CHECK
        .finding(
            cx,
            Location::path_only(shown.clone()),
            format!("`{shown}` is committed: Heroku's Python buildpack installs Python there and stops the build (\"Existing '.heroku/python/' directory found\")"),
        )
        .with_help(format!(
            "run `git rm -r --cached {path}` and add `.heroku/python/` to .gitignore"
        ))
        .with_subject(path)]
}
