use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::model::CommandOrigin;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS707",
    name: "other-language-detected-first",
    severity: Severity::Error,
    summary: "A file of another language makes the platform pick that builder before Python, so Python is never installed",
    platforms: &[Platform::Heroku, Platform::Railway],
    doc: check_doc!("PAAS707"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let root_files: Vec<&str> = cx
        .project
        .inventory
        .children(&cx.app.root)
        .map(|(p, _)| crate::discover::file_name(p))
        .collect();
    // app.json `buildpacks` or `.buildpacks` choose the builders: no detection runs.
    let buildpacks_set = root_files.contains(&".buildpacks")
        || cx
            .platform_files()
            .any(|f| f.origin == CommandOrigin::AppJson && !f.buildpacks.is_empty());
    let mut out = Vec::new();
    for &platform in CHECK.platforms {
        if cx.app.docker_built.contains(&platform) {
            continue;
        }
        let facts = platform.facts();
        let sets_buildpacks = facts
            .detection
            .as_ref()
            .and_then(|d| d.buildpacks_set_by.as_ref())
            .is_some();
        if sets_buildpacks && buildpacks_set {
            continue;
        }
        let Some((rule, file)) = facts.detected_before_python().into_iter().find_map(|r| {
            r.files
                .iter()
                .find(|f| root_files.contains(&f.as_str()))
                .map(|f| (r, f))
        }) else {
            continue;
        };
        let path = cx.app.path(file);
        let location = cx
            .project
            .files
            .get(&path)
            .map(Location::file_start)
            .unwrap_or_else(|| Location::path_only(path.clone()));
        let help = if platform == Platform::Heroku {
            "run `heroku buildpacks:set heroku/python` (and `heroku buildpacks:add --index 1 heroku/nodejs` if the frontend needs building), list both in app.json `buildpacks`, or move the frontend into a subfolder".to_string()
        } else {
            format!("move `{file}` out of the service's root folder, or set the builder or provider explicitly")
        };
        out.push(
            CHECK
                .finding(
                    cx,
                    location,
                    format!(
                        "`{file}` at the app root makes {} build the app with {} before trying Python: Python and the app's dependencies are never installed",
                        platform.display_name(),
                        rule.builder
                    ),
                )
                .with_label(format!("{} is detected first", rule.builder))
                .with_help(help)
                .with_platforms(&[platform])
                .with_subject(format!("{}:{file}", platform.id())),
        );
    }
    out
}
