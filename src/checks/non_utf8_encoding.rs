use super::{check_doc, Check, Context};
use crate::discover::file_name;
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;
use crate::source::Encoding;

pub static CHECK: Check = Check {
    code: "PAAS903",
    name: "non-utf8-encoding",
    severity: Severity::Warning,
    summary: "A manifest or Procfile saved as UTF-16, with a byte-order mark, or as invalid UTF-8",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS903"),
    run,
};

/// Files a builder reads with plain-text tools, where any non-UTF-8 byte breaks the build.
const STRICT: &[&str] = &["Procfile", ".python-version", "runtime.txt"];

fn run(cx: &Context) -> Vec<Finding> {
    cx.app_files()
        .filter(|f| f.encoding.is_problem() && f.encoding != Encoding::Binary)
        .map(|f| {
            let strict = STRICT.contains(&file_name(&f.path));
            let help = match f.encoding {
                Encoding::Utf16Le | Encoding::Utf16Be => "re-save it as UTF-8: `iconv -f UTF-16 -t UTF-8 FILE > FILE.new && mv FILE.new FILE`; in Windows PowerShell write it with `| Out-File -Encoding utf8`",
                Encoding::Utf8Bom => "re-save it as UTF-8 without a byte-order mark (most editors: \"UTF-8\" rather than \"UTF-8 with BOM\")",
                _ => "re-save it as UTF-8",
            };
            let mut finding = CHECK
                .finding(
                    cx,
                    Location::path_only(f.path.clone()),
                    format!("`{}` is {}, not plain UTF-8: builders that read it as text misread it", f.path, f.encoding.describe()),
                )
                .with_help(help.replace("FILE", file_name(&f.path)))
                .with_subject(f.path.clone())
                .with_data("encoding", f.encoding.describe());
            if strict {
                finding.severity = Severity::Error;
            }
            finding
        })
        .collect()
}
