//! `check-crm`: loads an HTTP CRM's description, runs one lookup against that CRM, and
//! prints every request sent (no secret: credentials travel in headers and parameters it does
//! not print) and how each row was read, so an admin can debug a description without reading
//! code. Run it as `cargo xtask check-crm <description.toml> --email a@b.example`.

use clap::Parser;
use sidecard_model::email::normalize_email;
use sidecard_model::phone::{Region, normalize_phone};
use sidecard_proxy::crm::http::Limits;
use sidecard_proxy::crm::rest::HttpCrm;
use sidecard_proxy::crm::rest::describe::Description;
use sidecard_proxy::crm::{Connector, LookupKeys, Plan};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// One lookup through a description, every step printed.
#[derive(Parser)]
struct Args {
    /// The description file.
    description: PathBuf,
    /// An email address to look up (repeatable).
    #[arg(long)]
    email: Vec<String>,
    /// A phone number to look up (repeatable).
    #[arg(long)]
    phone: Vec<String>,
    /// The region numbers without a country code are read in (two letters).
    #[arg(long, default_value = "US")]
    region: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match check(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("check-crm: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn check(args: Args) -> Result<(), String> {
    let description = Description::load(&args.description).map_err(|e| e.to_string())?;
    println!("{}: the description reads.", args.description.display());
    let region: Region = args
        .region
        .parse()
        .map_err(|_| format!("{:?} is not a region", args.region))?;
    let keys = LookupKeys {
        emails: args
            .email
            .iter()
            .map(|e| normalize_email(e).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
        phones: args
            .phone
            .iter()
            .map(|p| normalize_phone(p, region).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
    };
    if keys.emails.is_empty() && keys.phones.is_empty() {
        return Err("give an --email or a --phone to look up".into());
    }
    let limits = Limits {
        timeout: Duration::from_secs(20),
        max_retry_wait: Duration::from_secs(5),
        max_response_bytes: 8 << 20,
    };
    let crm = HttpCrm::new(description, limits)
        .map_err(|e| e.to_string())?
        .traced();
    let plan = Plan::defaults(&crm, region);
    let found = crm.find_customers(&keys, &plan).await;
    for line in crm.trace() {
        println!("{line}");
    }
    let found = found.map_err(|e| format!("the lookup failed: {e}"))?;
    println!("{} found ({} calls)", found.len(), crm.call_count());
    for customer in found {
        let person = &customer.person;
        println!(
            "- {} {:?} ({}), link {}",
            person.entity.as_str(),
            person.title,
            person.id,
            person.link.as_ref().map_or("none", |l| l.as_str())
        );
        for field in &person.fields {
            println!("    {}: {:?}", field.label, field.value);
        }
        if let Some(account) = &customer.account {
            println!("  account {:?} ({})", account.title, account.id);
        }
        for deal in &customer.open_deals {
            println!(
                "  deal {:?} ({}): {:?}, stage {:?}, closes {:?}",
                deal.record.title, deal.record.id, deal.amount, deal.stage, deal.close_date
            );
        }
    }
    Ok(())
}
