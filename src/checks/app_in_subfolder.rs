use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS109",
    name: "app-in-subfolder",
    severity: Severity::Info,
    summary:
        "The app lives in a subfolder; platforms build the repository root unless told otherwise",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS109"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if !cx.app.in_subfolder {
        return Vec::new();
    }
    let root = &cx.app.root;
    vec![CHECK
        .finding(
            cx,
            Location::path_only(format!("{root}/")),
            format!("the app is in `{root}/`, not at the repository root"),
        )
        .with_help(format!("set the root directory to `{root}`: Render `rootDir`, Railway \"Root Directory\", DigitalOcean `source_dir`; on Heroku use a subdirectory buildpack or deploy with `git subtree push --prefix {root}`"))
        .with_subject(root.clone())]
}
