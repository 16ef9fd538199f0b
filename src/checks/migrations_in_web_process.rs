use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS214",
    name: "migrations-in-web-process",
    severity: Severity::Warning,
    summary: "The web command runs database migrations before starting the server",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS214"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .commands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.process == "web")
        .filter_map(|(i, command)| {
            let span = cx.app.entry.commands.get(i)?.migration?;
            Some(
                command_finding(&CHECK, cx, command, span,
                        "the web process migrates the database on every start: with two or more instances the migrations race, and a database outage stops the app from booting",
                    )
                    .with_label("migration at boot")
                    .with_help("run migrations once per release: a Procfile `release:` process (Heroku), `preDeployCommand` (Render), `[deploy] release_command` (Fly.io), or a pre-deploy job")
                    .with_subject(command.process.clone()),
            )
        })
        .collect()
}
