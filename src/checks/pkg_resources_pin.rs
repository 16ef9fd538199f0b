use super::dependency_facts::dependency_location;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS113",
    name: "pkg-resources-pin",
    severity: Severity::Error,
    summary: "`pkg-resources==0.0.0`, an artefact of pip freeze on Debian/Ubuntu, which pip cannot install",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS113"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .deps
        .declared
        .iter()
        .filter(|d| {
            d.name == "pkg-resources" && d.text.replace(' ', "").ends_with("==0.0.0")
        })
        .map(|dep| {
            CHECK
                .finding(
                    cx,
                    dependency_location(cx, dep),
                    format!("`{}` is not a package on PyPI: Debian and Ubuntu's patched pip writes it into `pip freeze`, and pip stops with \"No matching distribution found for pkg-resources\"", dep.text),
                )
                .with_label("not installable")
                .with_help("delete this line (pkg_resources comes with setuptools)")
                .with_subject(dep.name.clone())
        })
        .collect()
}
