use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::discover::{join, parent};
use crate::finding::{Finding, Severity};
use crate::model::CommandOrigin;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS702",
    name: "root-directory-mismatch",
    severity: Severity::Error,
    summary:
        "A render.yaml rootDir or .do/app.yaml source_dir points at a folder that holds no app",
    platforms: &[Platform::Render, Platform::Digitalocean],
    doc: check_doc!("PAAS702"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let project = cx.project;
    // Report once, from the app that owns the platform file (or the first app).
    let owner = project
        .apps
        .first()
        .is_some_and(|first| std::ptr::eq(first, cx.app));
    if !owner {
        return Vec::new();
    }
    let mut out = Vec::new();
    for file in &project.platform_files {
        let folder = if file.path.starts_with(".do/") {
            ""
        } else {
            parent(&file.path).trim_end_matches("/.do")
        };
        for command in &file.commands {
            let (Some(dir), Some(span)) = (&command.root_dir, command.root_dir_span) else {
                continue;
            };
            let target = join(folder, dir.trim_start_matches("./"));
            if project.apps.iter().any(|a| a.root == target) {
                continue;
            }
            let platform = match command.origin {
                CommandOrigin::RenderYaml => Platform::Render,
                _ => Platform::Digitalocean,
            };
            let apps: Vec<String> = project
                .apps
                .iter()
                .map(|a| format!("`{}`", a.display_root()))
                .collect();
            let what = if project.inventory.is_dir(&target) {
                "holds no app"
            } else {
                "does not exist"
            };
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, &file.path, span),
                        format!("the service builds `{target}/`, which {what}: {} finds no requirements.txt or start module there (the app is at {})", platform.display_name(), apps.join(", ")),
                    )
                    .with_label("no app here")
                    .with_help("point the root directory at the folder that holds the app's requirements.txt and code")
                    .with_subject(target.clone())
                    .with_platforms(&[platform]),
            );
        }
    }
    out
}
