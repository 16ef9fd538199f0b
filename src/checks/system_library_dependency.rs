use std::str::FromStr;

use super::dependency_facts::dependency_location;
use super::{check_doc, Check, Context};
use crate::deps::Dependency;
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS117",
    name: "system-library-dependency",
    severity: Severity::Warning,
    summary: "A dependency needs a system library that the default builders do not install",
    platforms: &[
        Platform::Heroku,
        Platform::Digitalocean,
        Platform::Dokku,
        Platform::Azure,
    ],
    doc: check_doc!("PAAS117"),
    run,
};

struct NativeNeed {
    package: &'static str,
    library: &'static str,
    /// `Warning` where a builder's own source shows the failure, `Info` otherwise.
    severity: Severity,
    fix: &'static str,
    /// Debian packages (build headers and run-time library) that satisfy it;
    /// a platform whose images hold them all (platform-facts) is left out.
    debian: &'static [&'static str],
}

/// Catalogue A16. GDAL: heroku-buildpack-python `bin/warnings` ("Package
/// installation failed since the GDAL library was not found" → Geo
/// buildpack). pysqlite3 < 0.6: the classic buildpack's SQLite-headers
/// message. The others: Railway's builders (nixpacks, railpack) add these
/// system packages themselves because the builds need them (postgres dev
/// files, libmysqlclient, cairo, ffmpeg, poppler).
const NEEDS: &[NativeNeed] = &[
    NativeNeed {
        package: "gdal",
        library: "GDAL (with GEOS and PROJ)",
        severity: Severity::Warning,
        fix: "on Heroku, add the Geo buildpack (https://github.com/heroku/heroku-geo-buildpack) before the Python one; elsewhere install libgdal in the image",
        debian: &["libgdal-dev"],
    },
    NativeNeed {
        package: "pysqlite3",
        library: "the SQLite headers (for pysqlite3 before 0.6)",
        severity: Severity::Warning,
        fix: "use the standard library's sqlite3 module, or pysqlite3 0.6 or later / pysqlite3-binary",
        debian: &["libsqlite3-dev"],
    },
    NativeNeed {
        package: "psycopg2",
        library: "libpq and pg_config (psycopg2 builds from source)",
        severity: Severity::Info,
        fix: "use `psycopg2-binary` or `psycopg[binary]`, which ship the library in the wheel, or make sure the build image has libpq-dev",
        debian: &["libpq-dev", "libpq5"],
    },
    NativeNeed {
        package: "mysqlclient",
        library: "libmysqlclient and pkg-config",
        severity: Severity::Info,
        fix: "make sure the build image has libmysqlclient-dev (or use the pure-Python PyMySQL)",
        debian: &["libmysqlclient-dev", "pkgconf", "libmysqlclient21"],
    },
    NativeNeed {
        package: "pycairo",
        library: "cairo",
        severity: Severity::Info,
        fix: "make sure the image has libcairo2 (and libcairo2-dev to build pycairo)",
        debian: &["libcairo2-dev", "libcairo2"],
    },
    NativeNeed {
        package: "cairosvg",
        library: "cairo",
        severity: Severity::Info,
        fix: "make sure the image has libcairo2",
        debian: &["libcairo2"],
    },
    NativeNeed {
        package: "pydub",
        library: "ffmpeg (called at run time)",
        severity: Severity::Info,
        fix: "make sure the image has ffmpeg (on Heroku, an ffmpeg buildpack)",
        debian: &["ffmpeg"],
    },
    NativeNeed {
        package: "pdf2image",
        library: "poppler (`pdftoppm`, called at run time)",
        severity: Severity::Info,
        fix: "make sure the image has poppler-utils",
        debian: &["poppler-utils"],
    },
];

fn applies(need: &NativeNeed, dep: &Dependency) -> bool {
    if need.package != "pysqlite3" {
        return true;
    }
    // Only releases before 0.6 build against system SQLite headers; a range
    // that admits none of them is fine.
    let old = uv_pep440::Version::from_str("0.5.99").ok();
    match (&dep.specifiers, old) {
        (Some(specs), Some(old)) => specs.contains(&old),
        _ => dep
            .locked
            .as_ref()
            .and_then(|l| l.version.as_deref())
            .is_none_or(|v| v.starts_with("0.5") || v.starts_with("0.4")),
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for dep in cx.app.deps.runtime() {
        let Some(need) = NEEDS.iter().find(|n| n.package == dep.name) else {
            continue;
        };
        if !applies(need, dep) {
            continue;
        }
        // Platforms whose images already hold the library build and run it.
        let platforms: Vec<Platform> = CHECK
            .platforms
            .iter()
            .copied()
            .filter(|p| !p.facts().has_system_packages(need.debian))
            .collect();
        if platforms.is_empty() {
            continue;
        }
        let message = if need.severity == Severity::Warning {
            format!(
                "`{}` needs {} on the machine: Heroku's Python buildpack (also used by DigitalOcean and Dokku) does not provide it, so the build fails",
                dep.name, need.library
            )
        } else {
            format!(
                "`{}` needs {} on the machine: on {} check that the image has it, or the build or the first request that uses it fails (Railway's builders add it themselves)",
                dep.name,
                need.library,
                crate::platform::describe(&platforms)
            )
        };
        let mut finding = CHECK
            .finding(cx, dependency_location(cx, dep), message)
            .with_platforms(&platforms)
            .with_label("needs a system library")
            .with_help(need.fix)
            .with_subject(dep.name.clone())
            .with_data("library", need.library);
        finding.severity = need.severity;
        out.push(finding);
    }
    out
}
