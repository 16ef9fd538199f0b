use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::model::CommandOrigin;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS705",
    name: "duplicate-python-buildpack",
    severity: Severity::Error,
    summary: "app.json lists the Python buildpack twice",
    platforms: &[Platform::Heroku, Platform::Dokku],
    doc: check_doc!("PAAS705"),
    run,
};

/// `heroku/python`, or the classic buildpack's repository URL with any ref.
fn is_python_buildpack(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    let url = url.split('#').next().unwrap_or("");
    let url = url.trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    url == "heroku/python" || url.ends_with("github.com/heroku/heroku-buildpack-python")
}

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in cx
        .platform_files()
        .filter(|f| f.origin == CommandOrigin::AppJson)
    {
        let python: Vec<_> = file
            .buildpacks
            .iter()
            .filter(|(url, _)| is_python_buildpack(url))
            .collect();
        if let [(_, first), rest @ ..] = python.as_slice() {
            for (url, span) in rest {
                out.push(
                    CHECK
                        .finding(
                            cx,
                            in_file(cx, &file.path, *span),
                            format!("`{url}` is the Python buildpack again: the second run stops with \"The Python buildpack has already been run this build\""),
                        )
                        .with_label("second Python buildpack")
                        .with_related(in_file(cx, &file.path, *first), "first listed here")
                        .with_help("list the Python buildpack once")
                        .with_subject(format!("{}:{url}", file.path)),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn python_buildpack_urls() {
        for url in [
            "heroku/python",
            "https://github.com/heroku/heroku-buildpack-python",
            "https://github.com/heroku/heroku-buildpack-python.git#v250",
        ] {
            assert!(super::is_python_buildpack(url), "{url}");
        }
        assert!(!super::is_python_buildpack("heroku/nodejs"));
    }
}
