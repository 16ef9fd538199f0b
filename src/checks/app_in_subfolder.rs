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
    // render.yaml `rootDir` / .do/app.yaml `source_dir` already point the platform here.
    let configured = cx.project.platform_files.iter().any(|f| {
        f.commands
            .iter()
            .any(|c| c.root_dir.as_deref().map(|d| d.trim_matches('/')) == Some(root.as_str()))
    });
    if configured {
        return Vec::new();
    }
    // Where no root directory can be set (platform-facts `root_directory`),
    // the build runs on the repository root and finds no Python app there.
    let no_root_setting: Vec<Platform> = Platform::ALL
        .into_iter()
        .filter(|p| !p.facts().root_directory.value)
        .collect();
    let mut finding = CHECK
        .finding(
            cx,
            Location::path_only(format!("{root}/")),
            if no_root_setting.is_empty() {
                format!("the app is in `{root}/`, not at the repository root")
            } else {
                format!(
                    "the app is in `{root}/`, not at the repository root: {} always {} the root, where there is no Python app (\"No default language could be detected for this app\")",
                    crate::platform::describe(&no_root_setting),
                    if no_root_setting.len() == 1 { "builds" } else { "build" }
                )
            },
        )
        .with_help(format!("set the root directory to `{root}`: Render `rootDir`, Railway \"Root Directory\", DigitalOcean `source_dir`; on Heroku use a subdirectory buildpack or deploy with `git subtree push --prefix {root}`"))
        .with_subject(root.clone());
    finding.severity_on = no_root_setting
        .iter()
        .map(|p| (*p, Severity::Error))
        .collect();
    vec![finding]
}
