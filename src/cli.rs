//! Layer `cli`: the command line; wires the layers together for each subcommand.
//!
//! Command-line interface. `main.rs` only calls [`main`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build::ModelOptions;
use crate::checks::{self, REGISTRY};
use crate::config;
use crate::discover::Inventory;
use crate::finding::{Finding, Severity};
use crate::model::Project;
use crate::report;

#[derive(Debug, Parser)]
#[command(
    name = "paaslint",
    version = concat!(env!("CARGO_PKG_VERSION"), " (wheel index ", include_str!("wheel_index/SNAPSHOT"), ")"),
    about = "Tell whether a Python web repository will build and serve on Heroku, Render, Railway, Fly.io, Google, DigitalOcean, Azure, OpenShift and Dokku, and what to change when it will not."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint a repository (the current folder by default).
    Lint(LintArgs),
    /// List every check: code, name, default severity, summary.
    Checks {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Show what each platform reads, infers and rejects, and each check's severity there.
    Platforms {
        /// One platform; all of them when omitted.
        #[arg(value_enum)]
        name: Option<crate::platform::Platform>,
        #[arg(long, value_enum, default_value_t = PlatformsFormat::Human)]
        format: PlatformsFormat,
    },
    /// Show the documentation of one check.
    Explain {
        /// A code such as PAAS101, or a check name.
        code: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// The repository folder to lint.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, env = "PAASLINT_FORMAT")]
    pub format: Format,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's `fail-on`].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Treat this folder (relative to PATH) as an app root; repeatable. Skips app detection.
    #[arg(long = "app-root", value_name = "DIR")]
    pub app_roots: Vec<String>,
    /// Lint for these platforms only (repeatable); default: every platform.
    #[arg(long = "platform", value_enum, value_name = "NAME")]
    pub platforms: Vec<crate::platform::Platform>,
    /// When to use colour and Unicode frames in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Require an exact `==` pin (or a lock entry) for every runtime dependency, not only frameworks and servers.
    #[arg(long)]
    pub strict_pins: bool,
    /// Ask the package index (PIP_INDEX_URL, UV_INDEX_URL, else PyPI) about pinned packages the bundled wheel index lacks; answers are cached for a day.
    #[arg(long)]
    pub online: bool,
    /// Read the configuration from FILE instead of searching for one.
    #[arg(long, value_name = "FILE", env = "PAASLINT_CONFIG")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file (wins over --config and PAASLINT_CONFIG).
    #[arg(long)]
    pub no_config: bool,
    /// Run only these checks (code prefixes, comma-separated, or ALL); replaces the config's selection.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these checks (code prefixes, comma-separated); added to the config's ignores.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Hide the findings recorded in this baseline file (from --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in FILE and exit 0, so that later runs with --baseline fail only on new ones.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics with the source snippet, the fix and a summary.
    Human,
    /// The versioned JSON envelope.
    Json,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
    /// The tables of checks/README.md.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl From<config::FailOnValue> for FailOn {
    fn from(value: config::FailOnValue) -> Self {
        match value {
            config::FailOnValue::Error => FailOn::Error,
            config::FailOnValue::Warning => FailOn::Warning,
            config::FailOnValue::Info => FailOn::Info,
            config::FailOnValue::Never => FailOn::Never,
        }
    }
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Exit codes, as ruff and actionlint use them.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

const WORKER_STACK_BYTES: usize = 1 << 30;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    // A large stack: parsed trees of hostile, deeply nested files are walked
    // and dropped recursively. Only the pages touched are committed.
    let worker = std::thread::Builder::new()
        .name("paaslint".into())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || match cli.command {
            Command::Lint(args) => lint(&args),
            Command::Checks { format } => list_checks(format),
            Command::Platforms { name, format } => list_platforms(name, format),
            Command::Explain { code } => explain(&code),
        });
    let result = match worker.map(|handle| handle.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_panic)) => Err("internal error (a bug in paaslint; please report it)".to_string()),
        Err(spawn) => Err(format!("cannot start: {spawn}")),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            // Messages can quote paths and text of the repository.
            let shown: Vec<_> = message
                .split('\n')
                .map(crate::escape::escape_text)
                .collect();
            eprintln!("error: {}", shown.join("\n"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Walks, models, checks and reports. Returns the exit code, or a message for exit 2.
pub fn lint(args: &LintArgs) -> Result<u8, String> {
    let loaded = if args.no_config {
        Ok(config::Loaded::default())
    } else if let Some(file) = &args.config {
        config::load_explicit(file)
    } else {
        config::discover(&args.path)
    };
    let loaded = loaded.map_err(|e| e.render())?;
    let resolved = config::resolve(
        loaded,
        &args.path,
        config::CliOverrides {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            app_roots: args.app_roots.clone(),
            strict_pins: args.strict_pins,
        },
    )?;
    let inventory = Inventory::walk(&args.path).map_err(|e| e.to_string())?;
    let options = ModelOptions {
        app_roots: resolved.app_roots.clone(),
        // Team rules may look into files no check reads: still the parse phase.
        also_read: crate::user_rules::files_read(&resolved.rules),
    };
    let project = match Project::build(inventory, &options) {
        Ok(project) => project,
        Err(e) => {
            // CI reads stdout as JSON even when the run fails: the envelope, with the refusal
            // as its one finding (the exit code stays 2).
            if matches!(e, crate::apps::AppRootError::NoPythonProject)
                && matches!(args.format, Format::Json)
            {
                write_stdout(&report::json::render_no_project(&e.to_string()))?;
            }
            return Err(format!("{}: {e}", args.path.display()));
        }
    };
    let settings = checks::Settings {
        strict_pins: resolved.strict_pins,
        online_index: if args.online {
            online_index(&project)
        } else {
            None
        },
    };
    let mut findings = checks::run_all(&project, &settings, &|c| resolved.selection.allows(c.code));
    findings.extend(
        crate::user_rules::run(&project, &resolved.rules)
            .into_iter()
            .filter(|f| resolved.selection.allows(f.code)),
    );
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let suppressed =
        crate::suppress::apply(&project, findings, &|code| resolved.selection.allows(code));
    let suppressed_count = suppressed.suppressed;
    let mut findings = suppressed.kept;
    findings.extend(suppressed.unused);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let findings = resolved.apply(findings);
    if let Some(file) = &args.write_baseline {
        crate::baseline::write(file, &findings)?;
        eprintln!(
            "Wrote {} finding(s) to the baseline {}.",
            findings.len(),
            file.display()
        );
    }
    let (findings, baselined) = match &args.baseline {
        Some(file) => crate::baseline::filter(findings, &crate::baseline::read(file)?),
        None => (findings, 0),
    };
    // `--platform` replaces the config's `platforms`.
    let chosen = if args.platforms.is_empty() {
        resolved.platforms.clone()
    } else {
        args.platforms.clone()
    };
    let platforms: Vec<crate::platform::Platform> = if chosen.is_empty() {
        crate::platform::Platform::ALL.to_vec()
    } else {
        chosen.clone()
    };
    // With --platform, only what matters on those platforms is shown and counted.
    let findings: Vec<_> = findings
        .into_iter()
        .filter(|f| chosen.is_empty() || f.platforms.iter().any(|p| platforms.contains(p)))
        .map(|mut f| {
            // Chosen platforms decide the severity; otherwise the check's own judgement stands.
            if !chosen.is_empty() {
                f.narrow_to(&platforms);
            }
            f
        })
        .collect();
    let verdicts = crate::verdict::verdicts(&findings, &platforms, &project.apps);
    let targets = crate::verdict::targets(&project);
    let fail_on = args
        .fail_on
        .or(resolved.fail_on.map(FailOn::from))
        .unwrap_or(FailOn::Error);
    let output = match args.format {
        Format::Json => crate::escape::json_controls(report::json::render(
            &project, &findings, &verdicts, &targets,
        )),
        Format::Human => report::human::render(
            &project,
            &findings,
            human_style(args.color),
            &verdicts,
            &targets,
        ),
        Format::Concise => {
            // stdout stays one line per finding (its contract); the verdict goes to the log.
            eprintln!("readiness: {}", crate::verdict::one_line(&verdicts));
            report::concise::render(&findings)
        }
        Format::Github => report::github::render(&findings, &verdicts),
        Format::Gitlab => crate::escape::json_controls(report::gitlab::render(&findings)),
        Format::Junit => report::junit::render(&findings, &verdicts),
        Format::Sarif => crate::escape::json_controls(report::sarif::render(&findings, &verdicts)),
    };
    write_stdout(&output)?;
    // Freeing 100,000 paths one by one takes milliseconds; the process is
    // about to exit and the OS reclaims the memory at once.
    std::mem::forget(project);
    // A log line, not output: stdout stays exactly the report.
    if suppressed_count > 0 || baselined > 0 {
        eprintln!(
            "Not shown: {suppressed_count} suppressed by `# paaslint: ignore` comments, {baselined} in the baseline."
        );
    }
    if args.write_baseline.is_some() {
        return Ok(EXIT_CLEAN);
    }
    Ok(exit_code(&findings, fail_on))
}

pub fn exit_code(findings: &[Finding], fail_on: FailOn) -> u8 {
    match fail_on.threshold() {
        Some(min) if findings.iter().any(|f| f.severity >= min) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

/// `--color`, then NO_COLOR, then FORCE_COLOR/CLICOLOR_FORCE, then whether stdout is a terminal.
fn human_style(choice: ColorChoice) -> report::human::Style {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let graphical = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR") {
                false
            } else if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    report::human::Style { graphical, width }
}

fn list_checks(format: ListFormat) -> Result<u8, String> {
    let output = match format {
        ListFormat::Json => {
            let list: Vec<_> = REGISTRY
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.code,
                        "name": c.name,
                        "severity": c.severity.as_str(),
                        "summary": c.summary,
                        "platforms": c.platforms.iter().map(|p| p.id()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())? + "\n"
        }
        ListFormat::Markdown => checks::reference_tables(),
        ListFormat::Human => {
            let mut out = String::new();
            for c in REGISTRY {
                out.push_str(&format!(
                    "{}  {:<28} {:<8} {}\n",
                    c.code,
                    c.name,
                    c.severity.as_str(),
                    c.summary
                ));
            }
            out
        }
    };
    write_stdout(&output)?;
    Ok(EXIT_CLEAN)
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlatformsFormat {
    Human,
    Json,
}

/// `--online`: the packages no bundled record covers, asked of the index.
/// Problems (offline, no curl) are said on stderr; the lint goes on without them.
fn online_index(
    project: &Project,
) -> Option<std::sync::Arc<crate::wheel_index::WheelIndex<'static>>> {
    let settings = checks::Settings::default();
    let mut names: Vec<String> = project
        .apps
        .iter()
        .enumerate()
        .flat_map(|(i, app)| {
            let files: Vec<&crate::source::SourceFile> = project
                .files
                .values()
                .filter(|f| project.app_position(&f.path) == Some(i))
                .collect();
            let cx = checks::Context {
                project,
                app,
                settings: &settings,
                files: &files,
            };
            checks::wheel_facts::uncovered_names(&cx)
        })
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return None;
    }
    let options = crate::wheel_index::online::OnlineOptions::from_env();
    let answer = crate::wheel_index::online::lookup(&names, &options);
    for problem in &answer.problems {
        eprintln!("paaslint: --online: {problem}; the packages the bundled wheel index lacks were not checked");
    }
    answer.index.map(std::sync::Arc::new)
}

fn list_platforms(
    name: Option<crate::platform::Platform>,
    format: PlatformsFormat,
) -> Result<u8, String> {
    let profiles: Vec<&crate::profile::Profile> = match name {
        Some(p) => vec![p.profile()],
        None => crate::profile::PROFILES.iter().collect(),
    };
    let output = match format {
        PlatformsFormat::Json => {
            let list: Vec<_> = profiles
                .iter()
                .map(|p| report::platforms::json(p))
                .collect();
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())? + "\n"
        }
        PlatformsFormat::Human => profiles
            .iter()
            .map(|p| report::platforms::human(p))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    write_stdout(&output)?;
    Ok(EXIT_CLEAN)
}

fn explain(code: &str) -> Result<u8, String> {
    match checks::find(code) {
        Some(check) => {
            write_stdout(check.doc)?;
            Ok(EXIT_CLEAN)
        }
        None => {
            let nearest = REGISTRY
                .iter()
                .flat_map(|c| [c.code, c.name])
                .min_by_key(|candidate| {
                    strsim::levenshtein(&candidate.to_ascii_lowercase(), &code.to_ascii_lowercase())
                })
                .unwrap_or("PAAS101");
            Err(format!(
                "unknown check `{code}`; did you mean `{nearest}`? `paaslint checks` lists them all"
            ))
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}
