use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::model::normalize_path;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS706",
    name: "missing-dockerfile",
    severity: Severity::Error,
    summary: "A platform file names a Dockerfile that is not in the repository",
    platforms: &[
        Platform::Heroku,
        Platform::Railway,
        Platform::Fly,
        Platform::Digitalocean,
    ],
    doc: check_doc!("PAAS706"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in cx.platform_files() {
        let base = file.base_folder();
        for (name, span) in &file.dockerfiles {
            let relative = name.trim_start_matches("./");
            if relative.is_empty() || relative.starts_with('/') || relative.contains('$') {
                continue;
            }
            let path = normalize_path(&crate::discover::join(base, relative));
            if cx.project.inventory.is_file(&path) {
                continue;
            }
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, &file.path, *span),
                        format!("`{}` builds from `{path}`, which is not in the repository: the build stops before it starts (\"failed to read dockerfile\")", file.path),
                    )
                    .with_label("no such file")
                    .with_help(format!("commit `{path}`, or point `{}` at the Dockerfile you have", file.path))
                    .with_subject(format!("{}:{name}", file.path))
                    .with_platforms(&crate::profile::file_readers(file.origin)),
            );
        }
    }
    out
}
